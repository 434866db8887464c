"""What each model accepts and costs: limits, sizes, durations, prices."""

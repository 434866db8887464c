"""Process-wide concerns: the log file, garbage-collector policy, the API key."""

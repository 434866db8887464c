"""Background operations: network, file copies and decodes off the GUI thread, results back on it."""

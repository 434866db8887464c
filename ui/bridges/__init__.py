"""Core callbacks and the undo stack turned into Qt signals on the GUI thread."""

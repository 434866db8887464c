"""Open, save, autosave, recovery, import and export of projects."""

"""Project files on disk: load, save, migrate, autosave; data, cache and library folders."""

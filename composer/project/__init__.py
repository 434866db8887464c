"""The open project: the Document (edits, change notices, cached preview and lint), its files on disk (load, save,
migrate, autosave) and Slate's own folders."""

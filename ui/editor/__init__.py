"""The shot editor: form panels, the live preview, findings and the shot list."""

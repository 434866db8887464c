"""Slate's PySide6 user interface: thin views over composer/."""

"""Slate's pure-Python core: model, prompt assembly, lint, project files, render queue. No Qt, no VLC."""

__version__ = "0.1.0"

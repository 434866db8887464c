"""The render queue dock and the actions that submit, remix, cancel and attach takes."""

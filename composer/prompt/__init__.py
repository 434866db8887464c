"""Prompt assembly: a shot and its project become the exact request text (the one renderer)."""

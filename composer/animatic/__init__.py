"""Offline animatic renderer: a shot becomes a storyboard MP4 (picture, move, cards, scratch audio) and boards."""

# `slate export --to` names of the boards (composer.animatic.boards writes them); here so a parser can list them
# without importing the drawing code.
BOARDS_FORMATS = ("boards-pdf", "boards-png")
BOARDS_SUFFIX = {"boards-pdf": ".boards.pdf", "boards-png": ".boards.png"}

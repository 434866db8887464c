"""Sequences (issue 20): shots seen as one run — the continuity recap before a chained shot, the cut of hero
takes (play and export), and each shot's iteration log."""

"""Sequences (issue 20): the continuity recap before a chain, the cut player, the iteration log, and their menu."""

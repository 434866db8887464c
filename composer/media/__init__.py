"""Decoded frames of takes and their on-disk frame cache; one import direction: proxy <- decode <- cache."""

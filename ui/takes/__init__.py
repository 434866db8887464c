"""The take browser: lineage, ratings, hero, notes, the frame scrubber."""

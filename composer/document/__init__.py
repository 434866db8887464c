"""The open project: pydantic models, field paths, reversible edits, the Document and take lineage."""

"""The project's data model: pydantic models, field paths, reversible edits and take lineage."""

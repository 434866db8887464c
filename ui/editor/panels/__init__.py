"""Form panels: each binds widgets to field paths of the current shot and pushes undoable edits."""

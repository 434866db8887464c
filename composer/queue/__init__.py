"""Render queue: SQLite store, job state machine, worker, retry policy, backends."""

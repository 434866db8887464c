"""The iteration log: each take's prompt diff from the take before it, parameters, note and rating, as Markdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from composer.document.models import Take, TakeKind
from composer.sequence.log import shot_log, to_markdown
from tests.sequences.conftest import scene

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _project():  # type: ignore[no-untyped-def]
    project = scene()
    a = Take(id="take_a", prompt_sent="Mara walks in the rain. Neon hums.", created_at=T0, rating=2,
             notes="too fast", params={"model": "veo-3.1-fast", "size": "1280x720", "seconds": 4, "tier": "draft"})
    b = Take(id="take_b", prompt_sent="Mara walks slowly in the rain. Neon hums.", created_at=T0 + timedelta(minutes=5),
             rating=4, notes="pace is right", kind=TakeKind.REMIX, parent_take_id="take_a",
             params={"model": "veo-3.1-fast", "size": "1280x720", "seconds": 4, "tier": "draft"})
    c = Take(id="take_c", prompt_sent="Mara walks slowly in the rain. Neon hums.", created_at=T0 + timedelta(hours=1),
             rating=5, hero=True, parent_take_id="take_b",
             params={"model": "veo-3.1", "size": "1280x720", "seconds": 8})
    project.shots[0].takes = [c, a, b]  # stored out of order: the log is by time
    return project


def test_each_take_shows_what_its_prompt_changed_from_the_take_before_it() -> None:
    entries = shot_log(_project().shots[0])
    assert [e.take.id for e in entries] == ["take_a", "take_b", "take_c"]
    assert entries[0].previous is None and entries[0].diff == ()
    assert [run for run in entries[1].diff if run[0] != " "] == [("+", " slowly")]
    assert not entries[2].changed and entries[2].previous is not None and entries[2].previous.id == "take_b"
    assert [e.tier for e in entries] == ["draft", "draft", "final"]


def test_the_log_exports_as_readable_markdown() -> None:
    md = to_markdown(_project())
    assert md.startswith("# Iteration log — Rain walk\n")
    assert "## Street" in md and "## Door\n\nNo takes yet." in md
    assert "### take_b — 2026-12-01 10:05 (draft, remix)" in md
    assert "- Changed from take_a: Mara walks **slowly** in the rain. Neon hums." in md
    assert "- Rating: ★★★★☆" in md and "- Note: pace is right" in md
    assert "- Parameters: veo-3.1 · 1280x720 · 8 s" in md and "(final, create, hero)" in md
    assert "- Prompt unchanged from take_b" in md

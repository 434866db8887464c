"""The same chain with no key (the animatic opens on the reference), and draft -> promote with a split ledger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from composer.catalog.drafts import draft_render
from composer.cli.main import main
from composer.project import files as project_file
from composer.queue.jobs import JobState
from composer.queue.store import Store
from tests.sequences.conftest import decoded_frames, fill_crop, save_scene
from tests.standin.conftest import Start, stats


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def test_offline_chain_opens_each_shot_on_the_previous_takes_last_frame(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # no key: nothing but the animatic can render
    path = save_scene(tmp_path / "proj", model="ltx-2", size="768x512", seconds=4)
    assert main(["render", str(path), "--chain", "--wait"]) == 0
    jobs = Store(tmp_path / "data" / "queue.sqlite3").jobs()
    assert [j.backend for j in jobs] == ["animatic"] * 3 and [j.state for j in jobs] == [JobState.COMPLETED] * 3
    for parent, child in zip(jobs, jobs[1:], strict=False):
        last = fill_crop(decoded_frames(Path(str(parent.take_path)))[-1], (768, 512))
        frames = decoded_frames(Path(str(child.take_path)))
        sent = np.asarray(Image.open(str(child.hints["input_reference"])).convert("RGB"))
        assert _diff(sent, last) < 1.5  # the reference is the parent's last frame
        assert _diff(frames[0], last) < 4  # and the child opens on it (x264 at crf 23 keeps it within a few levels)
        assert _diff(frames[len(frames) // 2], last) > 3 * _diff(frames[0], last)  # then becomes its own picture


def test_first_shot_of_a_partial_chain_starts_on_the_chosen_take_before_it(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    path = save_scene(tmp_path / "proj", model="ltx-2", size="768x512", seconds=4)
    assert main(["render", str(path), "--shot", "shot_street", "--wait"]) == 0
    assert main(["render", str(path), "--chain", "--from", "2", "--to", "2", "--wait"]) == 0
    project = project_file.load(path)
    street = project.shots[0].takes[0]
    door_job = Store(tmp_path / "data" / "queue.sqlite3").get(str(project.shots[1].takes[0].job_id))
    assert door_job.after_frame == str(path.parent / str(street.video_path))
    assert project.shots[2].takes == []  # --to 2: the third shot was not rendered
    assert main(["render", str(path), "--chain", "--from", "3", "--to", "2"]) == 2  # not a run: usage error


def test_draft_then_promote_keeps_the_prompt_links_lineage_and_splits_the_ledger(
        start_standin: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = start_standin(speed=40.0)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-draft-test")
    path = save_scene(tmp_path / "proj", model="veo-3.1", size="1280x720", seconds=8)
    remote = ["--backend", "openai", "--base-url", s.base_url, "--yes", "--wait"]
    assert main(["render", str(path), "--draft", *remote]) == 0
    store = Store(tmp_path / "data" / "queue.sqlite3")
    drafts = store.jobs()
    d = draft_render("veo-3.1", "1280x720", 8)
    assert [(j.tier, j.model, j.size, j.seconds) for j in drafts] == [("draft", d.model, d.size, d.seconds)] * 3
    project = project_file.load(path)
    draft_take = project.shots[0].takes[0]
    assert draft_take.params["tier"] == "draft" and not draft_take.hero  # a draft is never the hero

    assert main(["promote", str(path), draft_take.id, *remote]) == 0
    final = store.jobs()[-1]
    assert (final.tier, final.model, final.size, final.seconds) == ("final", "veo-3.1", "1280x720", 8)
    assert final.prompt == drafts[0].prompt  # the same words, the final settings
    promoted = project_file.load(path).shots[0].takes[-1]
    assert promoted.parent_take_id == draft_take.id and promoted.hero and "tier" not in promoted.params
    assert [e["model"] for e in stats(s)["creates_log"]] == [d.model] * 3 + ["veo-3.1"]
    spend = store.spend_by_tier()
    assert spend["draft"] == {"estimated": round(3 * 4 * 0.10, 2), "actual": round(3 * 4 * 0.10, 2)}
    assert spend["final"] == {"estimated": 8 * 0.40, "actual": 8 * 0.40}
    assert main(["promote", str(path), promoted.id, "--yes"]) == 2  # a final is not a draft: a message, exit 2


def test_every_profile_names_a_draft_that_is_cheaper_or_offline() -> None:
    from composer.catalog import pricing
    from composer.catalog.loader import catalog

    for p in catalog().profiles:
        assert p.draft is not None and p.draft.reason, p.name
        final_size, final_s = p.sizes[0], max(p.durations)
        d = draft_render(p.name, final_size, final_s)
        if d.animatic:
            continue
        assert d.seconds <= final_s and (d.model, d.size, d.seconds) != (p.name, final_size, final_s) or \
            len(p.durations) == 1, p.name
        full, cheap = pricing.estimate_cost(p.name, final_size, final_s), pricing.estimate_cost(d.model, d.size,
                                                                                                d.seconds)
        if full is not None and cheap is not None and full > 0:
            assert cheap < full, p.name

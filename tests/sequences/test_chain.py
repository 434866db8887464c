"""A chain through the stand-in: shot 2 and 3 are sent with the previous take's exact last frame, fitted.

Proof from both ends of the wire: the stand-in reports the SHA-256 of each uploaded reference; the file the queue
sent has that digest; and its pixels are the previous take's last frame as this test decodes it itself (PyAV) and
fits it (Pillow fill-and-crop) — not the first frame, not a middle one. Real SDK, real HTTP on loopback.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from composer.cli.main import main
from composer.project import files as project_file
from composer.queue.jobs import JobState
from composer.queue.store import Job, Store
from tests.sequences.conftest import decoded_frames, fill_crop, save_scene
from tests.standin.conftest import Start, stats

KEY = "sk-" + "chain-test-0000"


def _diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def assert_chained(jobs: list[Job], log: list[dict[str, object]], size: tuple[int, int]) -> list[float]:
    """Every job after the first was sent with its parent take's last frame; returns the pixel differences."""
    assert [e["reference"] for e in log] == [False, True, True], log
    diffs = []
    for parent, child, sent in zip(jobs, jobs[1:], log[1:], strict=False):
        assert child.after_job == parent.id
        ref = Path(str(child.hints["input_reference"]))
        assert hashlib.sha256(ref.read_bytes()).hexdigest() == sent["reference_sha256"]  # this file was uploaded
        uploaded = np.asarray(Image.open(ref).convert("RGB"))
        assert uploaded.shape == (size[1], size[0], 3)  # fitted to the next shot's size (SL053)
        frames = decoded_frames(Path(str(parent.take_path)))
        last = fill_crop(frames[-1], size)
        diffs.append(_diff(uploaded, last))
        assert diffs[-1] < 1.5, diffs[-1]
        # and not some other frame of the take: the middle one is visibly different
        assert _diff(uploaded, fill_crop(frames[len(frames) // 2], size)) > 3 * diffs[-1] + 2
    return diffs


def test_chain_sends_each_shot_the_previous_takes_last_frame(start_standin: Start, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    s = start_standin(speed=40.0)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    path = save_scene(tmp_path / "proj")
    rc = main(["render", str(path), "--chain", "--backend", "openai", "--base-url", s.base_url, "--yes", "--wait"])
    assert rc == 0
    store = Store(tmp_path / "data" / "queue.sqlite3")
    jobs = store.jobs()
    assert [j.state for j in jobs] == [JobState.COMPLETED] * 3
    st = stats(s)
    assert st["creates"] == 3 and [e["prompt"] for e in st["creates_log"]] == [j.prompt for j in jobs]
    assert_chained(jobs, st["creates_log"], (1280, 720))
    project = project_file.load(path)
    assert all(len(shot.takes) == 1 for shot in project.shots)
    assert project.shots[1].takes[0].params["chained_from"] == jobs[0].take_path


def test_a_chained_shot_waits_and_is_never_sent_before_its_parent_frame(start_standin: Start, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    s = start_standin(speed=2.0)  # slow enough to look while shot 1 renders
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    path = save_scene(tmp_path / "proj")
    assert main(["render", str(path), "--chain", "--backend", "openai", "--base-url", s.base_url, "--yes"]) == 0
    store = Store(tmp_path / "data" / "queue.sqlite3")
    assert [j.state for j in store.jobs()] == [JobState.CONFIRMED, JobState.WAITING, JobState.WAITING]
    from composer.queue.service import RenderService

    svc = RenderService(store)
    try:
        for _ in range(40):  # shot 1 goes out and renders; the others stay waiting, unsent
            svc.worker.step()
            if store.jobs()[0].state is JobState.IN_PROGRESS:
                break
        assert [j.state for j in store.jobs()][1:] == [JobState.WAITING, JobState.WAITING]
        assert stats(s)["creates"] == 1
    finally:
        svc.worker.runner.release()  # stepped by hand: the queue's lock is given back as a stopped worker does


def test_a_failed_parent_fails_its_chain_unsent_and_free(start_standin: Start, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    s = start_standin(speed=40.0, faults="moderation:keyword=ramen shop sign")
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    path = save_scene(tmp_path / "proj")
    rc = main(["render", str(path), "--chain", "--backend", "openai", "--base-url", s.base_url, "--yes", "--wait"])
    assert rc == 1
    first, second, third = Store(tmp_path / "data" / "queue.sqlite3").jobs()
    assert first.state is JobState.MODERATION_BLOCKED
    assert second.state is third.state is JobState.FAILED and second.error_code == "parent_failed"
    assert "nothing charged" in (second.error_message or "")
    assert stats(s)["creates"] == 1


@pytest.mark.reliability
@pytest.mark.parametrize("point", ["chain_link:1", "after_post:2", "mid_download:2"])
def test_sigkill_mid_chain_then_resume_pays_once_and_keeps_the_chain(start_standin: Start, tmp_path: Path,
                                                                     point: str) -> None:
    s = start_standin(speed=40.0)
    data = tmp_path / "data"
    env = dict(os.environ, SLATE_DATA_DIR=str(data), OPENAI_API_KEY=KEY)
    path = save_scene(tmp_path / "proj")
    queued = subprocess.run([sys.executable, "-m", "composer", "render", str(path), "--chain", "--backend", "openai",
                             "--base-url", s.base_url, "--yes"], env=env, capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0, queued.stderr
    crash = [sys.executable, str(Path(__file__).parents[1] / "reliability" / "crash_at.py"), point,
             "queue", "resume", "--wait"]
    killed = subprocess.run(crash, env=env, capture_output=True, text=True, timeout=240)
    assert killed.returncode == -9, f"the probe did not fire at {point}: {killed.stderr[-800:]}"
    store = Store(data / "queue.sqlite3")
    assert any(j.state is not JobState.COMPLETED for j in store.jobs())
    creates_at_kill = stats(s)["creates"]

    again = subprocess.run([sys.executable, "-m", "composer", "queue", "resume", "--wait"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout[-500:] + again.stderr[-2000:]
    jobs = store.jobs()
    st = stats(s)
    assert [j.state for j in jobs] == [JobState.COMPLETED] * 3, [(j.state, j.error_message) for j in jobs]
    assert sorted(st["creates_by_prompt"].values()) == [1, 1, 1], st["creates_by_prompt"]  # 0 duplicate creates
    assert st["creates"] == 3 and st["creates"] - creates_at_kill == 3 - creates_at_kill
    assert_chained(jobs, st["creates_log"], (1280, 720))
    assert all(len(shot.takes) == 1 for shot in project_file.load(path).shots)
    assert store.integrity_ok()

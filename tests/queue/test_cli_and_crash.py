"""`slate render … --yes --wait`, `slate queue list --format json`, and SIGKILL mid-queue then resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av

from composer.project import files as project_file
from composer.queue.jobs import JobState
from composer.queue.store import Store
from tests.queue.conftest import tiny_job


def _slate(data_dir: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SLATE_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "composer", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_render_example_offline_leaves_playable_takes_in_the_project(tmp_path: Path) -> None:
    example = tmp_path / "robot.slate"
    shutil.copy(project_file.examples()[-1], example)  # robot workshop, 1280x720, 8 s
    r = _slate(tmp_path / "data", "render", str(example), "--yes", "--wait")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 take(s) added" in r.stdout
    project = project_file.load(example)
    take = project.shots[0].takes[0]
    assert take.hero and take.prompt_sent and take.video_path
    with av.open(str(tmp_path / take.video_path)) as c:
        s = c.streams.video[0]
        assert (s.width, s.height) == (1280, 720) and abs(float(c.duration / 1e6) - 8) < 0.5
    listed = json.loads(_slate(tmp_path / "data", "queue", "list", "--format", "json").stdout)
    assert {"id", "shot", "backend", "state", "remote_id", "take_path", "cost_estimated"} <= set(listed[0])
    assert listed[0]["state"] == "completed" and Path(listed[0]["take_path"]).exists()


def test_a_lint_error_blocks_a_paid_render_but_not_the_free_animatic(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 16 §12: the animatic is how a person sees the timing an error is about, so only paid renders stop."""
    p = project_file.load(project_file.examples()[0])
    p.shots[0].render.seconds = 10
    path = project_file.save(p, tmp_path / "bad.slate")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local")  # nothing listens on the port: the refusal comes before
    r = _slate(tmp_path / "data", "render", str(path), "--yes", "--backend", "openai",
               "--base-url", "http://127.0.0.1:9/v1")
    assert r.returncode == 2 and "SL052" in r.stderr and "block a paid render" in r.stderr, r.stderr
    r = _slate(tmp_path / "data", "render", str(path), "--yes")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "renders despite lint errors SL052" in r.stdout


def test_sigkill_mid_queue_then_resume_completes_every_job_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data / "queue.sqlite3")
    jobs = [tiny_job(store, prompt=f"Shot {i}: a kite rises.", size="320x180", seconds=2) for i in range(4)]
    env = dict(os.environ, SLATE_DATA_DIR=str(data))
    proc = subprocess.Popen([sys.executable, "-m", "composer", "queue", "resume", "--wait"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:  # kill once work is under way (some submitted, none finished)
        states = {store.get(j.id).state for j in jobs}
        if states & {JobState.IN_PROGRESS, JobState.QUEUED, JobState.DOWNLOADING, JobState.SUBMITTING}:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = {j.id: store.get(j.id).state for j in jobs}
    assert any(s is not JobState.COMPLETED for s in before.values()), before
    r = _slate(data, "queue", "resume", "--wait")
    assert r.returncode == 0, r.stdout + r.stderr
    finished = [store.get(j.id) for j in jobs]
    assert all(j.state is JobState.COMPLETED for j in finished), [(j.state, j.error_message) for j in finished]
    renders = [d for d in (data / "animatic").iterdir() if (d / "job.json").exists()]
    assert len(renders) == len(jobs), "every job rendered exactly once"
    assert len({j.take_path for j in finished}) == len(jobs)
    assert store.integrity_ok()

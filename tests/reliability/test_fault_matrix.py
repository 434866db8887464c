"""The fault matrix: one row per way the endpoint misbehaves, each driven through the real queue worker and the
real openai SDK against the stand-in on loopback. Each row checks the final state, creates per prompt, that the
take decodes, and the words a person sees. ``pytest -m reliability -s`` prints the matrix (docs/reliability.md)."""

from __future__ import annotations

import time
from pathlib import Path

import av
import pytest

from composer.queue import worker as worker_module
from composer.queue.backends.openai_videos import OpenAIVideosBackend
from composer.queue.jobs import TERMINAL, JobState
from composer.queue.store import Store
from composer.queue.worker import Worker
from tests.sdk_waits import scale_sdk_retry_waits
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.reliability
KEY = "sk-" + "matrix-DONOTLEAK-55aa"
DONE = JobState.COMPLETED

# fault spec → (final state, creates for the prompt, words the person sees in the job's message)
MATRIX: dict[str, tuple[JobState, int, str]] = {
    "429:first=4": (DONE, 1, ""),
    "429-bare:first=4": (DONE, 1, ""),
    "429@download:first=8": (DONE, 1, ""),  # found by the load run: a 429 on download escaped the worker
    "500@create:first=1": (JobState.UNKNOWN, 0, "check the provider's dashboard"),
    "502@poll:first=3": (DONE, 1, ""),
    "503@poll:first=3": (DONE, 1, ""),
    "500@download:first=2": (DONE, 1, ""),
    "503@download:first=2": (DONE, 1, ""),
    "reset@create:first=1": (JobState.UNKNOWN, 0, "check the provider's dashboard"),
    "lost@create:first=1": (DONE, 1, ""),
    "reset@poll:first=2": (DONE, 1, ""),
    "reset@download:first=2": (DONE, 1, ""),
    "timeout@create:first=1;seconds=2": (DONE, 1, ""),
    "timeout@poll:first=1;seconds=2": (DONE, 1, ""),
    "timeout@download:first=1;seconds=2": (DONE, 1, ""),
    "truncate@download:first=2": (DONE, 1, ""),
    "zero-byte@download:first=1": (DONE, 1, ""),
    "slow:first=6;seconds=0.3": (DONE, 1, ""),
    "moderation:keyword=matrix": (JobState.MODERATION_BLOCKED, 1, "blocked by moderation"),
    "fail:keyword=matrix;code=internal_error": (JobState.FAILED, 1, "render failed"),
}


def _drive(store: Store, worker: Worker, job_id: str, seconds: float = 60) -> None:
    """Step the worker like the app does (it keeps running), until the job settles or time is up."""
    end = time.time() + seconds
    worker.recover()
    while time.time() < end:
        worker.step()
        job = store.get(job_id)
        if job.state in TERMINAL or (job.state is JobState.UNKNOWN and job.attempts >= 12):
            return
        time.sleep(0.02)


@pytest.mark.parametrize("faults", list(MATRIX))
def test_fault_row(start_standin: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, faults: str) -> None:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("composer.queue.retry.backoff", lambda *a, **k: 0.05)
    monkeypatch.setattr(worker_module, "RECONCILE_RETRY_S", 0.3)
    s = start_standin(faults=faults)
    store = Store(tmp_path / "data" / "q.sqlite3")
    prompt = f"A fault matrix shot: lanterns sway ({faults})"
    job = store.add(backend="openai", prompt=prompt, model="sora-2", size="1280x720", seconds=4)
    backend = scale_sdk_retry_waits(OpenAIVideosBackend(base_url=s.base_url, api_key=KEY, timeout=1.0))
    worker = Worker(store, {"openai": backend})
    _drive(store, worker, job.id)
    done = store.get(job.id)
    state, creates, words = MATRIX[faults]
    made = stats(s)["creates_by_prompt"].get(prompt, 0)
    print(f"\nMATRIX | {faults} | {done.state.value} | creates {made} | {done.error_message or ''}")
    assert (done.state, made) == (state, creates), done.error_message
    assert words.lower() in (done.error_message or "").lower()
    assert KEY not in (done.error_message or "")
    if state is DONE:
        with av.open(str(done.take_path)) as c:
            assert abs(float(c.duration / 1e6) - 4) < 0.5


def test_standin_restart_mid_job_through_the_queue(start_standin: Start, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The server goes away while the job renders and comes back (same state dir, same port): one create, one take."""
    from composer.standin.app import StandinConfig
    from composer.standin.server import StandinThread

    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("composer.queue.retry.backoff", lambda *a, **k: 0.05)
    s = start_standin(speed=2.0)
    store = Store(tmp_path / "data" / "q.sqlite3")
    job = store.add(backend="openai", prompt="Restart mid-job: a door creaks open.", model="sora-2",
                    size="1280x720", seconds=4)
    worker = Worker(store, {"openai": OpenAIVideosBackend(base_url=s.base_url, api_key=KEY, timeout=1.0)})
    worker.recover()
    while not store.get(job.id).remote_id:
        worker.step()
        time.sleep(0.02)
    s.stop()
    for _ in range(5):  # polls fail while it is down: retried, never re-created
        worker.step()
        time.sleep(0.05)
    assert store.get(job.id).state is not JobState.FAILED
    again = StandinThread(StandinConfig(**{**s.config.__dict__, "speed": 30.0}), port=s.port).start()
    try:
        _drive(store, worker, job.id)
        done = store.get(job.id)
        assert done.state is DONE, done.error_message
        # Counted once, across the restart (the stand-in persists its counters): not "or nothing was counted".
        assert stats(again)["creates_by_prompt"] == {job.prompt: 1}, stats(again)
    finally:
        again.stop()

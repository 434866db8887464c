"""The worker's own edges: no job left 'submitting', no sent create turned 'unknown' by something else's failure, no
create started that the caller's wait would cut off (issue 19, points 1 and 2: the audit of composer/queue/worker.py).

Real worker, real SQLite, the real openai SDK against the stand-in on loopback.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from composer.errors import Unreachable
from composer.queue import deadlines
from composer.queue.backends.base import CreateRequest
from composer.queue.backends.openai_videos import OpenAIVideosBackend
from composer.queue.jobs import TERMINAL, JobState
from composer.queue.store import Job, Store
from composer.queue.worker import Worker
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.reliability
KEY = "sk-" + "paths-DONOTLEAK-11223"


def _worker(store: Store, base_url: str, **kw: object) -> Worker:
    return Worker(store, {"openai": OpenAIVideosBackend(base_url=base_url, api_key=KEY, timeout=10)}, **kw)  # type: ignore[arg-type]


def _settle(store: Store, worker: Worker, job_id: str, seconds: float = 60) -> Job:
    end = time.time() + seconds
    while time.time() < end and store.get(job_id).state not in TERMINAL:
        worker.step()
        time.sleep(0.02)
    return store.get(job_id)


def test_a_job_left_submitting_under_the_holder_is_moved_on_not_kept(start_standin: Start, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A send whose answer could not be written (the store failed) leaves the row 'submitting' while this runner holds
    the queue: before, it held a render slot and kept the queue held for as long as the window stayed open."""
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    s = start_standin(speed=20.0, idempotency=False)
    store = Store(tmp_path / "data" / "q.sqlite3")
    worker = _worker(store, s.base_url, concurrency=1)
    assert worker.runner.acquire()
    lost = store.add(backend="openai", prompt="Its answer was never written.", model="sora-2", size="1280x720",
                     seconds=4, base_url=s.base_url)
    known = store.add(backend="openai", prompt="Its id was written, then the store failed.", model="sora-2",
                      size="1280x720", seconds=4, base_url=s.base_url)
    store.claim(lost.id)  # the state a failed write leaves: claimed, no id
    store.claim(known.id)
    store.update(known.id, remote_id="video_gone")
    waiting = store.add(backend="openai", prompt="A kite rises.", model="sora-2", size="1280x720", seconds=4,
                        base_url=s.base_url)
    worker.step()
    assert store.get(lost.id).state is JobState.UNKNOWN, "never re-sent, never left submitting"
    assert "looking for it remotely" in (store.get(lost.id).error_message or "")
    assert store.get(known.id).state is not JobState.SUBMITTING, "polled by its id"
    assert _settle(store, worker, waiting.id).state is JobState.COMPLETED, "the slot was freed for the next job"
    assert stats(s)["create_requests"] == 1, "only the waiting job was sent"
    worker.runner.release()


def test_a_failing_listener_never_changes_what_happens_to_the_job(start_standin: Start, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The listener (the GUI's bridge) raising right after the claim turned a job about to be sent into 'unknown —
    the endpoint answered with something that is not a video'; nothing had been sent."""
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    s = start_standin(speed=20.0)
    store = Store(tmp_path / "data" / "q.sqlite3")

    def broken(_job: Job) -> None:
        raise RuntimeError("the window is gone")

    worker = _worker(store, s.base_url, listener=broken)
    job = store.add(backend="openai", prompt="A lamp flickers.", model="sora-2", size="1280x720", seconds=4,
                    base_url=s.base_url)
    done = _settle(store, worker, job.id)
    assert done.state is JobState.COMPLETED, (done.state, done.error_message)
    assert stats(s)["create_requests"] == 1
    worker.runner.release()


def test_an_unexpected_failure_after_the_id_is_stored_polls_the_job(tmp_path: Path) -> None:
    """A job whose remote id is stored is not 'unknown' (that would hide it from listing: its id is taken)."""
    store = Store(tmp_path / "q.sqlite3")
    job = store.add(backend="openai", prompt="p", model="sora-2", size="1280x720", seconds=4)
    store.claim(job.id)
    job = store.update(job.id, remote_id="video_1")
    Worker(store, {})._job_failed(job, RuntimeError("something odd"))
    assert store.get(job.id).state is JobState.QUEUED


def test_no_create_is_started_when_the_wait_has_no_time_left(start_standin: Start, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`render --wait --timeout N` ending: a create sent then would have its answer cut off and sit 'unknown' (maybe
    paid) until a person checked the dashboard. It waits, confirmed, for the next run."""
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    s = start_standin(speed=20.0)
    store = Store(tmp_path / "data" / "q.sqlite3")
    worker = _worker(store, s.base_url)
    job = store.add(backend="openai", prompt="A door opens.", model="sora-2", size="1280x720", seconds=4,
                    base_url=s.base_url)
    with deadlines.until(time.time() - 1):
        worker.step()
    left = store.get(job.id)
    assert left.state is JobState.CONFIRMED and left.attempts == 0 and left.error_message is None, left
    backend = OpenAIVideosBackend(base_url=s.base_url, api_key=KEY, timeout=10)
    with deadlines.until(time.time() - 1), pytest.raises(Unreachable, match="it was not sent"):
        backend.create(CreateRequest(prompt="p", model="sora-2", size="1280x720", seconds=4, idempotency_key="k"))
    assert stats(s)["create_requests"] == 0
    assert _settle(store, worker, job.id).state is JobState.COMPLETED
    worker.runner.release()

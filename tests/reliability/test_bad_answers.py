"""What an endpoint answers can be anything; the queue's answer to it is always a job state and a sentence.

Issue 19 points 2 and 6: a create answered ``200 {"hello":"world"}`` left its job queued with no id and every later
job (even an offline animatic) stuck behind an AssertionError; a key the endpoint echoed back was stored and printed.
Real worker, real SDK, a real HTTP server on loopback (tests/reliability/rogue.py) that answers what the test says.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

from composer.queue.backends.animatic import AnimaticBackend
from composer.queue.backends.openai_videos import OpenAIVideosBackend
from composer.queue.jobs import TERMINAL, JobState
from composer.queue.store import Store
from composer.queue.worker import Worker
from tests.reliability.rogue import Answer, Rogue

pytestmark = pytest.mark.reliability
KEY = "sk-" + "echo-DONOTLEAK-24680"


def _settle(store: Store, worker: Worker, ids: list[str], seconds: float = 90) -> None:
    end = time.time() + seconds
    while time.time() < end:
        worker.step()
        jobs = [store.get(i) for i in ids]
        if all(j.state in TERMINAL or (j.state is JobState.UNKNOWN and j.attempts > 0) for j in jobs):
            return
        time.sleep(0.02)


def test_a_malformed_create_answer_fails_that_job_visibly_and_the_queue_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    answers = {"POST": b'{"hello":"world"}', "GET": b"<html><body>Bad gateway</body></html>"}
    with Rogue(lambda method, _path, _body: Answer(body=answers.get(method, b""))) as rogue:
        store = Store(tmp_path / "data" / "q.sqlite3")
        remote = OpenAIVideosBackend(base_url=rogue.base_url, api_key=KEY, timeout=2.0)
        worker = Worker(store, {"openai": remote, "animatic": AnimaticBackend(tmp_path / "anim")}, concurrency=1)
        bad = store.add(backend="openai", prompt="A malformed answer.", model="sora-2", size="1280x720", seconds=4,
                        base_url=rogue.base_url)
        good = store.add(backend="animatic", prompt="A lamp flickers.", model="sora-2", size="320x240", seconds=1)
        with caplog.at_level(logging.ERROR, logger="slate.queue"):
            _settle(store, worker, [bad.id, good.id])
        creates = sum(1 for m, _p in rogue.requests if m == "POST")
    b, g = store.get(bad.id), store.get(good.id)
    assert b.state is JobState.UNKNOWN and b.remote_id is None
    assert b.error_code == "bad_answer" and "check the endpoint before retrying" in (b.error_message or "")
    assert "may have been made, and paid" in (b.error_message or "")
    assert creates == 1, "never re-sent: it may have been paid"
    assert g.state is JobState.COMPLETED, g.error_message  # the queue went on
    assert "queue step failed" not in caplog.text


def test_a_reflected_key_is_stored_and_shown_nowhere(tmp_path: Path) -> None:
    """The endpoint's failure message quotes the key; queue.sqlite3, `queue list` and `render` output never do."""
    data = tmp_path / "data"

    def reflect(method: str, path: str, _body: bytes) -> Answer:
        video = {"id": "video_echo", "object": "video", "status": "queued", "progress": 0, "model": "sora-2",
                 "prompt": "Echo.", "seconds": "4", "size": "1280x720", "created_at": int(time.time())}
        if method == "GET" and path.startswith("/v1/videos/video_echo"):
            video.update(status="failed", error={"code": "bad_key", "message": f"Key {KEY} is not allowed here."})
        return Answer(body=json.dumps(video).encode())

    with Rogue(reflect) as rogue:
        store = Store(data / "queue.sqlite3")
        store.add(backend="openai", prompt="Echo.", model="sora-2", size="1280x720", seconds=4,
                  base_url=rogue.base_url)
        env = {"SLATE_DATA_DIR": str(data), "OPENAI_API_KEY": KEY, "PATH": "/usr/bin:/bin"}
        ran = subprocess.run([sys.executable, "-m", "composer", "queue", "resume", "--wait", "--timeout", "60"],
                             env=env, capture_output=True, text=True, timeout=120)
        listed = subprocess.run([sys.executable, "-m", "composer", "queue", "list"], env=env, capture_output=True,
                                text=True, timeout=60)
    job = store.jobs()[0]
    assert job.state is JobState.FAILED and "is not allowed here" in (job.error_message or "")
    assert KEY not in (job.error_message or "")
    for out in (ran.stdout, ran.stderr, listed.stdout, listed.stderr):
        assert KEY not in out
    assert "is not allowed here" in listed.stdout
    for f in data.rglob("*"):
        if f.is_file():
            assert KEY.encode() not in f.read_bytes(), f


CREATE_ANSWERS = {
    "HTML": (200, b"<html><body><h1>Welcome to nginx!</h1></body></html>", "text/html"),
    "garbage": (200, bytes(range(256)) * 4, "application/octet-stream"),
    "a wrong schema": (200, b'{"id": 42, "status": ["queued"], "progress": "half"}', "application/json"),
    "a list": (200, b'[{"id": "video_1", "object": "video", "status": "queued"}]', "application/json"),
    "an empty body": (200, b"", "application/json"),
    "JSON cut short": (200, b'{"id": "video_1", "object": "vid', "application/json"),
    "an error page with 200": (200, b'{"error": {"message": "upstream timed out", "code": 504}}', "application/json"),
}


@pytest.mark.parametrize("case", list(CREATE_ANSWERS))
def test_each_unreadable_create_answer_is_unknown_with_a_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  case: str) -> None:
    """Point 10: a server answering HTML, garbage, a wrong schema or a list ended in a traceback. Through the CLI, as a
    person runs it: exit 1 (the render did not finish), the job unknown with the endpoint named, one POST."""
    status, body, ctype = CREATE_ANSWERS[case]
    data = tmp_path / "data"
    with Rogue(lambda method, _p, _b: Answer(status=status, body=body, content_type=ctype) if method == "POST"
               else Answer(body=b'{"object": "list", "data": [], "has_more": false}')) as rogue:
        store = Store(data / "queue.sqlite3")
        job = store.add(backend="openai", prompt="An odd answer.", model="sora-2", size="1280x720", seconds=4,
                        base_url=rogue.base_url)
        r = subprocess.run([sys.executable, "-m", "composer", "queue", "resume", "--wait", "--timeout", "30"],
                           env={"SLATE_DATA_DIR": str(data), "OPENAI_API_KEY": KEY, "PATH": "/usr/bin:/bin"},
                           capture_output=True, text=True, timeout=120)
        posts = sum(1 for m, _p in rogue.requests if m == "POST")
    assert "Traceback" not in r.stderr and r.returncode in (0, 1), r.stderr[-1500:]
    done = store.get(job.id)
    assert done.state is JobState.UNKNOWN and done.error_code == "bad_answer", (done.state, done.error_message)
    assert "check the endpoint before retrying" in r.stdout, r.stdout[-800:]
    assert posts == 1, "never re-sent: it may have been paid"

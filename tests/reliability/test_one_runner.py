"""One runner owns the queue: racing `slate` processes on one data dir never send a create twice (issue 19, point 1).

The stand-in runs with ``idempotency=False``: it makes (and would bill) a job for every create POST, like an endpoint
that ignores Idempotency-Key. So only Slate can keep the count of create POSTs equal to the count of jobs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from composer.project import files as project_file
from composer.queue.jobs import JobState
from composer.queue.runner import RunnerLock
from composer.queue.store import Store
from composer.queue.worker import Worker
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.reliability
KEY = "sk-" + "race-DONOTLEAK-13579"
JOBS = 10
RUNNERS = 3  # `slate queue resume --wait` processes, plus one `slate render --wait` that adds its own job and one
# runner as the desktop app runs it (tests/reliability/gui_runner.py: RenderService + worker.start(), its queue thread)
ROOT = Path(__file__).resolve().parents[2]
FIGURES: dict[str, int] = {}  # printed for docs/reliability.md (pytest -s)


def test_racing_runners_send_one_create_per_job(start_standin: Start, tmp_path: Path) -> None:
    s = start_standin(speed=20.0, idempotency=False)
    data = tmp_path / "data"
    store = Store(data / "queue.sqlite3")
    for i in range(JOBS):
        store.add(backend="openai", prompt=f"Race shot {i}: a kite climbs over the dunes.", model="sora-2",
                  size="1280x720", seconds=4, base_url=s.base_url)
    project = project_file.load(project_file.examples()[0])
    project.shots = project.shots[:1]
    project.shots[0].render.seconds = 4
    path = project_file.save(project, tmp_path / "race.slate")
    env = dict(os.environ, SLATE_DATA_DIR=str(data), OPENAI_API_KEY=KEY)
    cmds = [[sys.executable, "-m", "composer", "queue", "resume", "--wait", "--timeout", "240"]] * RUNNERS
    cmds.append([sys.executable, "-m", "composer", "render", str(path), "--backend", "openai", "--base-url",
                 s.base_url, "--yes", "--wait", "--timeout", "240"])
    cmds.append([sys.executable, "-m", "tests.reliability.gui_runner", str(JOBS + 1), "240"])
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
             for c in cmds]
    results = [p.communicate(timeout=300) for p in procs]
    jobs = store.jobs()
    st = stats(s)
    FIGURES.update(runners=len(procs), jobs=len(jobs), create_posts=st["create_requests"])
    print(f"\nRACE | {len(procs)} processes | {len(jobs)} jobs | {st['create_requests']} create POSTs")
    for p, (out, err) in zip(procs, results, strict=True):
        assert "Traceback" not in err and "IllegalTransition" not in err, err[-2000:]
        assert p.returncode == 0, out[-500:] + err[-1500:]
    assert len(jobs) == JOBS + 1
    waited = [err for _out, err in results if "the queue is being run by Slate (pid" in err]
    assert waited, "a runner that found the queue held says who holds it"
    assert st["create_requests"] == len(jobs), st["creates_by_prompt"]  # one paid POST per job, not one per runner
    assert all(j.state is JobState.COMPLETED for j in jobs), [(j.id, j.state, j.error_message) for j in jobs]
    assert len(project_file.load(path).shots[0].takes) == 1, "the render's take landed in its project once"


def test_a_second_runner_waits_and_says_who_holds_the_queue(tmp_path: Path) -> None:
    """A worker in another process holds the lock: this one advances nothing, names the holder, then takes over."""
    db = tmp_path / "q.sqlite3"
    store = Store(db)
    job = store.add(backend="animatic", prompt="A lamp flickers.", model="sora-2", size="320x240", seconds=1)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom composer.queue.runner import RunnerLock\n"
         "lock = RunnerLock(sys.argv[1])\nassert lock.acquire()\nprint('held', flush=True)\ntime.sleep(60)\n", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        worker = Worker(store, {})
        assert worker.step() is True, "work is left"
        assert store.get(job.id).state is JobState.CONFIRMED, "nothing sent while another process runs the queue"
        assert worker.waiting_for is not None and worker.waiting_for.pid == holder.pid
        assert f"pid {holder.pid}" in worker.waiting_for.describe()
    finally:
        holder.kill()  # SIGKILL: the kernel drops the lock, no stale claim to judge
        holder.wait()
    lock = RunnerLock(str(db))
    end = time.time() + 10
    while not lock.acquire() and time.time() < end:
        time.sleep(0.05)
    assert lock.held, "a dead holder's lock is free at once"
    print("\nKILL | queue holder | SIGKILL while holding the queue | the lock is free at once")  # figures
    lock.release()


def test_only_one_of_two_stores_claims_a_confirmed_job(tmp_path: Path) -> None:
    """The second line of defence: the claim is a compare-and-set in SQLite, whoever asks."""
    a, b = Store(tmp_path / "q.sqlite3"), Store(tmp_path / "q.sqlite3")
    job = a.add(backend="openai", prompt="p", model="sora-2", size="1280x720", seconds=4)
    assert a.claim(job.id) is not None
    assert b.claim(job.id) is None, "a job already submitting is not claimed again"
    with pytest.raises(Exception, match="cannot go from submitting to submitting"):
        b.update(job.id, state=JobState.SUBMITTING)  # the named cause: a same-state move is checked too

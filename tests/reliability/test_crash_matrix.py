"""SIGKILL the queue process at each precise point of a job's life with 20 jobs in flight, then restart.

The kill comes from the queue itself — a Worker probe that ``crash_at.py`` installs in the child process, so none of
it ships in composer/ — so it lands exactly between two steps: after the row says SUBMITTING but before the POST;
after the server made the job but before its id is stored; while polling; with the take downloaded but not verified;
with the take renamed into place but the job not marked completed. After a restart without the probe: no prompt
was created twice, every job the server made has its take exactly once, the job that never reached the server
waits for a person (not re-sent), and the database passes integrity_check.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import pytest

from composer.queue.jobs import JobState
from composer.queue.store import Store
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.reliability
KEY = "sk-" + "crash-DONOTLEAK-0987654321"
JOBS = 20


@pytest.mark.parametrize("point", ["before_post:5", "after_post:5", "polling:12", "mid_download:4",
                                   "mid_rename:4"])
def test_sigkill_at_each_queue_state_loses_nothing_and_pays_once(start_standin: Start, tmp_path: Path,
                                                                  point: str) -> None:
    s = start_standin(speed=40.0)
    data = tmp_path / "data"
    store = Store(data / "queue.sqlite3")
    jobs = [store.add(backend="openai", prompt=f"Crash matrix shot {i}: a lantern sways.", model="sora-2",
                      size="1280x720", seconds=4, hints={"base_url": s.base_url}) for i in range(JOBS)]
    env = dict(os.environ, SLATE_DATA_DIR=str(data), OPENAI_API_KEY=KEY)
    cmd = [sys.executable, "-m", "composer", "queue", "resume", "--wait"]
    crashing = [sys.executable, str(Path(__file__).with_name("crash_at.py")), point, *cmd[3:]]
    killed = subprocess.run(crashing, env=env, capture_output=True, text=True, timeout=240)
    assert killed.returncode == -9, f"the hook did not fire at {point}: {killed.stdout[-300:]} {killed.stderr[-800:]}"
    at_kill = {j.id: store.get(j.id).state for j in jobs}
    assert any(st is not JobState.COMPLETED for st in at_kill.values())

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout[-500:] + again.stderr[-2000:]
    final = [store.get(j.id) for j in jobs]
    st = stats(s)
    assert all(n == 1 for n in st["creates_by_prompt"].values()), st["creates_by_prompt"]  # nothing paid twice
    made = set(st["creates_by_prompt"])
    for job in final:
        if job.prompt in made:  # the server made it: its take is here, once, and plays
            assert job.state is JobState.COMPLETED, (point, job.state, job.error_message)
            with av.open(str(job.take_path)) as c:
                assert abs(float(c.duration / 1e6) - 4) < 0.5
            assert sorted(p.name for p in Path(str(job.take_path)).parent.glob("*.mp4")) == ["take.mp4"]
        else:  # killed before its POST: never sent, never re-sent behind the user's back
            assert point.startswith("before_post"), (point, job.state)
            assert job.state is JobState.UNKNOWN and "check the provider's dashboard" in (job.error_message or "")
    assert len({j.take_path for j in final if j.take_path}) == len(made)
    assert not list(data.rglob("*.part")), "no half-written files left behind"
    assert store.integrity_ok()
    dupes = sum(n - 1 for n in st["creates_by_prompt"].values())
    print(f"\nKILL | queue | {point} | {dupes} duplicate creates | takes decode | integrity ok")  # figures

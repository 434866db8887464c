"""A queue runner as the desktop app runs it, without a window: ``python -m tests.reliability.gui_runner JOBS SECONDS``.

ui/app.py builds one ``RenderService()`` and calls ``service.worker.start()`` (the queue thread) once the window is up;
this does exactly that, then waits until JOBS jobs exist and all are finished (or SECONDS pass) and stops the thread
as the window's close does. It races CLI runners in test_one_runner (issue 19 point 1: "the GUI and the CLI").
Prints how the queue ended; exit 0 when every job finished, 1 otherwise.
"""

from __future__ import annotations

import sys
import time

from composer.queue.jobs import TERMINAL
from composer.queue.service import RenderService


def main(argv: list[str]) -> int:
    want, seconds = int(argv[0]), float(argv[1])
    service = RenderService()
    service.worker.start()
    end = time.time() + seconds
    try:
        while time.time() < end:
            jobs = service.store.jobs()
            if len(jobs) >= want and all(j.state in TERMINAL for j in jobs):
                print(f"gui runner: {len(jobs)} jobs finished", flush=True)
                return 0
            time.sleep(0.1)
        print("gui runner: timed out", flush=True)
        return 1
    finally:
        service.worker.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

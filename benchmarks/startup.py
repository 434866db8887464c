"""Start-up cost: `slate --screenshot` on an example vs. a bare PySide6 window shown and closed, same run.

Prints {"startup_s", "bare_window_s", "ratio"}. Goal: ratio <= 4.
Usage: python -m benchmarks.startup --json [--runs 3] [--update-docs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._docs import bench_main
from composer.project import files as project_file

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1500, 920); w.show()
QTimer.singleShot(400, lambda: (w.grab().save(sys.argv[1]), app.quit()))
app.exec()
"""


def _time(cmd: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - t0


def run(runs: int = 3) -> dict[str, float]:
    example = str(project_file.examples()[0])
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "s.png"
        slate = [_time([sys.executable, "-m", "composer", "--screenshot", str(out), example]) for _ in range(runs)]
        bare = [_time([sys.executable, "-c", BARE, str(out)]) for _ in range(runs)]
    s, b = statistics.median(slate), statistics.median(bare)
    return {"startup_s": round(s, 3), "bare_window_s": round(b, 3), "ratio": round(s / b, 2), "runs": runs}


def main() -> None:
    bench_main("startup", __doc__, run,
               "Median wall time of `slate --screenshot` on an example project vs. a bare PySide6 main window "
               "shown, grabbed after the same 400 ms settle delay and closed (offscreen). Goal: ratio <= 4.",
               size=("--runs", 3))


if __name__ == "__main__":
    main()

"""`slate --screenshot PATH [PROJECT]` through the real console entry point, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from composer.project import files as project_file


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "composer", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_screenshot_writes_a_png_of_the_window_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "main.png"
    r = _run("--screenshot", str(out), str(project_file.examples()[0]))
    assert r.returncode == 0, r.stderr
    with Image.open(out) as img:
        assert img.width >= 800 and img.height >= 500
        assert len(img.convert("L").getcolors(256) or []) > 20, "a real UI, not a blank image"


def test_screenshot_of_a_broken_project_exits_2_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.slate"
    bad.write_text("[]")
    r = _run("--screenshot", str(tmp_path / "x.png"), str(bad))
    assert r.returncode == 2 and "expected a JSON object" in r.stderr

"""The core/UI boundary (design §1): checked by import-linter and by importing the core in a clean process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_import_linter_contracts_hold() -> None:
    r = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_core_imports_neither_qt_nor_vlc_nor_openai_at_import_time() -> None:
    """`import openai` costs ~0.4 s: it must load only when a job goes to an OpenAI endpoint."""
    code = (
        "import sys, pkgutil, importlib, composer\n"
        # openai_videos and its HTTP transport are the SDK's side: imported only when a backend is built.
        "skip = ('composer.standin', 'composer.queue.backends.openai_videos', 'composer.queue.backends.transport',\n"
        "        'composer.__main__')\n"
        "for m in pkgutil.walk_packages(composer.__path__, 'composer.'):\n"
        "    if not m.name.startswith(skip):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [n for n in ('PySide6', 'shiboken6', 'vlc', 'openai', 'ui') if n in sys.modules]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

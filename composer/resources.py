"""Locate files under ``resources/``: data, never code (vocabularies, model profiles, examples)."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def root() -> Path:
    """The resources folder: $SLATE_RESOURCES, a PyInstaller bundle, or the source tree."""
    env = os.environ.get("SLATE_RESOURCES")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def path(*parts: str) -> Path:
    return root().joinpath(*parts)


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Read ``resources/vocab/<name>.txt``: one entry per line, ``#`` comments, blank lines ignored."""
    text = path("vocab", f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)

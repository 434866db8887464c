"""Helpers for rule tests: run one rule on a case (free text, or a JSON project with one shot)."""

from __future__ import annotations

import re
from pathlib import Path

from composer.catalog.capabilities import Mode
from composer.lint.engine import lint_shot, lint_text
from composer.lint.rule import Finding
from composer.project.files import parse

CASES = Path(__file__).parent / "cases"
_DIRECTIVE = re.compile(r"^#!\s*(.*)$")
_SECONDS_NOTE = re.compile(r"\((\d+) s\)\s*$")


def run_case(code: str, block: str, media_root: Path | None = None) -> list[Finding]:
    """Lint ``block`` with rule ``code`` alone. ``#! seconds=4 model=... size=... mode=docs`` sets params."""
    opts: dict[str, str] = {}
    lines = block.split("\n")
    if lines and (m := _DIRECTIVE.match(lines[0])):
        opts = dict(kv.split("=", 1) for kv in m.group(1).split())
        block = "\n".join(lines[1:])
    mode = Mode(opts["mode"]) if "mode" in opts else None
    if block.lstrip().startswith("{"):
        project = parse(block, f"{code} case")
        shot = project.shots[0]
        if "seconds" in opts:
            shot.render.seconds = int(opts["seconds"])
        return lint_shot(shot, project, select=[code], mode=mode, media_root=media_root)
    seconds = int(opts.get("seconds", 8))
    if (m := _SECONDS_NOTE.search(block)) and "seconds" not in opts:
        seconds = int(m.group(1))
    return lint_text(block, select=[code], seconds=seconds, model=opts.get("model", "sora-2"),
                     size=opts.get("size", "1280x720"), mode=mode)

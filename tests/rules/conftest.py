"""Helpers for rule tests: run one rule on a case (free text, or a JSON project with one shot)."""

from __future__ import annotations

import re
from pathlib import Path

from composer.catalog.capabilities import Mode
from composer.lint.engine import lint_shot, lint_text
from composer.lint.rule import Finding
from composer.project.files import parse
from composer.prompt.assembly import assemble

CASES = Path(__file__).parent / "cases"
_DIRECTIVE = re.compile(r"^#!\s*(.*)$")
_SECONDS_NOTE = re.compile(r"\((\d+) s\)\s*$")


def run_case(code: str, block: str, media_root: Path | None = None) -> list[Finding]:
    return linted(code, block, media_root)[1]


def linted(code: str, block: str, media_root: Path | None = None) -> tuple[str, list[Finding]]:
    """The linted text and the findings of rule ``code`` alone on ``block``. ``#! seconds=4 model=... size=... mode=docs reference=1`` sets
    params (``reference=1``: an image goes with the prompt)."""
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
        if "model" in opts:
            shot.render.model = opts["model"]
        text = assemble(shot, project).text
        return text, lint_shot(shot, project, select=[code], mode=mode, media_root=media_root)
    seconds = int(opts.get("seconds", 8))
    if (m := _SECONDS_NOTE.search(block)) and "seconds" not in opts:
        seconds = int(m.group(1))
    return block, lint_text(block, select=[code], seconds=seconds, model=opts.get("model", "sora-2"),
                            size=opts.get("size", "1280x720"), mode=mode, reference=opts.get("reference") == "1")

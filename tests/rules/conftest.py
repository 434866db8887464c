"""Helpers for rule tests: run one rule on a case (free text, or a JSON project with one shot)."""

from __future__ import annotations

import re
from pathlib import Path

from composer.catalog.profiles import Mode
from composer.lint.engine import get_rule, lint_shot, lint_text
from composer.lint.rule import Finding
from composer.project.files import parse
from composer.prompt.assembly import assemble

CASES = Path(__file__).parent / "cases"
_DIRECTIVE = re.compile(r"^#!\s*(.*)$")
# A model of each guide family, for a rule that does not serve Sora (the default) when a case names none.
MODEL_OF = {"sora": "sora-2", "veo": "veo-3.1-generate-preview", "runway": "gen4_turbo", "seedance": "seedance-2.0",
            "kling": "kling-v2-6", "wan": "wan2.2-t2v", "ltx": "ltx-2", "luma": "ray-2", "minimax": "MiniMax-Hailuo-02"}


def default_model(code: str) -> str:
    rule = get_rule(code)
    return "sora-2" if rule.serves("sora") else MODEL_OF[rule.families[0]]
_SECONDS_NOTE = re.compile(r"\((\d+) s\)\s*$")


def run_case(code: str, block: str, media_root: Path | None = None) -> list[Finding]:
    return linted(code, block, media_root)[1]


def linted(code: str, block: str, media_root: Path | None = None) -> tuple[str, list[Finding]]:
    """The linted text and the findings of rule ``code`` alone on ``block``.

    A first line ``#! seconds=4 model=... size=... mode=docs reference=1 as=text`` sets params: ``reference=1``
    sends an image with the prompt; ``shot=N`` lints the project's N-th shot (0 by default);
    ``as=text`` lints a JSON block as a pasted prompt, not as a project.
    """
    opts: dict[str, str] = {}
    lines = block.split("\n")
    if lines and (m := _DIRECTIVE.match(lines[0])):
        opts = dict(kv.split("=", 1) for kv in m.group(1).split())
        block = "\n".join(lines[1:])
    mode = Mode(opts["mode"]) if "mode" in opts else None
    if block.lstrip().startswith("{") and opts.get("as") != "text":
        project = parse(block, f"{code} case")
        shot = project.shots[int(opts.get("shot", 0))]  # shot=1: a rule about the shot before it (SL062)
        if "seconds" in opts:
            shot.render.seconds = int(opts["seconds"])
        # Cases were written when new projects defaulted to sora-2: a case that names no model keeps it.
        if "model" in opts or not get_rule(code).serves("sora") or '"defaults"' not in block:
            shot.render.model = opts.get("model", default_model(code))
        text = assemble(shot, project).text
        return text, lint_shot(shot, project, select=[code], mode=mode, media_root=media_root)
    seconds = int(opts.get("seconds", 8))
    if (m := _SECONDS_NOTE.search(block)) and "seconds" not in opts:
        seconds = int(m.group(1))
    return block, lint_text(block, select=[code], seconds=seconds, model=opts.get("model", default_model(code)),
                            size=opts.get("size", "1280x720"), mode=mode, reference=opts.get("reference") == "1")

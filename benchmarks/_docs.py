"""Shared helper: rewrite one marked section of docs/benchmarks.md, leaving the others alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def update_section(name: str, body: str) -> None:
    """Replace the text between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` with ``body``."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + f"\n\n## {name}\n{block}\n"
    DOC.write_text(text, encoding="utf-8")


def json_block(result: dict[str, object], note: str = "") -> str:
    """A section body: the JSON the script printed, plus a one-line note."""
    return (note + "\n\n" if note else "") + "```json\n" + json.dumps(result, indent=2) + "\n```"

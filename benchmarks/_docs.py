"""Shared helper: rewrite one marked section of docs/benchmarks.md, leaving the others alone."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def bench_main(name: str, doc: str | None, run: Callable[..., dict[str, Any]], note: str | Callable[[int], str],
               size: tuple[str, int] | None = None) -> None:
    """The CLI every benchmark shares: prints its JSON; ``--update-docs`` rewrites its section of benchmarks.md.

    ``size`` is an optional ``("--flag", default)`` passed to ``run`` (edits, keys, jobs, runs).
    """
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--json", action="store_true", help="print JSON (always printed; kept for the documented CLI)")
    ap.add_argument("--update-docs", action="store_true")
    if size is not None:
        ap.add_argument(size[0], type=int, default=size[1])
    args = ap.parse_args()
    n = getattr(args, size[0].lstrip("-").replace("-", "_")) if size is not None else None
    result = run(n) if n is not None else run()
    print(json.dumps(result))
    if args.update_docs:
        update_section(name, json_block(result, note(n or 0) if callable(note) else note))

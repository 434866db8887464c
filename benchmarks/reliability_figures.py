"""Issue 19's figures, measured by running the tests that prove them: racing runners and their create POSTs, SIGKILLs
survived, inputs fuzzed per entry point with 0 tracebacks.

Usage: python -m benchmarks.reliability_figures [--update-docs]

Why a script and not hand-typed numbers: each test prints a line (``RACE |``, ``KILL |``, ``FUZZ |``) for what it
ran, and only a passing run counts. ``--update-docs`` rewrites the marked section of docs/reliability.md with this
run's figures and the date. Takes about five minutes (the fuzzers and the 20-job crash matrix dominate).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
TESTS = [
    "tests/reliability/test_one_runner.py",
    "tests/reliability/test_crash_matrix.py",
    "tests/reliability/test_drafts.py::test_sigkill_during_save_leaves_a_loadable_file",
    "tests/reliability/test_fuzz.py",
]
START, END = "<!-- figures:issue19 -->", "<!-- /figures:issue19 -->"


def run(log: Path | None = None) -> dict[str, Any]:
    """Run the tests (or read the ``-s`` output of a run already made, e.g. of ``pytest -m reliability -s``)."""
    t0 = time.time()
    if log is None:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *TESTS], cwd=ROOT,
                           capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        out, code = r.stdout, r.returncode
    else:
        out = log.read_text(encoding="utf-8", errors="replace")
        summary = [ln for ln in out.splitlines() if re.search(r"\d+ passed", ln)]
        # Only the tests behind the figures must have passed (pytest lists every failure as FAILED/ERROR path::name).
        broken = [ln for ln in out.splitlines() if re.match(r"(FAILED|ERROR) ", ln)
                  and any(ln.split()[1].startswith(t.split("::")[0]) for t in TESTS)]
        code = 0 if summary and not broken else 1
    lines = [ln.strip() for ln in out.splitlines()]
    if code != 0:
        sys.stderr.write(out[-4000:])
        raise SystemExit(f"the tests behind the figures failed (exit {code}); no figures from a failed run")
    race = [ln for ln in lines if ln.startswith("RACE |")]
    m = re.match(r"RACE \| (\d+) processes \| (\d+) jobs \| (\d+) create POSTs", race[-1]) if race else None
    if m is None:
        raise SystemExit("the race test printed no RACE line")
    kills = [ln.split(" | ") for ln in lines if ln.startswith("KILL |")]
    fuzz = {}
    for ln in lines:
        f = re.search(r"FUZZ \| ([^|]+?) \| (\d+) examples \| (\d+) tracebacks", ln)  # after pytest's dots
        if f:
            fuzz[f.group(1)] = {"examples": int(f.group(2)), "tracebacks": int(f.group(3))}
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(log.stat().st_mtime if log else None)),
        "seconds": round(time.time() - t0) if log is None else None,
        "load_average_1min": round(os.getloadavg()[0], 1),
        "race": {"processes": int(m.group(1)), "jobs": int(m.group(2)), "create_posts": int(m.group(3))},
        "kills": {"total": len(kills),
                  "by_where": {w: sum(1 for k in kills if k[1] == w) for w in sorted({k[1] for k in kills})},
                  "duplicate_creates": sum(int(k[3].split()[0]) for k in kills if k[1] == "queue" and len(k) > 3
                                           and k[3].split()[0].isdigit())},
        "fuzz": fuzz,
        "fuzz_examples": sum(v["examples"] for v in fuzz.values()),
        "fuzz_tracebacks": sum(v["tracebacks"] for v in fuzz.values()),
    }


def markdown(res: dict[str, Any]) -> str:
    race, kills = res["race"], res["kills"]
    rows = "\n".join(f"| {name} | {v['examples']} | {v['tracebacks']} |" for name, v in sorted(res["fuzz"].items()))
    where = ", ".join(f"{n} × {w}" for w, n in kills["by_where"].items())
    how = (f"`python -m benchmarks.reliability_figures --update-docs` ({res['seconds']} s)" if res["seconds"] else
           "`python -m benchmarks.reliability_figures --from-log LOG --update-docs`, LOG being the `-s` output of "
           "`pytest -m reliability -s`")
    return (f"Measured {res['date']} by {how}; load average {res['load_average_1min']} on 2 cores when written "
            "(other engineers' suites were running).\n\n"
            f"- **Racing runners**: {race['processes']} processes on one data dir (3 × `slate queue resume --wait`, "
            f"1 × `slate render --wait`, 1 × the desktop app's queue thread), stand-in ignoring Idempotency-Key: "
            f"**{race['create_posts']} create POSTs for {race['jobs']} jobs**.\n"
            f"- **Kills survived**: **{kills['total']} SIGKILLs** ({where}), "
            f"{kills['duplicate_creates']} duplicate creates, every take decoding, `integrity_check` ok.\n"
            f"- **Inputs fuzzed**: **{res['fuzz_examples']} inputs, {res['fuzz_tracebacks']} tracebacks**:\n\n"
            "| entry point | inputs | tracebacks |\n|---|---|---|\n" + rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--update-docs", action="store_true", help="rewrite the figures section of docs/reliability.md")
    ap.add_argument("--from-log", type=Path, help="read the -s output of a pytest run that included these tests")
    args = ap.parse_args()
    res = run(args.from_log)
    print(json.dumps(res, indent=2))
    if args.update_docs:
        text = DOC.read_text(encoding="utf-8")
        block = f"{START}\n{markdown(res)}\n{END}"
        if START not in text:
            raise SystemExit(f"{DOC} has no {START} marker")
        DOC.write_text(re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S),
                       encoding="utf-8")


if __name__ == "__main__":
    main()

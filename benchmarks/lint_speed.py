"""Free-text lint against proselint on the same 1,000-word text, in one run: warm throughput and a cold CLI.

Warm: words/s of each linter's own lint call, in alternating rounds, timed in process CPU time (the project
machine is shared; wall-clock rates there move with other people's load). Cold: ``slate lint FILE`` against
``proselint check FILE`` as fresh processes, alternating, median wall time and median CPU (user + sys).
Prints {"slate_words_per_s", "proselint_words_per_s", "ratio_vs_proselint", "cold_*"}.
Goals: ratio >= 3; cold slate no slower than cold proselint.
Usage: python -m benchmarks.lint_speed --json [--update-docs]
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
from composer.lint.engine import lint_text

PARAGRAPHS = [
    "Cinematic neo-noir style, shot on 35mm film with subtle halation and natural grain. Wide-angle shot slowly "
    "pushing forward down a rain-soaked Tokyo street at 2am, neon signs reflecting in puddles. A woman in a black "
    "trench coat walks past a ramen shop, hands in pockets, breath visible in the cold air.",
    "In a 90s documentary-style interview, an elderly Swedish fisherman sits in a dim study lined with maritime "
    "maps. He wears a wool sweater and has a weathered face with deep wrinkles. He looks down at his hands, then "
    "up to camera, and a faint smile crosses his face while the ticking wall clock fills the silence.",
    "Commercial photography style, clean studio aesthetic with soft shadows. Smooth rotating shot of matte-black "
    "wireless headphones on a white marble pedestal against a seamless white cyclorama. A person moves quickly "
    "past a brightly lit window, and she says \"not now\" before the beautiful epic finale.",
]


def thousand_words() -> str:
    words: list[str] = []
    i = 0
    while len(words) < 1000:
        words += PARAGRAPHS[i % len(PARAGRAPHS)].split()
        i += 1
    return " ".join(words[:1000])


def _cpu_rate(fn, text: str, seconds: float) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """(calls, CPU seconds) of calling ``fn(text)`` for about ``seconds`` of CPU time."""
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        fn(text)
        n += 1
    return n, time.process_time() - t0


def _cold(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU user + sys) seconds of one fresh process.

    Bytecode caching stays on, as in an installed package (pip wrote proselint's .pyc files; a development
    shell that sets PYTHONDONTWRITEBYTECODE would otherwise make Slate recompile every module each run).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime


def _proselint():  # type: ignore[no-untyped-def]
    """proselint 0.16's own lint path (LintFile.lint) with all of its checks registered, as its CLI does."""
    import proselint.checks
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(proselint.checks.__register__)
    return lambda text: LintFile("bench", text).lint()


def run(runs: int = 9) -> dict[str, float]:
    text = thousand_words()
    slate_fn, prose_fn = (lambda s: lint_text(s, seconds=12)), _proselint()
    slate_fn(text), prose_fn(text)  # warm
    totals = {"slate": [0, 0.0], "prose": [0, 0.0]}
    for _round in range(5):
        for name, fn in (("slate", slate_fn), ("prose", prose_fn)):
            n, spent = _cpu_rate(fn, text, 0.4)
            totals[name][0] += n
            totals[name][1] += spent
    slate = totals["slate"][0] * 1000 / totals["slate"][1]
    prose = totals["prose"][0] * 1000 / totals["prose"][1]
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "prompt.txt"
        path.write_text(text, encoding="utf-8")
        cmds = {"slate": [str(bindir / "slate"), "lint", str(path)],
                "prose": [str(bindir / "proselint"), "check", str(path)]}
        for cmd in cmds.values():
            _cold(cmd)  # page in the interpreter and both packages once
        cold: dict[str, list[tuple[float, float]]] = {"slate": [], "prose": []}
        for _i in range(runs):
            for name, cmd in cmds.items():
                cold[name].append(_cold(cmd))

    def med(name: str, i: int) -> float:
        return round(statistics.median(x[i] for x in cold[name]), 3)

    return {"slate_words_per_s": round(slate), "proselint_words_per_s": round(prose),
            "ratio_vs_proselint": round(slate / prose, 2),
            "cold_slate_lint_wall_s": med("slate", 0), "cold_proselint_wall_s": med("prose", 0),
            "cold_slate_lint_cpu_s": med("slate", 1), "cold_proselint_cpu_s": med("prose", 1),
            "cold_runs": runs, "loadavg_1min": round(os.getloadavg()[0], 1)}


def main() -> None:
    bench_main("lint_speed", __doc__, run,
               "Slate's free-text lint (all rules that run for Sora) vs proselint 0.16's checks on the same "
               "1,000-word text. Warm: words per CPU-second in five alternating rounds of 0.4 s each, one process. "
               "Cold: `slate lint FILE` vs `proselint check FILE` as fresh processes, alternating, medians. "
               "The machine was shared with other sessions while this ran (see loadavg_1min), so wall times "
               "are noisy; CPU times are the steadier comparison. Goals: ratio >= 3; cold slate <= cold proselint.",
               size=("--runs", 9))


if __name__ == "__main__":
    main()

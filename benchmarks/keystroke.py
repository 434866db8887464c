"""Keystroke cost in the core: one field edit on a 50-shot project -> re-assemble that shot + relint it.

Prints {"keystroke_p95_ms", "full_relint_50_ms"}. Goals: <= 8 ms p95 and <= 50 ms.
Usage: python -m benchmarks.keystroke --json [--edits 500] [--update-docs]
"""

from __future__ import annotations

import statistics
import time

from benchmarks._docs import bench_main
from composer.document import fields
from composer.document.models import Project
from composer.lint.engine import lint_project, lint_shot
from composer.project import files as project_file
from composer.prompt.assembly import assemble


def fifty_shot_project() -> Project:
    """50 shots cycled from the shipped guide examples, so the text is realistic."""
    sources = [project_file.load(p) for p in project_file.examples()]
    base = sources[0].model_copy(deep=True)
    base.characters = [c for p in sources for c in p.characters]
    base.shots = []
    for i in range(50):
        shot = sources[i % len(sources)].shots[0].model_copy(deep=True)
        shot.id = f"shot_{i:02d}"
        base.shots.append(shot)
    return base


def run(edits: int = 500) -> dict[str, float]:
    project = fifty_shot_project()
    for shot in project.shots[:5]:  # warm caches (compiled vocabularies) like a running app
        lint_shot(shot, project)
    times = []
    for i in range(edits):
        shot = project.shots[i % 50]
        value = str(fields.get_value(shot, fields.SUBJECT)) + "x"
        t0 = time.perf_counter()
        fields.set_value(shot, fields.SUBJECT, value)
        assembled = assemble(shot, project)
        lint_shot(shot, project, assembled=assembled)
        times.append((time.perf_counter() - t0) * 1000)
    full = []
    for _ in range(5):
        t0 = time.perf_counter()
        lint_project(project)
        full.append((time.perf_counter() - t0) * 1000)
    return {"keystroke_p95_ms": round(statistics.quantiles(times, n=100)[94], 3),
            "keystroke_median_ms": round(statistics.median(times), 3),
            "full_relint_50_ms": round(statistics.median(full), 2),
            "edits": edits}


def main() -> None:
    bench_main("keystroke", __doc__, run,
               lambda n: "One subject edit on a 50-shot project, then assemble + lint of that shot (p95 over "
               f"{n} edits), and a full relint of all 50 shots (median of 5). Goals: <= 8 ms p95, <= 50 ms.",
               size=("--edits", 500))


if __name__ == "__main__":
    main()

"""Free-text lint throughput against proselint on the same 1,000-word text, in one run.

Prints {"slate_words_per_s", "proselint_words_per_s", "ratio_vs_proselint"}. Goal: ratio >= 2.
Usage: python -m benchmarks.lint_speed --json [--update-docs]
"""

from __future__ import annotations

import time

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


def _rate(fn, text: str, seconds: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    fn(text)  # warm
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn(text)
        n += 1
    return n * 1000 / (time.perf_counter() - t0)


def _proselint():  # type: ignore[no-untyped-def]
    """proselint 0.16's own lint path (LintFile.lint) with all of its checks registered, as its CLI does."""
    import proselint.checks
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(proselint.checks.__register__)
    return lambda text: LintFile("bench", text).lint()


def run() -> dict[str, float]:
    text = thousand_words()
    slate = _rate(lambda s: lint_text(s, seconds=12), text)
    prose = _rate(_proselint(), text)
    return {"slate_words_per_s": round(slate), "proselint_words_per_s": round(prose),
            "ratio_vs_proselint": round(slate / prose, 2)}


def main() -> None:
    bench_main("lint_speed", __doc__, run,
               "Slate's free-text lint (all rules) vs proselint's default checks on the same 1,000-word text, "
               "warm, 2 s each, one process. Goal: ratio >= 2.")


if __name__ == "__main__":
    main()

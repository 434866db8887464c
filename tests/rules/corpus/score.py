"""Score the linter on labelled prompts: micro precision/recall/F1 per rule and the clean-prompt flag rate.

``real.txt`` holds public prompts (each with its URL) labelled by reading them against each rule's intent;
``guide.txt`` holds the Sora guides' own examples. Each real prompt is scored twice: as a Sora prompt (the
default model, ``expect``) and, when it was written for another model, for that model's guide family
(``expect`` minus the rules that family skips, plus ``vendor``). The holdout split is never used to tune rules.

Usage: python -m tests.rules.corpus.score [--split tune|holdout|guide|all] [--json] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from composer.catalog.families import guide_family
from composer.lint.engine import get_rule, lint_text

HERE = Path(__file__).parent
# Rules that judge the request, not the prompt's words: the clip length and size here are the scorer's choice.
_NOT_SCORED = frozenset({"SL000", "SL051", "SL052", "SL057", "SL058"})


@dataclass
class Record:
    id: str
    url: str
    model: str
    text: str
    split: str
    expect: frozenset[str]
    vendor: frozenset[str] = frozenset()
    seconds: int = 8
    reference: bool = False
    kind: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def load(path: Path) -> list[Record]:
    """Parse a corpus file: ``=====``-separated records of ``key: value`` lines, ``---``, then the prompt."""
    out = []
    for chunk in path.read_text(encoding="utf-8").split("\n=====\n")[1:]:
        head, _, text = chunk.partition("\n---\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        for code in (meta.get("expect", "") + " " + meta.get("vendor", "")).split():
            get_rule(code)  # a label must name a real rule
        out.append(Record(id=meta["id"], url=meta["url"], model=meta.get("model", "sora-2"), text=text.rstrip("\n"),
                          split=meta.get("split", "tune"), expect=frozenset(meta.get("expect", "").split()),
                          vendor=frozenset(meta.get("vendor", "").split()), seconds=int(meta.get("seconds", 8)),
                          reference=meta.get("reference") == "1", kind=meta.get("kind", ""),
                          note=meta.get("note", "")))
    return out


@dataclass
class Case:
    record: Record
    model: str
    expected: frozenset[str]
    found: frozenset[str]
    severe: bool  # a warning or error was found


def cases(records: list[Record]) -> list[Case]:
    """Every scored run: each record as a Sora prompt, and again for its own family when that is not Sora."""
    out = []
    for r in records:
        runs = [("sora-2", r.expect)]
        family = guide_family(r.model)
        if family != "sora":
            own = frozenset(c for c in r.expect if get_rule(c).serves(family)) | r.vendor
            runs.append((r.model, own))
        for model, expected in runs:
            findings = lint_text(r.text, model=model, seconds=r.seconds, reference=r.reference)
            found = frozenset(f.code for f in findings if f.code not in _NOT_SCORED)
            severe = any(str(f.severity) != "info" for f in findings)
            out.append(Case(r, model, expected, found, severe))
    return out


def score(runs: list[Case]) -> dict[str, object]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for c in runs:
        for code in c.found & c.expected:
            tp[code] += 1
        for code in c.found - c.expected:
            fp[code] += 1
        for code in c.expected - c.found:
            fn[code] += 1
    per_kind = {}
    for code in sorted(set(tp) | set(fp) | set(fn)):
        per_kind[code] = _prf(tp[code], fp[code], fn[code])
    clean = [c for c in runs if not c.expected]
    return {"runs": len(runs), "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "per_kind": per_kind, "clean_runs": len(clean),
            "clean_flagged_rate": round(sum(bool(c.found) for c in clean) / len(clean), 3) if clean else None,
            "clean_warned_rate": round(sum(c.severe for c in clean) / len(clean), 3) if clean else None}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def corpus(split: str) -> list[Record]:
    records = load(HERE / "real.txt") + load(HERE / "guide.txt")
    return records if split == "all" else [r for r in records if r.split == split]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="all", choices=("tune", "holdout", "guide", "all"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-misses", action="store_true", help="list each false positive and negative")
    args = ap.parse_args(argv)
    splits = ("tune", "holdout", "guide") if args.split == "all" else (args.split,)
    report = {}
    for split in splits:
        runs = cases(corpus(split))
        report[split] = score(runs)
        if args.show_misses:
            for c in runs:
                extra, missing = sorted(c.found - c.expected), sorted(c.expected - c.found)
                if extra or missing:
                    print(f"{split} {c.record.id} [{c.model}] FP={extra} FN={missing}")
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    for split, rep in report.items():
        m = rep["micro"]  # type: ignore[index]
        print(f"{split}: {rep['runs']} runs  P={m['precision']} R={m['recall']} F1={m['f1']}  "  # type: ignore[index]
              f"clean flagged={rep['clean_flagged_rate']} (warned {rep['clean_warned_rate']}) "
              f"of {rep['clean_runs']}")
        for code, k in rep["per_kind"].items():  # type: ignore[attr-defined]
            print(f"  {code} {get_rule(code).name:28} P={k['precision']:.2f} R={k['recall']:.2f} F1={k['f1']:.2f}"
                  f"  tp={k['tp']} fp={k['fp']} fn={k['fn']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Each rule's case file: hand-written prompts with the expected verdict, run with that rule alone."""

from __future__ import annotations

import json

import pytest

from composer.lint.engine import all_rules
from tests.rules.conftest import CASES, run_case


def _cases() -> list[tuple[str, int, str, bool]]:
    out = []
    for rule in all_rules():
        blocks = (CASES / f"{rule.code}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n---\n")
        expected = [json.loads(x) for x in (CASES / f"{rule.code}.expected.jsonl").read_text().splitlines() if x]
        assert len(blocks) == len(expected), f"{rule.code}: case and expectation counts differ"
        out += [(rule.code, e["case"], blocks[e["case"]], e["fires"]) for e in expected]
    return out


@pytest.mark.parametrize(("code", "case", "block", "fires"), _cases(), ids=lambda v: v if isinstance(v, str)
                         and v.startswith("SL") else None)
def test_case(code: str, case: int, block: str, fires: bool) -> None:
    findings = run_case(code, block)
    assert all(f.code == code for f in findings)
    assert bool(findings) is fires, f"{code} case {case}: expected {'a finding' if fires else 'none'}, got " \
                                    f"{[f.message for f in findings]}\n{block[:300]}"

"""Each rule's case file, run with that rule alone, against a snapshot of what the user sees.

``cases/SL010.txt`` holds prompts separated by ``---`` lines; ``cases/SL010.expected.jsonl`` holds, per case,
every finding's span (and the text it covers), field and message, like ruff's snapshot tests: a change that
moves a span or rewords a message fails here. ``pytest tests/rules --update-goldens`` rewrites the snapshots
from the current rules; then READ the diff (``git diff tests/rules/cases``) before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from composer.lint.engine import all_rules
from composer.lint.rule import Finding
from tests.rules.conftest import CASES, linted


def blocks(code: str) -> list[str]:
    return (CASES / f"{code}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n---\n")


def snapshot(code: str, block: str) -> list[dict[str, Any]]:
    """What a user sees of each finding: where (span and its text), which field, and the message."""
    text, findings = linted(code, block)
    return [_seen(f, text) for f in findings]


def _seen(f: Finding, text: str) -> dict[str, Any]:
    covered = text[f.span[0]:f.span[1]] if f.span else None
    if covered is not None and len(covered) > 60:
        covered = covered[:28] + "…" + covered[-28:]
    fix = [[e.field, _plain(e.value)] for e in f.fix.edits] if f.fix is not None and f.fix.edits else None
    out: dict[str, Any] = {"span": list(f.span) if f.span else None, "text": covered, "field": f.field,
                           "message": f.message}
    if fix:
        out["edits"] = fix
    if f.fix is not None and f.fix.options:
        out["options"] = [o.label for o in f.fix.options]
    return out


def _plain(value: Any) -> Any:
    """An edit's value as JSON: a list of beats (SL006's retiming) as their fields."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if dump is not None else value


def _expected_path(code: str) -> Path:
    return CASES / f"{code}.expected.jsonl"


def _write(code: str, cases: list[list[dict[str, Any]]]) -> None:
    lines = [json.dumps({"case": i, "findings": found}, ensure_ascii=False) for i, found in enumerate(cases)]
    _expected_path(code).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_case_file_matches_its_snapshot(code: str, request: pytest.FixtureRequest) -> None:
    actual = [snapshot(code, b) for b in blocks(code)]
    if request.config.getoption("--update-goldens"):
        _write(code, actual)
    lines = _expected_path(code).read_text(encoding="utf-8").splitlines()
    expected = [json.loads(x)["findings"] for x in lines if x.strip()]
    assert len(expected) == len(actual), f"{code}: {len(actual)} cases but {len(expected)} snapshots " \
                                         "(run pytest tests/rules --update-goldens and read the diff)"
    for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
        assert got == want, f"{code} case {i} differs from its snapshot:\n{blocks(code)[i][:300]}"


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_case_file_has_a_firing_and_a_clean_case(code: str) -> None:
    """A snapshot with only silent cases (or only firing ones) cannot catch a rule that fires everywhere."""
    outcomes = {bool(snapshot(code, b)) for b in blocks(code)}
    assert outcomes == {True, False}, f"{code}: its case file needs both a firing and a clean case"

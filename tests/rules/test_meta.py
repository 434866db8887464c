"""Meta-tests over the registry: well-formed records, a case file per rule, scopes exist, docs do not drift."""

from __future__ import annotations

import re
from pathlib import Path

from composer import resources
from composer.document import fields
from composer.lint.docs import _AUTOFIX, render
from composer.lint.engine import all_rules, get_rule
from composer.lint.rule import Severity

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = {
    "SL001": "style-not-first", "SL002": "no-framing", "SL003": "no-camera-movement",
    "SL004": "multiple-camera-moves", "SL005": "too-many-shots", "SL006": "timecode-range",
    "SL010": "vague-motion", "SL011": "too-many-beats", "SL012": "vague-subject", "SL020": "abstract-cinematic",
    "SL021": "brightness-lighting", "SL022": "no-lighting", "SL023": "palette-count", "SL030": "no-sound",
    "SL031": "unnamed-dialogue", "SL032": "dialogue-too-long", "SL040": "legible-text", "SL041": "brand-logo",
    "SL042": "real-person", "SL043": "too-many-negatives", "SL050": "api-params-in-text",
    "SL051": "invalid-size-for-model", "SL052": "invalid-seconds", "SL053": "reference-mismatch",
    "SL054": "too-many-characters", "SL055": "extension-limit", "SL060": "character-drift", "SL061": "style-drift",
}
SEVERITY = {"SL006": "error", "SL042": "error", "SL051": "error", "SL052": "error", "SL053": "error",
            "SL054": "error", "SL055": "error", "SL003": "info", "SL012": "info", "SL022": "info", "SL023": "info",
            "SL030": "info", "SL043": "info"}


def test_catalogue_codes_and_names_are_exactly_the_contract() -> None:
    rules = {r.code: r.name for r in all_rules() if r.code != "SL000"}
    assert rules == CATALOGUE


def test_severities_match_the_catalogue() -> None:
    for r in all_rules():
        if r.code == "SL000":
            continue
        assert str(r.severity) == SEVERITY.get(r.code, "warning"), r.code


def test_every_record_is_complete_and_cites_a_guide() -> None:
    for r in all_rules():
        for attr in ("summary", "why", "source", "bad", "good", "fix_title"):
            assert getattr(r, attr).strip(), f"{r.code} has no {attr}"
        assert r.check_fn is not None, r.code
        assert r.code == "SL000" or "seeds/" in r.source, f"{r.code} must cite a guide"
        assert isinstance(r.severity, Severity)


def test_every_rule_has_a_case_file_pair() -> None:
    for r in all_rules():
        assert (ROOT / "tests/rules/cases" / f"{r.code}.txt").exists(), r.code
        assert (ROOT / "tests/rules/cases" / f"{r.code}.expected.jsonl").exists(), r.code


def test_every_scope_path_exists() -> None:
    for r in all_rules():
        for path in r.scope:
            assert path in fields.ALL, f"{r.code} scope {path}"


def test_every_vocab_file_exists_and_compiles() -> None:
    from composer.lint import text

    for r in all_rules():
        for name in r.vocab:
            assert resources.path("vocab", f"{name}.txt").exists(), f"{r.code}: {name}"
            if name.endswith("_groups"):
                assert text.vocab_groups(name)
            else:
                assert text.vocab(name).pattern


def test_lookup_by_code_or_name() -> None:
    assert get_rule("sl010") is get_rule("vague-motion")
    assert re.match(r"sl\d{3}-[a-z-]+$", get_rule("SL010").doc_anchor)


def test_autofix_list_in_docs_is_true() -> None:
    assert {"SL050", "SL051", "SL052"} == _AUTOFIX


def test_committed_rules_doc_equals_the_generated_one() -> None:
    committed = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/rules.md is stale: run python -m composer.lint.docs --write docs/rules.md"

"""Meta-tests over the registry: well-formed records, a case file per rule, scopes exist, docs do not drift."""

from __future__ import annotations

import re
from pathlib import Path

from composer import resources
from composer.document import fields
from composer.lint.docs import render
from composer.lint.engine import all_rules, get_rule
from composer.lint.rule import EVERY_FAMILY, GUIDE_FAMILIES, FixKind, Severity
from tests.rules.conftest import run_case
from tests.rules.test_cases import blocks

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = {
    "SL001": "style-not-first", "SL002": "no-framing", "SL003": "no-camera-movement",
    "SL004": "multiple-camera-moves", "SL005": "too-many-shots", "SL006": "timecode-range",
    "SL009": "non-english-prompt",
    "SL010": "vague-motion", "SL011": "too-many-beats", "SL012": "vague-subject", "SL020": "abstract-cinematic",
    "SL021": "brightness-lighting", "SL022": "no-lighting", "SL023": "palette-count", "SL030": "no-sound",
    "SL031": "unnamed-dialogue", "SL032": "dialogue-too-long", "SL040": "legible-text", "SL041": "brand-logo",
    "SL042": "real-person", "SL043": "too-many-negatives", "SL050": "api-params-in-text",
    "SL051": "invalid-size-for-model", "SL052": "invalid-seconds", "SL053": "reference-mismatch",
    "SL054": "too-many-characters", "SL055": "extension-limit", "SL060": "character-drift", "SL061": "style-drift",
    "SL062": "light-change-without-cue",
    "SL007": "contradictory-instructions", "SL013": "late-new-element", "SL014": "subject-outweighed",
    "SL024": "conflicting-lighting", "SL056": "assumed-reference", "SL070": "negation-in-prompt-text",
    "SL071": "unquoted-speech", "SL072": "prompt-over-length-cap", "SL073": "describes-the-image",
    "SL074": "negative-phrasing", "SL075": "unnumbered-shots", "SL076": "forced-timestamps",
    "SL057": "retired-model", "SL058": "unknown-model",
}
SEVERITY = {"SL006": "error", "SL042": "error", "SL051": "error", "SL052": "error", "SL053": "error",
            "SL054": "error", "SL055": "error", "SL057": "error",
            "SL003": "info", "SL012": "info", "SL022": "info", "SL023": "info",
            "SL030": "info", "SL043": "info", "SL009": "info", "SL013": "info", "SL014": "info"}


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
        assert r.source.startswith("Slate engine") or "seeds/" in r.source or "https://" in r.source, \
            f"{r.code} must cite a guide"
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


def _all_findings(code: str) -> list:  # type: ignore[type-arg]
    """Every finding the rule gives on its case file and on its own bad example."""
    rule = get_rule(code)
    found = [f for b in blocks(code) for f in run_case(code, b)]
    if not rule.structured_only:
        found += run_case(code, rule.bad)
    return found


def test_fix_kind_on_the_record_is_what_the_findings_carry() -> None:
    """The record's fix kind is checked against real findings, so it cannot drift from the checks."""
    for r in all_rules():
        found = _all_findings(r.code)
        assert found, f"{r.code}: no case fires, so its fix kind cannot be checked"
        with_edits = [f for f in found if f.fix is not None and f.fix.edits]
        if r.fix_kind is FixKind.MANUAL:
            assert not with_edits, f"{r.code} is marked manual but its findings carry edits"
        elif r.fix_kind is FixKind.ALWAYS:
            assert len(with_edits) == len(found), f"{r.code} is marked always-fixable but some findings have no edit"
        else:
            assert with_edits, f"{r.code} is marked sometimes-fixable but no case finding carries an edit"


def test_every_edit_names_a_known_field() -> None:
    for r in all_rules():
        for f in _all_findings(r.code):
            for e in f.fix.edits if f.fix else ():
                assert fields.root(e.field) in fields.ALL or e.field in fields.ALL, f"{r.code}: edit of {e.field}"


def test_families_are_guide_families_and_explained() -> None:
    for r in all_rules():
        assert set(r.families) <= {*GUIDE_FAMILIES, EVERY_FAMILY}, r.code
        if EVERY_FAMILY in r.families:
            assert r.families == (EVERY_FAMILY,) and not r.unknown_family, r.code
        else:
            assert r.families_why.strip(), f"{r.code} serves only {r.families}: families_why must say why"


def test_vendor_rules_cite_the_vendor_guide() -> None:
    """A rule that serves no Sora model comes from a vendor's guide and cites it by URL."""
    for r in all_rules():
        if not r.serves("sora") and EVERY_FAMILY not in r.families:
            assert "https://" in r.source, f"{r.code} must cite its vendor guide's URL"


def test_committed_rules_doc_equals_the_generated_one() -> None:
    committed = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/rules.md is stale: run python -m composer.lint.docs --write docs/rules.md"

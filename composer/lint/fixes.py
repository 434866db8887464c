"""Applying a finding's fix, and saying why a finding has none (issue 16 §5: Fix was greyed out with no reason).

A fix's edits are data (``Fix.edits``: which field, what whole new value); ``fix_edit`` turns them into one
reversible Edit, the one undo step the findings panel and the "Cannot render" dialog push. ``fix_reason`` is the
sentence shown where there is no edit: the rule's own advice, and why Slate cannot make that change itself.
"""

from __future__ import annotations

from composer.document.edits import Batch, Edit, SetField
from composer.lint.registry import get_rule
from composer.lint.rule import FieldEdit, Finding, FixKind


def fix_edit(finding: Finding, edits: tuple[FieldEdit, ...] | None = None) -> Edit:
    """The undoable edit for ``finding``'s fix (or for one of its options' ``edits``); raises ValueError if none."""
    chosen = edits if edits is not None else (finding.fix.edits if finding.fix else ())
    if not chosen:
        raise ValueError(f"{finding.code} has no automatic fix here")
    sets: list[Edit] = [SetField(finding.shot_id, str(e.field), e.value) for e in chosen]
    return sets[0] if len(sets) == 1 else Batch(sets, f"Fix {finding.code} {finding.name}")


def fix_reason(finding: Finding) -> str:
    """Why this finding has no automatic fix, with what to do instead."""
    advice = finding.fix.title if finding.fix else ""
    try:
        kind = get_rule(finding.code).fix_kind
    except KeyError:
        kind = FixKind.MANUAL
    if finding.shot_id is None:
        why = "the finding points at pasted text, not at a field Slate can rewrite"
    elif kind is FixKind.MANUAL:
        why = "only you can write this (Slate would be guessing at your words)"
    else:
        why = "no safe change could be worked out for this case"
    return f"{why}. {advice}".strip()

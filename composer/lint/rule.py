"""What a lint rule is: one record (code, name, why, examples, fix kind, families) plus one check function.

Findings carry both a text span (for the preview) and a field path (for the form), and print as
``SL010 vague-motion`` everywhere, so people can search for and suppress a rule by name. A finding's fix
may carry field edits: a machine-applicable description (which field, what whole new value) that the UI
applies as an Edit without any rule logic of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from composer.document.fields import FieldPath
from composer.lint import regex_cache as rx

if TYPE_CHECKING:
    from composer.catalog.profiles import Mode
    from composer.document.models import Project, Shot
    from composer.prompt.spans import Assembled

_CODE = rx.compile(r"^SL\d{3}$")
_NAME = rx.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# The prompting-guide families a rule can serve (reference/models-2026.md), and the value for generic craft.
GUIDE_FAMILIES = ("sora", "veo", "runway", "seedance", "kling", "wan", "ltx", "luma", "minimax")
EVERY_FAMILY = "every family"


def all_but(*excluded: str) -> tuple[str, ...]:
    """Every guide family except ``excluded``: for a craft rule one vendor's guide contradicts."""
    unknown = set(excluded) - set(GUIDE_FAMILIES)
    if unknown:
        raise ValueError(f"unknown guide families {sorted(unknown)}")
    return tuple(f for f in GUIDE_FAMILIES if f not in excluded)


class Severity(StrEnum):
    ERROR = "error"  # the API would reject it or policy forbids it: blocks submit
    WARNING = "warning"  # against the guides
    INFO = "info"  # a suggestion


class FixKind(StrEnum):
    """Whether a rule's findings carry a machine-applicable edit (ruff's fix availability)."""

    MANUAL = "manual"  # the fix is advice: a person rewrites the text
    SOMETIMES = "sometimes"  # an edit when the rule can compute a safe value (e.g. the field is known)
    ALWAYS = "always"  # every finding carries an edit


@dataclass(frozen=True)
class FieldEdit:
    """Set ``field`` to ``value`` (the field's whole new value), as an undoable SetField edit would."""

    field: FieldPath
    value: object


@dataclass(frozen=True)
class FixOption:
    """One answer to a fix that asks a question ("Set the framing: close-up"), and the edits it makes."""

    label: str
    edits: tuple[FieldEdit, ...]


@dataclass(frozen=True)
class Fix:
    """The fix a finding offers: always a title; edits when the fix is deterministic.

    ``field``/``new_value`` is the first edit (what the findings panel applies); ``more`` holds further edits
    that belong to the same fix, e.g. moving a phrase from the scene text into the avoid list.
    """

    title: str
    field: FieldPath | None = None
    new_value: object | None = None
    more: tuple[FieldEdit, ...] = ()
    options: tuple[FixOption, ...] = ()  # a choice to make (which shot size?): the person picks, the edit is exact

    @property
    def edits(self) -> tuple[FieldEdit, ...]:
        head = (FieldEdit(self.field, self.new_value),) if self.field is not None and self.new_value is not None \
            else ()
        return head + self.more

    @property
    def automatic(self) -> bool:
        return bool(self.edits) or bool(self.options)


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    span: tuple[int, int] | None
    field: FieldPath | None
    fix: Fix | None
    shot_id: str | None = None

    def __str__(self) -> str:
        return f"{self.code} {self.name} {self.message}"


@dataclass
class LintContext:
    """Everything a check may look at. ``shot``/``project`` are None in free-text mode.

    ``family`` is the prompting-guide family of ``model`` (``composer.catalog.families.guide_family``), None
    when the model is unknown. ``reference`` says whether an image goes with the prompt.
    """

    text: str
    assembled: Assembled
    model: str
    size: str
    seconds: int
    mode: Mode
    shot: Shot | None = None
    project: Project | None = None
    media_root: Path | None = None
    family: str | None = None
    reference: bool = False
    cache: dict[str, object] = field(default_factory=dict)  # per-run memo shared by rules (negations, ...)

    @property
    def structured(self) -> bool:
        return self.shot is not None

    def field_at(self, offset: int) -> FieldPath | None:
        return self.assembled.field_at(offset)


Check = Callable[["Rule", LintContext], Iterator[Finding]]


@dataclass
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str  # a quote from the guides
    source: str  # guide file and section, or the vendor doc
    bad: str
    good: str
    fix_title: str
    scope: tuple[FieldPath, ...] = ()
    vocab: tuple[str, ...] = ()  # resources/vocab files it reads
    structured_only: bool = False
    check_fn: Check | None = None
    families: tuple[str, ...] = field(kw_only=True)  # guide families it serves, or (EVERY_FAMILY,)
    unknown_family: bool = field(default=False, kw_only=True)  # runs when the model's family is unknown
    families_why: str = field(default="", kw_only=True)  # why these families, and the unknown-family decision
    fix_kind: FixKind = field(default=FixKind.MANUAL, kw_only=True)
    reads_english: bool = field(default=True, kw_only=True)  # skipped (one SL009 notice) on non-English text

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like SL123")
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")
        if not self.families or any(f not in (*GUIDE_FAMILIES, EVERY_FAMILY) for f in self.families):
            raise ValueError(f"{self.code}: families must be guide families or EVERY_FAMILY, not {self.families}")
        if EVERY_FAMILY not in self.families and not self.families_why.strip():
            raise ValueError(f"{self.code}: say in families_why why it serves only {self.families}")

    @property
    def doc_anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

    def serves(self, family: str | None) -> bool:
        """Whether this rule runs for a model of guide family ``family`` (None: unknown model)."""
        if EVERY_FAMILY in self.families:
            return True
        return self.unknown_family if family is None else family in self.families

    def check(self, fn: Check) -> Check:
        """Decorator: attach the check function to this rule record."""
        self.check_fn = fn
        return fn

    def finding(self, ctx: LintContext, message: str, *, span: tuple[int, int] | None = None,
                field: FieldPath | str | None = None, fix: Fix | None = None) -> Finding:
        """Build a finding; the field defaults to the one whose text the span covers."""
        if field is None and span is not None:
            field = ctx.field_at(span[0])
        elif span is None and field is not None:
            spans = ctx.assembled.spans_for(str(field))
            if spans:
                span = (spans[0].start, spans[-1].end)
        return Finding(self.code, self.name, self.severity, message, span,
                       FieldPath(field) if field is not None else None,
                       fix if fix is not None else Fix(self.fix_title), ctx.shot.id if ctx.shot else None)

"""What a lint rule is: one record (code, name, why, examples, fix) plus one check function.

Findings carry both a text span (for the preview) and a field path (for the form), and print as
``SL010 vague-motion`` everywhere, so people can search for and suppress a rule by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from composer.document.fields import FieldPath

if TYPE_CHECKING:
    from composer.catalog.capabilities import Mode
    from composer.document.models import Project, Shot
    from composer.prompt.assembly import Assembled

_CODE = re.compile(r"^SL\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Severity(StrEnum):
    ERROR = "error"  # the API would reject it or policy forbids it: blocks submit
    WARNING = "warning"  # against the guides
    INFO = "info"  # a suggestion


@dataclass(frozen=True)
class Fix:
    title: str
    field: FieldPath | None = None
    new_value: object | None = None  # an automatic fix exists when this is not None

    @property
    def automatic(self) -> bool:
        return self.new_value is not None


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
    """Everything a check may look at. ``shot``/``project`` are None in free-text mode."""

    text: str
    assembled: Assembled
    model: str
    size: str
    seconds: int
    mode: Mode
    shot: Shot | None = None
    project: Project | None = None
    media_root: Path | None = None
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
    source: str  # guide file and section
    bad: str
    good: str
    fix_title: str
    scope: tuple[FieldPath, ...] = ()
    vocab: tuple[str, ...] = ()  # resources/vocab files it reads
    structured_only: bool = False
    check_fn: Check | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like SL123")
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")

    @property
    def doc_anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

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

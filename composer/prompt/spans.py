"""The renderer's output type: prompt text plus the spans that map its ranges back to form fields.

Kept apart from ``assembly`` (which needs the pydantic models) so linting a pasted prompt never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.document import fields
from composer.document.fields import FieldPath


@dataclass(frozen=True, slots=True)
class Span:
    field: FieldPath
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Assembled:
    text: str
    spans: tuple[Span, ...] = ()
    layout: str = "block"  # a composer.document.models.Layout (a str enum) when assembled from a shot

    @classmethod
    def from_text(cls, text: str) -> Assembled:
        """Free-text mode: a pasted prompt is one span of the ``prompt`` field."""
        return cls(text, (Span(fields.PROMPT, 0, len(text)),) if text else ())

    def field_at(self, offset: int) -> FieldPath | None:
        """The most specific field whose span covers ``offset``."""
        best: Span | None = None
        for s in self.spans:
            if s.start <= offset < s.end and (best is None or s.end - s.start < best.end - best.start):
                best = s
        return best.field if best else None

    def spans_for(self, path: str) -> list[Span]:
        """Spans of ``path`` and of anything below it (``beats`` covers ``beats[0].text``)."""
        return [s for s in self.spans if s.field == path or s.field.startswith(path + ".")
                or s.field.startswith(path + "[")]

"""What a video model takes and costs: one ``ModelProfile`` per model, read from ``resources/models/*.toml``.

A profile is data, not code: durations, sizes, which per-model parameters the request may carry (negative prompt,
seed, audio, reference and end frame), remix/edit/extend/characters, the prompt cap, prices, the prompting guide
its lint rules follow, its status (a retired model names its successor), and the source and date read of every
figure. The loader (``composer.catalog.loader``) validates the files; this module only describes what they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from math import gcd, log
from typing import Literal

# The prompting-guide families a profile's ``guide`` may name (the lint rules' families, issue 18).
GUIDE_FAMILIES = ("sora", "veo", "runway", "seedance", "kling", "wan", "ltx", "luma", "minimax")
Audio = Literal["none", "optional", "always"]


class Mode(StrEnum):
    """Which claims to accept where sources disagree: the API contract, or also what the docs/guides claim."""

    STRICT = "strict"  # the contract (for Sora: the SDK/OpenAPI enums)
    DOCS = "docs"  # also the wider claims in a profile's docs_durations/docs_sizes


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    read: date

    def cite(self) -> str:
        return f"{self.title} ({self.url}, read {self.read.isoformat()})"


@dataclass(frozen=True)
class Price:
    per_second: float
    sizes: tuple[str, ...] = ()  # empty: every size of the model
    source: str = ""


@dataclass(frozen=True)
class Draft:
    """A model's cheap draft settings (issue 20): what "Draft all" renders instead of the final settings.

    ``model`` None drafts on the model itself; ``sizes`` are the draft sizes, one per shape (the one nearest the
    final size's aspect is used); ``seconds`` None keeps the final length; ``animatic`` drafts offline instead.
    """

    reason: str
    source: str = ""
    model: str | None = None
    seconds: int | None = None
    sizes: tuple[str, ...] = ()
    animatic: bool = False


@dataclass(frozen=True)
class ModelProfile:
    name: str  # the native id, what the request's ``model`` carries unless the user typed an alias
    label: str
    family: str
    guide: str
    vendor: str
    aliases: tuple[str, ...]
    status: Literal["active", "retired"]
    durations: tuple[int, ...]
    sizes: tuple[str, ...]
    audio: Audio = "none"
    negative_prompt: bool = False
    seed: bool = False
    reference_images: int = 0
    reference_required: bool = False
    reference_must_match_size: bool = False
    last_frame: bool = False
    remix: bool = False
    edit: bool = False
    extend: bool = False
    characters: int = 0
    max_extensions: int = 0
    max_extension_seconds: int = 0
    fps: int | None = None
    prompt_max_chars: int | None = None
    prices: tuple[Price, ...] = ()
    self_hosted: bool = False
    docs_durations: tuple[int, ...] = ()
    docs_sizes: tuple[str, ...] = ()
    retired_on: date | None = None
    successor: str | None = None
    retired_note: str = ""
    draft: Draft | None = None
    sources: dict[str, Source] = field(default_factory=dict, compare=False)  # field name -> its source

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def durations_in(self, mode: Mode | None = None) -> tuple[int, ...]:
        extra = self.docs_durations if mode is Mode.DOCS else ()
        return tuple(sorted({*self.durations, *extra}))

    def sizes_in(self, mode: Mode | None = None) -> tuple[str, ...]:
        return self.sizes + (self.docs_sizes if mode is Mode.DOCS else ())

    def source_of(self, what: str) -> Source:
        """The source of one figure (a field name); the model's default source where none is named."""
        return self.sources.get(what) or self.sources["default"]

    @property
    def params(self) -> tuple[str, ...]:
        """The per-model request parameters this model takes, by the names the shot form and the request use."""
        out = []
        if self.negative_prompt:
            out.append("negative_prompt")
        if self.seed:
            out.append("seed")
        if self.audio == "optional":
            out.append("audio")
        if self.reference_images:
            out.append("reference_image")
        if self.last_frame:
            out.append("end_frame")
        return tuple(out)


def parse_size(size: str) -> tuple[int, int] | None:
    try:
        w, h = (int(x) for x in size.lower().split("x"))
    except ValueError:
        return None
    return (w, h) if w > 0 and h > 0 else None


def size_label(size: str) -> str:
    """``1280x720`` -> ``1280x720 (16:9, 720p)``: the aspect and resolution a vendor calls it by."""
    wh = parse_size(size)
    if wh is None:
        return size
    w, h = wh
    g = gcd(w, h)
    aspect = f"{w // g}:{h // g}"
    for name, ratio in (("16:9", 16 / 9), ("9:16", 9 / 16), ("4:3", 4 / 3), ("3:4", 3 / 4), ("21:9", 21 / 9)):
        if abs(w / h - ratio) < 0.03:
            aspect = name
    return f"{size} ({aspect}, {min(w, h)}p)"


def nearest_size(size: str, sizes: tuple[str, ...]) -> str | None:
    """The allowed size closest to ``size``: same orientation first, then the closest aspect, then area."""
    wh = parse_size(size)
    if not sizes:
        return None
    if wh is None:
        return sizes[0]
    w, h = wh

    def distance(s: str) -> tuple[bool, int, int]:
        sw, sh = parse_size(s) or (1, 1)
        # Aspects within ~5% are the same shape (1280x704 and 1280x720 are both 16:9): then the closest area wins.
        return ((sw >= sh) != (w >= h), round(abs(log((sw / sh) / (w / h))) / 0.05), abs(sw * sh - w * h))
    return min(sizes, key=distance)


def nearest_seconds(seconds: int, durations: tuple[int, ...]) -> int | None:
    """The allowed duration closest to ``seconds`` (ties go to the shorter, cheaper one)."""
    return min(durations, key=lambda s: (abs(s - seconds), s), default=None)

"""Pydantic models for a Slate project: the data every panel edits and the renderer reads.

Validated where data enters (load, import, paste), never on every keystroke: edits use
``model_copy``/attribute assignment through ``composer.document.edits``.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Literal[1] = 1

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SIZE = re.compile(r"^\d{2,5}x\d{2,5}$")

# Limits on what a project file may hold; a file past them is refused, not truncated.
MAX_TEXT = 20_000
MAX_SHORT = 500


def new_id(prefix: str) -> str:
    """Return a short random id; ids are opaque and stable across saves."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Strict(BaseModel):
    """Base: unknown keys are errors, so a typo in a hand-edited file is reported, not dropped.

    No NaN or Infinity: JSON has no spelling for them, so they were saved as null, silently losing the value or
    making a file that refused to load. They are refused where data enters, and written as "NaN" (never null) if an
    edit put one in, so the check before every save (composer.project.files.readable) refuses it by name.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=False, str_strip_whitespace=False,
                              allow_inf_nan=False, ser_json_inf_nan="strings")


Text = Annotated[str, Field(max_length=MAX_TEXT)]
Short = Annotated[str, Field(max_length=MAX_SHORT)]


class Layout(StrEnum):
    BLOCK = "block"
    TIMECODED = "timecoded"


class ColorAnchor(Strict):
    name: Short = ""
    hex: str = ""

    @field_validator("hex")
    @classmethod
    def _hex(cls, v: str) -> str:
        if v and not _HEX.match(v):
            raise ValueError(f"colour '{v}' is not a #RRGGBB hex value (e.g. #1a2b3c)")
        return v.lower()


class StyleSpine(Strict):
    """The look every shot shares (guide: 'maintain a style spine')."""

    format_line: Text = Field("", description="Format/style line, e.g. 'Cinematic neo-noir style'.")
    lens_film: Text = Field("", description="Lens and film specifics, e.g. 'shot on 35mm film with halation'.")
    grade: Text = Field("", description="Grade/colour treatment.")
    palette: list[ColorAnchor] = Field(default_factory=list, max_length=12)

    def text(self) -> str:
        """The spine as one verbatim style sentence."""
        parts = [p.strip().rstrip(".") for p in (self.format_line, self.lens_film, self.grade) if p.strip()]
        return ", ".join(parts) + "." if parts else ""


class Character(Strict):
    id: str = Field(default_factory=lambda: new_id("chr"))
    name: Short
    description: Text = Field("", description="Verbatim description inserted wherever the character appears.")
    wardrobe: Text = ""
    reference_image: str | None = None
    remote_character_id: str | None = Field(None, description="Characters-API id (char_...) when uploaded.")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a character needs a name")
        return v


class Beat(Strict):
    text: Text = ""
    start: float | None = Field(None, ge=0, le=3600)
    end: float | None = Field(None, ge=0, le=3600)


class Camera(Strict):
    framing: Short = Field("", description="Shot size/framing: wide, medium close-up, over-the-shoulder...")
    angle: Short = ""
    lens: Short = ""
    movement: Short = Field("", description="One move: slow push-in, static on tripod, orbit...")


class Lighting(Strict):
    sources: list[Short] = Field(default_factory=list, max_length=20)
    quality: Short = ""
    direction: Short = ""


class DialogueLine(Strict):
    speaker: Short = ""
    emotion: Short = ""
    line: Text = ""


class RenderSettings(Strict):
    """Per-shot overrides; None falls back to the project defaults."""

    model: Short | None = None
    size: str | None = None
    seconds: int | None = Field(None, ge=1, le=120)
    layout: Layout | None = None
    # Per-model request parameters: sent only when the model's profile takes them (composer.prompt.request).
    negative_prompt: Text | None = Field(None, description="What to keep out, as nouns (Veo, Kling, Wan, LTX).")
    seed: int | None = Field(None, ge=0, le=4_294_967_295, description="Fixed seed for repeatable takes.")
    audio: bool | None = Field(None, description="Generate sound (models with optional audio); None: the default.")
    end_frame: str | None = Field(None, description="Image the clip ends on (models with a last frame).")

    @field_validator("size")
    @classmethod
    def _size(cls, v: str | None) -> str | None:
        if v is not None and not _SIZE.match(v):
            raise ValueError(f"size '{v}' must be WIDTHxHEIGHT, e.g. 1280x720")
        return v


class TakeKind(StrEnum):
    CREATE = "create"
    REMIX = "remix"
    EDIT = "edit"
    EXTEND = "extend"


class Take(Strict):
    id: str = Field(default_factory=lambda: new_id("take"))
    kind: TakeKind = TakeKind.CREATE
    parent_take_id: str | None = None
    job_id: str | None = None
    backend: Short = "animatic"
    remote_id: str | None = None
    prompt_sent: Text = ""
    params: dict[str, str | int | float | None] = Field(default_factory=dict)
    status: Short = "completed"
    video_path: str | None = None
    thumbnail_path: str | None = None
    spritesheet_path: str | None = None
    rating: int = Field(0, ge=0, le=5)
    hero: bool = False
    notes: Text = ""
    created_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None
    cost_estimated: float = 0.0
    cost_actual: float | None = None


class Shot(Strict):
    id: str = Field(default_factory=lambda: new_id("shot"))
    title: Short = ""
    style_override: Text | None = Field(
        None, description="Explicit per-shot style; None uses the project's style spine."
    )
    subject: Text = ""
    characters: list[str] = Field(default_factory=list, max_length=10, description="Character ids in this shot.")
    scene: Text = ""
    beats: list[Beat] = Field(default_factory=list, max_length=200)
    camera: Camera = Field(default_factory=Camera)
    lighting: Lighting = Field(default_factory=Lighting)
    palette: list[ColorAnchor] = Field(default_factory=list, max_length=12)
    mood: Short = ""
    sound: Text = ""
    dialogue: list[DialogueLine] = Field(default_factory=list, max_length=100)
    avoid: list[Short] = Field(default_factory=list, max_length=20)
    reference_image: str | None = None
    render: RenderSettings = Field(default_factory=RenderSettings)
    takes: list[Take] = Field(default_factory=list, max_length=1000)


class Defaults(Strict):
    # A model that exists (Sora 2 was retired on 2026-09-24); files keep the model they were saved with.
    model: Short = "veo-3.1"
    size: str = "1280x720"
    seconds: int = Field(8, ge=1, le=120)
    layout: Layout = Layout.BLOCK


class Suppression(Strict):
    shot_id: str
    code: str
    reason: Short

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a suppression needs a reason")
        return v


class LintConfig(Strict):
    disabled: list[str] = Field(default_factory=list, description="Rule codes or names disabled for the project.")
    suppressions: list[Suppression] = Field(default_factory=list)


class Project(Strict):
    schema_version: Literal[1] = SCHEMA_VERSION
    name: Short = "Untitled"
    style_spine: StyleSpine = Field(default_factory=StyleSpine)
    characters: list[Character] = Field(default_factory=list, max_length=200)
    defaults: Defaults = Field(default_factory=Defaults)
    shots: list[Shot] = Field(default_factory=list, max_length=2000)
    lint_config: LintConfig = Field(default_factory=LintConfig)

    @model_validator(mode="after")
    def _unique_ids(self) -> Project:
        seen: set[str] = set()
        for shot in self.shots:
            if shot.id in seen:
                raise ValueError(f"two shots share the id '{shot.id}'; ids must be unique")
            seen.add(shot.id)
        return self

    def shot(self, shot_id: str) -> Shot:
        for s in self.shots:
            if s.id == shot_id:
                return s
        raise KeyError(shot_id)

    def character(self, ref: str) -> Character | None:
        """Find a bible character by id or (case-insensitive) name."""
        low = ref.lower()
        for c in self.characters:
            if c.id == ref or c.name.lower() == low:
                return c
        return None

    def effective_render(self, shot: Shot) -> tuple[str, str, int, Layout]:
        """Model, size, seconds and layout a shot renders with (overrides over defaults)."""
        r, d = shot.render, self.defaults
        return (
            r.model or d.model,
            r.size or d.size,
            r.seconds if r.seconds is not None else d.seconds,
            r.layout or d.layout,
        )

"""The model-profile file schema (pydantic): what ``resources/models/<family>.toml`` may hold, checked strictly.

Imported only when a profile file is new or changed since it was last validated (``loader``'s stamp), so linting a
pasted prompt does not pay for pydantic.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from composer.catalog.errors import ProfileError
from composer.catalog.profiles import GUIDE_FAMILIES, parse_size

_Strict = ConfigDict(extra="forbid", frozen=True)
Seconds = Annotated[int, Field(ge=1, le=120)]


class _Source(BaseModel):
    model_config = _Strict
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    read: date


class _Price(BaseModel):
    model_config = _Strict
    per_second: float = Field(ge=0, le=100)
    sizes: tuple[str, ...] = ()
    source: str


class _Draft(BaseModel):
    model_config = _Strict
    reason: str = Field(min_length=10)
    source: str = ""
    model: str | None = None
    seconds: Seconds | None = None
    sizes: tuple[str, ...] = ()
    animatic: bool = False

    @model_validator(mode="after")
    def _something(self) -> _Draft:
        if not self.animatic and self.model is None and self.seconds is None and not self.sizes:
            raise ValueError("a draft names a cheaper model, seconds or sizes, or animatic = true")
        if self.animatic and (self.model or self.seconds or self.sizes):
            raise ValueError("an animatic draft takes no model, seconds or sizes")
        return self


class _Model(BaseModel):
    model_config = _Strict
    label: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    status: Literal["active", "retired"]
    retired_on: date | None = None
    successor: str | None = None
    retired_note: str = ""
    durations: tuple[Seconds, ...] = Field(min_length=1)
    docs_durations: tuple[Seconds, ...] = ()
    sizes: tuple[str, ...] = Field(min_length=1)
    docs_sizes: tuple[str, ...] = ()
    audio: Literal["none", "optional", "always"] = "none"
    negative_prompt: bool = False
    seed: bool = False
    reference_images: int = Field(0, ge=0, le=20)
    reference_required: bool = False
    reference_must_match_size: bool = False
    last_frame: bool = False
    remix: bool = False
    edit: bool = False
    extend: bool = False
    characters: int = Field(0, ge=0, le=10)
    max_extensions: int = Field(0, ge=0)
    max_extension_seconds: int = Field(0, ge=0)
    fps: int | None = Field(None, ge=1, le=120)
    prompt_max_chars: int | None = Field(None, ge=1)
    prices: tuple[_Price, ...]
    draft: _Draft | None = None
    source: dict[str, str]

    @field_validator("sizes", "docs_sizes")
    @classmethod
    def _sizes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for s in v:
            if parse_size(s) is None or s != s.lower():
                raise ValueError(f"size '{s}' must be WIDTHxHEIGHT, e.g. 1280x720")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> _Model:
        if self.status == "retired" and (self.retired_on is None or not self.successor):
            raise ValueError("a retired model needs retired_on and successor")
        if "default" not in self.source:
            raise ValueError("source needs a 'default' entry (the source of every figure not named otherwise)")
        unknown = set(self.source) - set(type(self).model_fields) - {"default"}
        if unknown:
            raise ValueError(f"source names fields that do not exist: {', '.join(sorted(unknown))}")
        if self.reference_required and not self.reference_images:
            raise ValueError("reference_required needs reference_images >= 1")
        for p in self.prices:
            stray = set(p.sizes) - set(self.sizes) - set(self.docs_sizes)
            if stray:
                raise ValueError(f"a price names sizes the model does not offer: {', '.join(sorted(stray))}")
        return self


class _Family(BaseModel):
    model_config = _Strict
    family: str = Field(pattern=r"^[a-z0-9-]+$")
    guide: str
    vendor: str
    prefixes: tuple[str, ...] = ()
    self_hosted: bool = False
    sources: dict[str, _Source] = Field(min_length=1)
    models: dict[str, _Model] = Field(min_length=1)

    @field_validator("guide")
    @classmethod
    def _guide(cls, v: str) -> str:
        if v not in GUIDE_FAMILIES:
            raise ValueError(f"guide '{v}' is not a guide family ({', '.join(GUIDE_FAMILIES)})")
        return v


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def validate_family(raw: dict[str, Any], file: str) -> None:
    """Check one family file; raise ProfileError naming the file, the first wrong key and the problem."""
    try:
        _Family.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        raise ProfileError(file, _key(first["loc"]), first["msg"].removeprefix("Value error, ")) from None

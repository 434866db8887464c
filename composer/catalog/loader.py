"""Load and validate the model profiles in ``resources/models/*.toml``, and find a profile by any of its names.

Validated once, at start (the CLI and the app call ``catalog()`` before anything else): a mistake in a data file
fails with the file, the key and the problem named (``ProfileError``), never later as a KeyError mid-render.
``lookup`` knows native ids and gateway aliases (``vertex_ai/veo-3.1-generate-001``, ``runwayml/gen4_turbo``), case
insensitively; a name no profile knows gives None, and the caller treats the model as unknown but allowed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from composer import resources
from composer.catalog.profiles import GUIDE_FAMILIES, ModelProfile, Price, Source, parse_size
from composer.errors import SlateError

_Strict = ConfigDict(extra="forbid", frozen=True)
Seconds = Annotated[int, Field(ge=1, le=120)]


class ProfileError(SlateError):
    """A model-profile data file has a mistake; ``file``, ``key`` and ``problem`` say where and what."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}",
                         hint="Fix the model profile file (resources/models/); Slate reads it at start.")


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


@dataclass(frozen=True)
class Catalog:
    """Every profile, indexed by every name (case-folded), and each family's name prefixes."""

    profiles: tuple[ModelProfile, ...]
    by_name: dict[str, ModelProfile]
    prefixes: tuple[tuple[str, str], ...]  # (prefix, guide family), longest first

    def lookup(self, name: str | None) -> ModelProfile | None:
        if not name:
            return None
        return self.by_name.get(name.strip().casefold())

    def active(self) -> tuple[ModelProfile, ...]:
        return tuple(p for p in self.profiles if not p.retired)


def _profile(name: str, m: _Model, fam: _Family, file: str) -> ModelProfile:
    sources: dict[str, Source] = {}
    for what, sid in {**m.source, **{f"price:{i}": p.source for i, p in enumerate(m.prices)}}.items():
        src = fam.sources.get(sid)
        if src is None:
            raise ProfileError(file, f"models.{name}.source.{what}" if not what.startswith("price:")
                               else f"models.{name}.prices[{what[6:]}].source",
                               f"unknown source '{sid}'; the [sources] table has {', '.join(sorted(fam.sources))}")
        sources[what] = Source(src.title, src.url, src.read)
    if not m.prices:
        sources.setdefault("prices", sources["default"])
    values = m.model_dump(exclude={"prices", "source"})
    return ModelProfile(name=name, family=fam.family, guide=fam.guide, vendor=fam.vendor, self_hosted=fam.self_hosted,
                        prices=tuple(Price(p.per_second, p.sizes, p.source) for p in m.prices), sources=sources,
                        **values)


def load_dir(folder: Path) -> Catalog:
    """Read and validate every ``*.toml`` in ``folder``. Raises ProfileError naming file, key and problem."""
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ProfileError(str(folder), "(folder)", "no model profile files (*.toml) found")
    profiles: list[ModelProfile] = []
    by_name: dict[str, ModelProfile] = {}
    owner: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for f in files:
        try:
            raw = tomllib.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise ProfileError(f.name, "(file)", f"cannot be read: {e}") from None
        except tomllib.TOMLDecodeError as e:
            raise ProfileError(f.name, "(syntax)", str(e)) from None
        try:
            fam = _Family.model_validate(raw)
        except ValidationError as e:
            first = e.errors()[0]
            raise ProfileError(f.name, _key(first["loc"]), first["msg"].removeprefix("Value error, ")) from None
        prefixes += [(p.casefold(), fam.guide) for p in fam.prefixes]
        for name, m in fam.models.items():
            profile = _profile(name, m, fam, f.name)
            for n in profile.names:
                k = n.casefold()
                if k in by_name:
                    raise ProfileError(f.name, f"models.{name}", f"the name '{n}' is already used in {owner[k]}")
                by_name[k], owner[k] = profile, f.name
            profiles.append(profile)
    for p in profiles:
        if p.successor and p.successor.casefold() not in by_name:
            raise ProfileError(owner[p.name.casefold()], f"models.{p.name}.successor",
                               f"successor '{p.successor}' is not a profiled model")
    return Catalog(tuple(profiles), by_name, tuple(sorted(prefixes, key=lambda x: -len(x[0]))))


@cache
def catalog() -> Catalog:
    """The shipped profiles (``resources/models/``), loaded once per process."""
    return load_dir(resources.path("models"))


def lookup(name: str | None) -> ModelProfile | None:
    """The profile a model name (native id or gateway alias) belongs to; None for a model no profile knows."""
    return catalog().lookup(name)


def default_model() -> str:
    """The model new projects and `slate lint` start with: the first active profile of the default family."""
    p = lookup("veo-3.1")
    return p.name if p is not None and not p.retired else catalog().active()[0].name

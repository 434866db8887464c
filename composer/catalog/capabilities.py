"""Models, sizes, seconds, limits and prices, loaded from ``resources/`` (never hard-coded)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from composer import resources


class Mode(StrEnum):
    STRICT = "strict"  # the SDK/OpenAPI contract
    DOCS = "docs"  # the guides' wider claims (16/20 s, 1080p on pro)


@dataclass(frozen=True)
class ModelCaps:
    name: str
    label: str
    sizes: tuple[str, ...]
    seconds: tuple[int, ...]


@dataclass(frozen=True)
class Limits:
    max_characters_per_shot: int
    max_extensions: int
    max_extension_chain_seconds: int
    prompt_max_chars: int


@cache
def _raw() -> dict:  # type: ignore[type-arg]
    with resources.path("capabilities.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _prices() -> dict:  # type: ignore[type-arg]
    with resources.path("prices.toml").open("rb") as f:
        return tomllib.load(f)


def default_mode() -> Mode:
    return Mode(_raw().get("default_mode", "strict"))


def model_names() -> tuple[str, ...]:
    return tuple(_raw()["models"])


def model(name: str, mode: Mode | None = None) -> ModelCaps | None:
    """Capabilities of ``name`` in ``mode``; None for a model Slate does not know."""
    mode = mode or default_mode()
    m = _raw()["models"].get(name)
    if m is None:
        return None
    sizes = list(m["sizes"])
    seconds = list(m["seconds"])
    if mode is Mode.DOCS:
        sizes += m.get("docs_sizes", [])
        seconds += m.get("docs_seconds", [])
    return ModelCaps(name, m.get("label", name), tuple(sizes), tuple(sorted(seconds)))


def limits() -> Limits:
    return Limits(**_raw()["limits"])


def price_per_second(model_name: str, size: str) -> float | None:
    """USD per second, or None where no price is known."""
    for p in _prices()["price"]:
        if p["model"] == model_name and size in p["sizes"]:
            return float(p["per_second"])
    return None


def estimate_cost(model_name: str, size: str, seconds: int, *, backend: str = "openai") -> float:
    """Estimated USD for one render; the offline animatic backend is free."""
    if backend == "animatic":
        return 0.0
    rate = price_per_second(model_name, size)
    return round((rate or 0.0) * seconds, 2)


def confirm_threshold() -> float:
    return float(_prices().get("confirm_above", 5.0))

"""What a render costs, from the profiles' prices: an estimate before submit, and the confirm threshold.

An unknown price is ``None`` all the way to the screen ("price unknown"), never 0: a person must not read an
unpriced render as free. Self-hosted models have a vendor price of 0 (the GPU is yours), which is known.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from composer import resources
from composer.catalog.loader import lookup
from composer.catalog.profiles import ModelProfile


@cache
def _settings() -> dict[str, Any]:
    with resources.path("cost.toml").open("rb") as f:
        return tomllib.load(f)


def price_per_second(model: str | ModelProfile | None, size: str) -> float | None:
    """USD per generated second at ``size``, or None where no price is known (or the model is unknown)."""
    profile = lookup(model) if isinstance(model, str) or model is None else model
    if profile is None:
        return None
    for p in profile.prices:
        if not p.sizes or size in p.sizes:
            return p.per_second
    return None


def estimate_cost(model: str, size: str, seconds: int, *, backend: str = "openai") -> float | None:
    """Estimated USD for one render; None when unknown. The offline animatic backend is free."""
    if backend == "animatic":
        return 0.0
    rate = price_per_second(model, size)
    return None if rate is None else round(rate * seconds, 2)


def confirm_threshold() -> float:
    return float(_settings().get("confirm_above", 5.0))


def format_cost(cost: float | None) -> str:
    """``$1.20``, or ``price unknown``."""
    return "price unknown" if cost is None else f"${cost:.2f}"

"""Which models an endpoint offers: ``GET /v1/models``, each id matched to a profile (or unknown), and its dialect.

Off the GUI thread always (Settings runs it through ``ui/ops``). An endpoint whose ``/v1/models`` is missing,
refuses, or answers garbage is still usable with a typed model name: discovery then returns no models and a
sentence saying why, never an exception a person sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.catalog import dialects
from composer.catalog.loader import lookup
from composer.catalog.profiles import ModelProfile
from composer.errors import SlateError
from composer.queue.endpoints import Endpoint, make_backend


@dataclass(frozen=True)
class DiscoveredModel:
    id: str
    profile: ModelProfile | None

    @property
    def matched(self) -> str:
        """What Settings shows next to the id: the profile's label and status, or "unknown"."""
        if self.profile is None:
            return "unknown"
        return self.profile.label + (" (retired)" if self.profile.retired else "")


@dataclass(frozen=True)
class Discovery:
    models: tuple[DiscoveredModel, ...]
    dialect: str | None  # what the answer suggests (None: it did not say)
    problem: str = ""  # why no list came back; the endpoint still works with a typed model name


def parse_models(headers: dict[str, str], body: object) -> Discovery:
    """Read a ``/v1/models`` answer; anything that is not ``{"data": [{"id": ...}]}`` is a problem, not a crash."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return Discovery((), dialects.detect(headers, body),
                         "the endpoint's /v1/models answer is not a model list; type the model name in the shot")
    ids = [m["id"] for m in data if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"].strip()]
    found = tuple(DiscoveredModel(i, lookup(i)) for i in dict.fromkeys(ids))
    return Discovery(found, dialects.detect(headers, body),
                     "" if found else "the endpoint lists no models; type the model name in the shot")


def discover(endpoint: Endpoint) -> Discovery:
    """Ask the endpoint for its models (network: call it off the GUI thread)."""
    if endpoint.kind != "openai":
        return Discovery((), None, "the offline animatic has no model list")
    try:
        backend = make_backend(endpoint)
    except SlateError as e:
        return Discovery((), None, f"{e} The endpoint still works with a typed model name.")
    try:
        headers, body = backend.models()  # type: ignore[attr-defined]
        found = parse_models(headers, body)
        if found.dialect in (None, "openai") and backend.is_litellm():  # type: ignore[attr-defined]
            return Discovery(found.models, "litellm", found.problem)
        return found
    except SlateError as e:
        return Discovery((), None, f"{e} The endpoint still works with a typed model name.")
    finally:
        backend.close()  # type: ignore[attr-defined]


__all__ = ["DiscoveredModel", "Discovery", "discover", "parse_models"]

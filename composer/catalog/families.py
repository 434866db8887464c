"""Which prompting guide a model follows: a model name (native id or gateway alias) -> guide family.

A stand-in until the model profiles of issue 15 land: then this function reads the profile's ``guide`` and
keeps its signature. Until then it maps by name prefix, so ``openai/sora-2-pro``, ``gemini/veo-3.1-fast`` and
``runwayml/gen4_turbo`` resolve like their native ids. None means the family is unknown: only the lint rules
that are generic craft run for it.
"""

from __future__ import annotations

# (family, name prefixes): checked against each "/"-separated segment of the name, last segment first.
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sora", ("sora-2", "sora2")),
    ("veo", ("veo",)),
    ("runway", ("gen4", "gen-4", "runwayml", "runway")),
    ("seedance", ("seedance", "dreamina-seedance", "doubao-seedance")),
    ("kling", ("kling",)),
    ("wan", ("wan",)),
    ("ltx", ("ltx",)),
    ("luma", ("ray-", "ray2", "luma")),
    ("minimax", ("minimax", "hailuo")),
)


def guide_family(model: str | None) -> str | None:
    """The guide family of ``model`` ("sora", "veo", ...), or None when no family is known for it."""
    if not model:
        return None
    segments = [s for s in model.strip().lower().split("/") if s]
    for segment in reversed(segments):
        for family, prefixes in _PREFIXES:
            if segment.startswith(prefixes):
                return family
    return None

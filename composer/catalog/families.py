"""Which prompting guide a model follows: a model name (native id or gateway alias) -> guide family.

Read from the model profiles (each has a ``guide``): a profiled name gives its profile's guide; any other name is
matched by the families' name prefixes (each family file lists them), on each "/"-separated segment, last
first, so ``gemini/veo-3.0-generate-001`` or ``openai/sora-2-pro`` resolve like their native ids. None means the
family is unknown: only the lint rules that are generic craft run for it.
"""

from __future__ import annotations

from composer.catalog.loader import catalog


def guide_family(model: str | None) -> str | None:
    """The guide family of ``model`` ("sora", "veo", ...), or None when no family is known for it."""
    if not model or not model.strip():
        return None
    cat = catalog()
    profile = cat.lookup(model)
    if profile is not None:
        return profile.guide
    name = model.strip().casefold()
    for prefix, family in cat.prefixes:
        if prefix.endswith("/") and name.startswith(prefix):
            return family
    for segment in reversed([s for s in name.split("/") if s]):
        for prefix, family in cat.prefixes:
            if not prefix.endswith("/") and segment.startswith(prefix):
                return family
    return None


# Families whose API counts the prompt in UTF-16 code units (Runway: "promptText.length <= 1000" in JavaScript), so an
# emoji or a CJK extension character counts two there.
_UTF16_FAMILIES = frozenset({"runway"})


def prompt_length(model: str | None, text: str) -> int:
    """The prompt's length as ``model``'s API counts it against its cap: UTF-16 units for Runway, else characters.

    One answer for the lint rule that warns before sending (SL072) and the stand-in that refuses like the API.
    """
    if guide_family(model) in _UTF16_FAMILIES:
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(text)

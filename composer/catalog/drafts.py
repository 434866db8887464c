"""The cheap draft of a render: the settings a model's profile names for drafts (``[models.X.draft]``).

Seed 003: "generate a preview at lower resolution" first. A draft keeps the shot's prompt and shape and changes
only what costs: a fast variant, a smaller size of the same shape, the shortest length — or the offline animatic
where no endpoint can render the model (a retired one). A model no profile knows drafts on the animatic: its
cheap settings are unknown, and a free draft never surprises anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.catalog.loader import lookup
from composer.catalog.profiles import nearest_size


@dataclass(frozen=True)
class DraftRender:
    model: str
    size: str
    seconds: int
    animatic: bool  # render the draft offline, whatever the endpoint
    reason: str


def draft_render(model: str, size: str, seconds: int) -> DraftRender:
    """The draft settings for a final render of ``model`` at ``size`` for ``seconds``."""
    profile = lookup(model)
    d = profile.draft if profile is not None else None
    if d is None:
        why = (f"'{model}' has no profile, so its cheap settings are unknown: drafted offline" if profile is None
               else f"{profile.label} names no draft settings: drafted offline")
        return DraftRender(model, size, seconds, True, why)
    if d.animatic:
        return DraftRender(model, size, seconds, True, d.reason)
    draft_size = nearest_size(size, d.sizes) if d.sizes else size
    # Never longer than the final: a 4 s final stays 4 s even where the draft length is 5.
    secs = min(d.seconds, seconds) if d.seconds is not None else seconds
    return DraftRender(d.model or model, draft_size or size, secs, False, d.reason)

"""The full render request of a shot: the assembled text plus the per-model parameters its profile takes.

``build_request`` is what the queue submits and what the preview shows (design §3: one function): the text is
exactly ``assemble(shot, project).text``; the parameters are the shot's render settings the chosen model takes
(negative prompt, seed, audio, reference and end frame), nothing else. A model no profile knows gets every
parameter the user set, exactly as set (its limits are unknown, so Slate does not second-guess them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from composer.catalog import dialects
from composer.catalog.loader import lookup
from composer.catalog.profiles import ModelProfile
from composer.document.models import Project, Shot
from composer.prompt.assembly import Assembled, assemble

_EVERY_PARAM = ("negative_prompt", "seed", "audio", "reference_image", "end_frame")


@dataclass(frozen=True)
class RenderRequest:
    text: str
    model: str
    size: str
    seconds: int
    params: dict[str, object] = field(default_factory=dict)  # negative_prompt, seed, audio (as the shot sets them)
    reference_image: str | None = None  # project-relative media paths
    end_frame: str | None = None
    fps: int | None = None
    profile: ModelProfile | None = field(default=None, compare=False)

    def files(self) -> dict[str, str]:
        """File fields by wire name -> file name (the upload's name, as the server sees it)."""
        out = {}
        if self.reference_image:
            out["input_reference"] = PurePath(self.reference_image).name
        if self.end_frame:
            out["last_frame"] = PurePath(self.end_frame).name
        return out

    def wire(self, dialect: str | None) -> list[tuple[str, str]]:
        return dialects.wire_fields(dialect, prompt=self.text, model=self.model, size=self.size,
                                    seconds=self.seconds, params=self.params, fps=self.fps, files=self.files())

    def describe(self, dialect: str | None) -> str:
        """What the preview shows: every field of the create, then the prompt text (byte for byte)."""
        return dialects.describe(self.wire(dialect))


def takes(profile: ModelProfile | None) -> tuple[str, ...]:
    """The per-model parameters the shot form offers and the request carries for this profile."""
    return _EVERY_PARAM if profile is None else profile.params


def build_request(shot: Shot, project: Project, *, assembled: Assembled | None = None) -> RenderRequest:
    """The request for ``shot``; ``assembled`` is its already assembled text (the Document caches it)."""
    model, size, seconds, _layout = project.effective_render(shot)
    profile = lookup(model)
    allowed = takes(profile)
    r = shot.render
    params: dict[str, object] = {}
    if "negative_prompt" in allowed and r.negative_prompt and r.negative_prompt.strip():
        params["negative_prompt"] = r.negative_prompt.strip()
    if "seed" in allowed and r.seed is not None:
        params["seed"] = r.seed
    if "audio" in allowed and r.audio is not None:
        params["audio"] = r.audio
    return RenderRequest(
        text=(assembled or assemble(shot, project)).text, model=model, size=size, seconds=seconds, params=params,
        reference_image=shot.reference_image if "reference_image" in allowed else None,
        end_frame=r.end_frame if "end_frame" in allowed else None,
        fps=profile.fps if profile is not None else None, profile=profile)

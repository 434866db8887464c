"""What to draw: a ClipSpec built from a Shot (structured) or from render hints / a bare prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from composer.document.models import Project, Shot
from composer.prompt.assembly import beat_times, palette_for


@dataclass(frozen=True)
class Caption:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ClipSpec:
    width: int
    height: int
    seconds: float
    fps: int = 24
    title: str = ""
    beats: tuple[Caption, ...] = ()
    dialogue: tuple[Caption, ...] = ()
    palette: tuple[str, ...] = ()
    camera_movement: str = ""
    reference_image: Path | None = None
    timecode: bool = True


def _spread(lines: list[str], seconds: float) -> tuple[Caption, ...]:
    n = len(lines)
    return tuple(Caption(round(seconds * i / n, 3), round(seconds * (i + 1) / n, 3), t) for i, t in enumerate(lines))


def spec_from_shot(shot: Shot, project: Project, *, media_root: Path | None = None) -> ClipSpec:
    _model, size, seconds, _layout = project.effective_render(shot)
    w, h = (int(x) for x in size.split("x"))
    beats = tuple(Caption(s, e, b.text) for (s, e), b in zip(beat_times(shot, seconds), shot.beats, strict=True)
                  if b.text.strip())
    dialogue = _spread([f"{d.speaker or '?'}: {d.line}" for d in shot.dialogue if d.line.strip()], seconds)
    ref = None
    if shot.reference_image:
        ref = (media_root / shot.reference_image) if media_root else Path(shot.reference_image)
    return ClipSpec(w, h, float(seconds), title=shot.title or shot.id, beats=beats, dialogue=dialogue,
                    palette=tuple(a.hex for a in palette_for(shot, project) if a.hex),
                    camera_movement=shot.camera.movement, reference_image=ref)


def hints_from_shot(shot: Shot, project: Project) -> dict[str, Any]:
    """The plain-dict form of a spec that travels with a render request (CreateRequest.animatic)."""
    spec = spec_from_shot(shot, project)
    return {"title": spec.title, "beats": [[c.start, c.end, c.text] for c in spec.beats],
            "dialogue": [[c.start, c.end, c.text] for c in spec.dialogue], "palette": list(spec.palette),
            "camera_movement": spec.camera_movement,
            "reference_image": str(spec.reference_image) if spec.reference_image else None}


def spec_from_hints(hints: dict[str, Any], *, width: int, height: int, seconds: float, prompt: str = "") -> ClipSpec:
    """A spec from request hints, or — for any prompt, e.g. in the stand-in server — from the text alone."""
    beats = tuple(Caption(float(a), float(b), str(t)) for a, b, t in hints.get("beats", []))
    if not beats and prompt:
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", prompt) if s.strip()][:4]
        beats = _spread(sentences, seconds)
    ref = hints.get("reference_image")
    return ClipSpec(width, height, float(seconds), title=str(hints.get("title", "")), beats=beats,
                    dialogue=tuple(Caption(float(a), float(b), str(t)) for a, b, t in hints.get("dialogue", [])),
                    palette=tuple(hints.get("palette", ())), camera_movement=str(hints.get("camera_movement", "")),
                    reference_image=Path(ref) if ref else None)

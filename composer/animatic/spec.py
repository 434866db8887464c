"""What to draw: a ClipSpec built from a Shot (structured), from render hints, or from a bare prompt.

The spec keeps the shot's own words (framing, move, lighting, setting, beats, lines, sound); ``plan``
decides what they mean. Hints are the spec as plain JSON, stored with a job; a remix, edit or extend
(and the stand-in server, which only gets text) rebuilds the spec from its prompt, borrowing from the
parent's hints only what a prompt cannot carry (hex colours, beat times, who the figures are).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from composer.animatic import vocab
from composer.animatic.prompt_read import read_prompt
from composer.document.models import Project, Shot
from composer.prompt.assembly import assemble, beat_times, palette_for

HINTS_VERSION = 2


@dataclass(frozen=True)
class Caption:
    """An action beat and the seconds it covers."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Line:
    """A dialogue line; ``plan`` decides when it is said."""

    speaker: str
    emotion: str
    text: str


@dataclass(frozen=True)
class ClipSpec:
    width: int
    height: int
    seconds: float
    fps: int = 24
    title: str = ""
    beats: tuple[Caption, ...] = ()
    dialogue: tuple[Line, ...] = ()
    palette: tuple[str, ...] = ()  # "#rrggbb", in the shot's order
    camera_movement: str = ""
    framing: str = ""
    angle: str = ""
    lens: str = ""
    lighting: str = ""  # sources first (the key), then quality and direction, comma-separated
    setting: str = ""  # the prose: style, characters, subject, scene
    subject: str = ""
    figures: tuple[str, ...] = ()  # the named characters in the shot
    sound: str = ""
    reference_image: Path | None = None
    timecode: bool = True
    # Pinned ends (issue 20): the clip opens on ``first_frame`` exactly (a chain's previous last frame) and dissolves
    # into its own picture; ``last_frame`` is where it dissolves to and ends (a model's end frame).
    first_frame: Path | None = None
    last_frame: Path | None = None


def pinned(spec: ClipSpec, first: str | Path | None, last: str | Path | None) -> ClipSpec:
    """``spec`` opening on ``first`` and ending on ``last`` (either may be None); the first frame is also the
    background the figures stand in, as a reference image is."""
    if not first and not last:
        return spec
    ref = Path(first) if first else spec.reference_image
    return replace(spec, reference_image=ref, first_frame=Path(first) if first else None,
                   last_frame=Path(last) if last else None)


def sound_text(text: str) -> str:
    """One spelling of the sound cue for both paths (the prompt capitalises it and adds a full stop)."""
    t = " ".join(text.split()).rstrip(".")
    return t[:1].upper() + t[1:]


def _prose(text: str) -> str:
    """The assembled prompt's first paragraph: style line, characters, subject, scene."""
    return text.split("\n\n", 1)[0].strip()


def spec_from_shot(shot: Shot, project: Project, *, media_root: Path | None = None) -> ClipSpec:
    _model, size, seconds, _layout = project.effective_render(shot)
    w, h = (int(x) for x in size.split("x"))
    beats = tuple(Caption(s, e, b.text.strip()) for (s, e), b in zip(beat_times(shot, seconds), shot.beats,
                                                                     strict=True) if b.text.strip())
    figures: list[str] = []
    for cid in shot.characters:
        c = project.character(cid)
        figures.append(c.name if c else cid)
    for d in shot.dialogue:
        if d.speaker.strip() and d.speaker.strip().lower() not in {f.lower() for f in figures}:
            figures.append(d.speaker.strip())
    ref: Path | None = None
    if shot.reference_image:
        ref = (media_root / shot.reference_image) if media_root else Path(shot.reference_image)
    lighting = ", ".join(x.strip() for x in (*shot.lighting.sources, shot.lighting.quality,
                                             shot.lighting.direction) if x.strip())
    return ClipSpec(w, h, float(seconds), title=shot.title or shot.id, beats=beats,
                    dialogue=tuple(Line(d.speaker.strip(), d.emotion.strip(), d.line.strip().strip('"“”'))
                                   for d in shot.dialogue if d.line.strip()),
                    palette=tuple(a.hex or vocab.colour(a.name) for a in palette_for(shot, project)
                                  if a.hex or a.name.strip()),
                    camera_movement=shot.camera.movement.strip(), framing=shot.camera.framing.strip(),
                    angle=shot.camera.angle.strip(), lens=shot.camera.lens.strip(), lighting=lighting,
                    setting=_prose(assemble(shot, project).text), subject=shot.subject.strip(),
                    figures=tuple(figures), sound=sound_text(shot.sound), reference_image=ref)


def hints_from_shot(shot: Shot, project: Project) -> dict[str, Any]:
    """The plain-dict form of a spec that travels with a render request (CreateRequest.animatic)."""
    spec = spec_from_shot(shot, project)
    names = [a.name for a in palette_for(shot, project) if a.hex or a.name.strip()]
    return {"animatic": HINTS_VERSION, "title": spec.title,
            "beats": [[c.start, c.end, c.text] for c in spec.beats],
            "dialogue": [[d.speaker, d.emotion, d.text] for d in spec.dialogue],
            "palette": list(spec.palette), "palette_names": names, "camera_movement": spec.camera_movement,
            "framing": spec.framing, "angle": spec.angle, "lens": spec.lens, "lighting": spec.lighting,
            "setting": spec.setting, "subject": spec.subject, "figures": list(spec.figures), "sound": spec.sound,
            "reference_image": str(spec.reference_image) if spec.reference_image else None}


def _structured(h: dict[str, Any], width: int, height: int, seconds: float) -> ClipSpec:
    ref = h.get("reference_image")
    return ClipSpec(width, height, float(seconds), title=str(h.get("title", "")),
                    beats=tuple(Caption(float(a), float(b), str(t)) for a, b, t in h.get("beats", [])),
                    dialogue=tuple(Line(str(s), str(e), str(t)) for s, e, t in h.get("dialogue", [])),
                    palette=tuple(str(c) for c in h.get("palette", [])),
                    camera_movement=str(h.get("camera_movement", "")), framing=str(h.get("framing", "")),
                    angle=str(h.get("angle", "")), lens=str(h.get("lens", "")), lighting=str(h.get("lighting", "")),
                    setting=str(h.get("setting", "")), subject=str(h.get("subject", "")),
                    figures=tuple(str(f) for f in h.get("figures", [])), sound=str(h.get("sound", "")),
                    reference_image=Path(ref) if ref else None)


def spec_from_prompt(prompt: str, *, width: int, height: int, seconds: float,
                     parent: dict[str, Any] | None = None) -> ClipSpec:
    """A spec read from prompt text; ``parent`` hints fill in what text cannot say (hex, beat times, names)."""
    p = parent or {}
    r = read_prompt(prompt, seconds)
    known = dict(zip((str(n).lower() for n in p.get("palette_names", [])), p.get("palette", []), strict=False))
    palette = tuple(known.get(n.lower()) or vocab.colour(n) for n in r.palette)
    if not palette and not r.sectioned:
        palette = tuple(str(c) for c in p.get("palette", []))
    beats = tuple(Caption(s, e, t) for s, e, t in r.beats)
    parent_beats = [(float(a), float(b), str(t)) for a, b, t in p.get("beats", []) if isinstance(t, str)]
    if not r.timed and [t for _s, _e, t in parent_beats] == [c.text for c in beats]:
        beats = tuple(Caption(s, e, t) for s, e, t in parent_beats)  # same beats: keep their set times
    low = prompt.lower()
    figures = [str(f) for f in p.get("figures", []) if str(f).lower() in low]
    for name in r.names:
        if name.lower() not in {f.lower() for f in figures}:
            figures.append(name)
    subject = str(p.get("subject", ""))
    if not subject or subject.lower() not in low:
        subject = r.subject
    ref = p.get("reference_image")
    return ClipSpec(width, height, float(seconds), title=str(p.get("title", "")), beats=beats,
                    dialogue=tuple(Line(s, e, t) for s, e, t in r.dialogue), palette=palette,
                    camera_movement=r.movement, framing=r.framing, angle=r.angle, lens=r.lens,
                    lighting=r.lighting, setting=r.setting, subject=subject, figures=tuple(figures),
                    sound=sound_text(r.sound), reference_image=Path(ref) if ref else None)


def spec_from_hints(hints: dict[str, Any], *, width: int, height: int, seconds: float, prompt: str = "") -> ClipSpec:
    """A spec from request hints, or — for any prompt, e.g. in the stand-in server or a remix — from its text.

    Hints written before this version (or broken ones) never fail a render: the prompt is read instead.
    """
    if hints.get("animatic") == HINTS_VERSION and not hints.get("derived"):
        try:
            return _structured(hints, width, height, seconds)
        except (TypeError, ValueError):
            pass
    parent = hints if hints.get("animatic") == HINTS_VERSION else {
        k: hints[k] for k in ("title", "reference_image") if hints.get(k)}
    spec = spec_from_prompt(prompt, width=width, height=height, seconds=seconds, parent=parent)
    if not spec.palette and isinstance(hints.get("palette"), list):
        spec = replace(spec, palette=tuple(str(c) for c in hints["palette"] if isinstance(c, str)))
    return spec

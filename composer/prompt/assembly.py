"""The one prompt renderer: Shot + Project -> the exact text that is previewed and sent.

Pure and deterministic: no I/O, no clock. The preview shows ``Assembled.text`` and the render
request sends the same string; nothing post-processes it. Spans map text ranges back to the
form field that produced them, so the preview can highlight and lint can point at a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from composer.document import fields
from composer.document.fields import FieldPath
from composer.document.models import ColorAnchor, Layout, Project, Shot
from composer.prompt.spans import Assembled as Assembled  # re-exported: callers import it from here
from composer.prompt.spans import Span


@dataclass
class _Builder:
    parts: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    pos: int = 0

    def add(self, text: str, path: FieldPath | None = None) -> None:
        if not text:
            return
        if path is not None:
            self.spans.append(Span(path, self.pos, self.pos + len(text)))
        self.parts.append(text)
        self.pos += len(text)

    def join(self, items: list[tuple[str, FieldPath]], sep: str) -> None:
        for i, (text, path) in enumerate(items):
            if i:
                self.add(sep)
            self.add(text, path)


def _sentence(text: str) -> str:
    """Strip and end with terminal punctuation so joined prose reads as sentences."""
    t = " ".join(text.split())
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    if t and t[-1] not in ".!?…\"'”":
        t += "."
    return t


def _clean(text: str) -> str:
    return " ".join(text.split())


def style_line(shot: Shot, project: Project) -> str:
    """The style sentence: an explicit per-shot override, else the project's style spine verbatim."""
    if shot.style_override is not None and shot.style_override.strip():
        return _sentence(shot.style_override)
    return project.style_spine.text()


def palette_for(shot: Shot, project: Project) -> list[ColorAnchor]:
    return shot.palette or project.style_spine.palette


def fmt_time(t: float) -> str:
    return f"{t:.2f}"


def beat_times(shot: Shot, seconds: int) -> list[tuple[float, float]]:
    """Start/end per beat: given times kept, missing ones spread evenly over the clip."""
    n = len(shot.beats)
    out: list[tuple[float, float]] = []
    for i, b in enumerate(shot.beats):
        start = b.start if b.start is not None else round(seconds * i / n, 2)
        end = b.end if b.end is not None else round(seconds * (i + 1) / n, 2)
        out.append((start, end))
    return out


def _prose(b: _Builder, shot: Shot, project: Project) -> None:
    style = style_line(shot, project)
    b.add(style, fields.STYLE)
    pieces: list[tuple[str, FieldPath]] = []
    # Bible characters come first, verbatim, so every shot names them with the same words.
    for i, ref in enumerate(shot.characters):
        c = project.character(ref)
        if c is None or not (c.description.strip() or c.wardrobe.strip()):
            continue
        desc = _clean(c.description).rstrip(".")
        if c.wardrobe.strip():
            desc = f"{desc}, wearing {_clean(c.wardrobe)}" if desc else f"wearing {_clean(c.wardrobe)}"
        pieces.append((_sentence(f"{c.name}: {desc}"), FieldPath(f"characters[{i}]")))
    if shot.subject.strip():
        pieces.append((_sentence(shot.subject), fields.SUBJECT))
    if shot.scene.strip():
        pieces.append((_sentence(shot.scene), fields.SCENE))
    if pieces and style:
        b.add(" ")
    b.join(pieces, " ")


def _cinematography(b: _Builder, shot: Shot, project: Project, *, header: bool) -> None:
    cam = [(_clean(v), p) for v, p in (
        (shot.camera.framing, fields.CAMERA_FRAMING), (shot.camera.angle, fields.CAMERA_ANGLE),
        (shot.camera.lens, fields.CAMERA_LENS), (shot.camera.movement, fields.CAMERA_MOVEMENT)) if v.strip()]
    light = [(_clean(s), fields.light_source(i)) for i, s in enumerate(shot.lighting.sources) if s.strip()]
    light += [(_clean(v), p) for v, p in (
        (shot.lighting.quality, fields.LIGHTING_QUALITY),
        (shot.lighting.direction, fields.LIGHTING_DIRECTION)) if v.strip()]
    palette = [(_clean(a.name or a.hex), fields.palette_anchor(i))
               for i, a in enumerate(palette_for(shot, project)) if (a.name or a.hex).strip()]
    mood = _clean(shot.mood)
    if not (cam or light or palette or mood):
        return
    b.add("\n\n")
    if header:
        b.add("Cinematography:\n")
    lines = 0
    for label, items in (("Camera: ", cam), ("Lighting: ", light), ("Palette: ", palette)):
        if items:
            b.add("\n" if lines else "")
            b.add(label)
            b.join(items, ", ")
            lines += 1
    if mood:
        b.add("\n" if lines else "")
        b.add("Mood: ")
        b.add(mood, fields.MOOD)


def _actions(b: _Builder, shot: Shot) -> None:
    beats = [(i, _clean(bt.text)) for i, bt in enumerate(shot.beats) if bt.text.strip()]
    if not beats:
        return
    b.add("\n\nActions:")
    for i, text in beats:
        b.add("\n- ")
        b.add(text, fields.beat(i))


def _timecoded_beats(b: _Builder, shot: Shot, seconds: int) -> None:
    times = beat_times(shot, seconds)
    rows = [(i, _clean(bt.text)) for i, bt in enumerate(shot.beats) if bt.text.strip()]
    if not rows:
        return
    b.add("\n")
    for i, text in rows:
        start, end = times[i]
        b.add("\n")
        b.add(f"{fmt_time(start)}-{fmt_time(end)} — ", FieldPath(f"beats[{i}].time"))
        b.add(text, fields.beat(i))


def _dialogue(b: _Builder, shot: Shot) -> None:
    lines = [(i, d) for i, d in enumerate(shot.dialogue) if d.line.strip()]
    if not lines:
        return
    b.add("\n\nDialogue:")
    for i, d in lines:
        b.add("\n- ")
        if d.speaker.strip():
            b.add(_clean(d.speaker), fields.dialogue(i, "speaker"))
            if d.emotion.strip():
                b.add(" (")
                b.add(_clean(d.emotion), fields.dialogue(i, "emotion"))
                b.add(")")
            b.add(": ")
        line = _clean(d.line).strip('"“”')
        b.add(f'"{line}"', fields.dialogue(i, "line"))


def _sound_and_avoid(b: _Builder, shot: Shot) -> None:
    if shot.sound.strip():
        b.add("\n\nBackground Sound: ")
        b.add(_sentence(shot.sound), fields.SOUND)
    avoid = [(_clean(a).rstrip("."), fields.avoid_item(i)) for i, a in enumerate(shot.avoid) if a.strip()]
    if avoid:
        b.add("\n\nAvoid: ")
        b.join(avoid, ", ")
        b.add(".")


def assemble(shot: Shot, project: Project) -> Assembled:
    """Render ``shot`` in its effective layout. The preview and the render request both call this."""
    _model, _size, seconds, layout = project.effective_render(shot)
    b = _Builder()
    _prose(b, shot, project)
    if layout is Layout.TIMECODED:
        _timecoded_beats(b, shot, seconds)
        _cinematography(b, shot, project, header=False)
    else:
        _cinematography(b, shot, project, header=True)
        _actions(b, shot)
    _dialogue(b, shot)
    _sound_and_avoid(b, shot)
    text = "".join(b.parts)
    # A shot whose first fields are empty must not start with blank lines.
    lead = len(text) - len(text.lstrip("\n "))
    if lead:
        text = text[lead:]
        spans = tuple(Span(s.field, s.start - lead, s.end - lead) for s in b.spans)
    else:
        spans = tuple(b.spans)
    return Assembled(text, spans, layout)

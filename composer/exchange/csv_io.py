"""CSV shot list: one row per shot, one column per field, UTF-8 with BOM so spreadsheets read accents right."""

from __future__ import annotations

import csv
import io

from pydantic import ValidationError

from composer.document.models import (
    Beat,
    Camera,
    ColorAnchor,
    DialogueLine,
    Layout,
    Lighting,
    Project,
    RenderSettings,
    Shot,
)
from composer.errors import InputError

COLUMNS = ["id", "title", "style_override", "subject", "characters", "scene", "beats", "framing", "angle", "lens",
           "movement",
           "lighting", "palette", "mood", "sound", "dialogue", "avoid", "model", "size", "seconds", "layout"]
SEP = " | "  # lists inside one cell (beats, light sources, dialogue lines)
MAX_FIELD = 20_000
MAX_SHOTS = Project.model_fields["shots"].metadata[0].max_length


def dumps(project: Project) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.DictWriter(buf, COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for s in project.shots:
        w.writerow({
            "id": s.id, "title": s.title, "style_override": s.style_override or "", "subject": s.subject,
            "characters": SEP.join(s.characters), "scene": s.scene,
            "beats": SEP.join(b.text + (f" @{b.start}-{b.end}" if b.start is not None and b.end is not None else "")
                              for b in s.beats),
            "framing": s.camera.framing, "angle": s.camera.angle, "lens": s.camera.lens,
            "movement": s.camera.movement, "lighting": SEP.join(s.lighting.sources),
            "palette": SEP.join(f"{a.name} {a.hex}".strip() for a in s.palette), "mood": s.mood, "sound": s.sound,
            "dialogue": SEP.join(f"{d.speaker} ({d.emotion}): {d.line}" if d.emotion else f"{d.speaker}: {d.line}"
                                 for d in s.dialogue),
            "avoid": SEP.join(s.avoid), "model": s.render.model or "", "size": s.render.size or "",
            "seconds": "" if s.render.seconds is None else str(s.render.seconds),
            "layout": s.render.layout.value if s.render.layout else ""})
    return buf.getvalue()


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _beat(text: str) -> Beat:
    body, at, times = text.rpartition(" @")
    if at:
        start, _, end = times.partition("-")
        try:
            return Beat(text=body, start=float(start), end=float(end))
        except ValueError:
            pass
    return Beat(text=text)


def _line(text: str) -> DialogueLine:
    head, sep, line = text.partition(":")
    if not sep:
        return DialogueLine(line=text)
    speaker, _, emotion = head.partition("(")
    return DialogueLine(speaker=speaker.strip(), emotion=emotion.rstrip(") ").strip(), line=line.strip())


def _anchor(text: str) -> ColorAnchor:
    words = text.split()
    hexes = [w for w in words if w.startswith("#")]
    return ColorAnchor(name=" ".join(w for w in words if not w.startswith("#")), hex=hexes[0] if hexes else "")


def loads(text: str) -> Project:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}") from None
    missing = {"subject"} - set(header or [])
    if missing:
        raise InputError("this CSV has no 'subject' column", hint=f"Use the columns: {', '.join(COLUMNS)}.")
    shots: list[Shot] = []
    ids: set[str] = set()  # a set, not a rebuilt list per row: 100k rows took > 25 min (issue 19)
    try:
        for n, row in enumerate(reader, start=2):
            if len(shots) >= MAX_SHOTS:  # refuse at the first row too many, not after reading 100k of them
                raise InputError(f"this CSV has more than {MAX_SHOTS:,} shot rows; a project holds at most "
                                 f"{MAX_SHOTS:,}", hint="Split it into several files and import each into its own "
                                                         "project.")
            if any(len(v or "") > MAX_FIELD for v in row.values() if isinstance(v, str)):
                raise InputError(f"row {n}: a cell is longer than {MAX_FIELD} characters")
            g = {k: (row.get(k) or "").strip() for k in COLUMNS}
            try:
                shot = Shot(title=g["title"], style_override=g["style_override"] or None, subject=g["subject"],
                            characters=_split(g["characters"]),
                            scene=g["scene"], beats=[_beat(b) for b in _split(g["beats"])],
                            camera=Camera(framing=g["framing"], angle=g["angle"], lens=g["lens"],
                                          movement=g["movement"]),
                            lighting=Lighting(sources=_split(g["lighting"])),
                            palette=[_anchor(a) for a in _split(g["palette"])], mood=g["mood"], sound=g["sound"],
                            dialogue=[_line(d) for d in _split(g["dialogue"])], avoid=_split(g["avoid"]),
                            render=RenderSettings(model=g["model"] or None, size=g["size"] or None,
                                                  seconds=int(g["seconds"]) if g["seconds"] else None,
                                                  layout=Layout(g["layout"]) if g["layout"] else None))
            except (ValidationError, ValueError) as e:
                reason = e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e).splitlines()[0]
                raise InputError(f"row {n}: {reason}") from None
            if g["id"] and g["id"] not in ids:
                shot.id = g["id"]
            ids.add(shot.id)
            shots.append(shot)
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}") from None
    try:
        return Project(shots=shots)
    except ValidationError as e:
        raise InputError(f"not a valid shot list: {e.errors()[0]['msg']}") from None

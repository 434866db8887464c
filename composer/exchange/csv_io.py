"""CSV shot list: one row per shot, one column per field, UTF-8 with BOM so spreadsheets read accents right."""

from __future__ import annotations

import csv
import io
import re

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


def _seconds(cell: str) -> int | None:
    """A length as spreadsheets write it: ``8``, ``8s``, ``8 sec``, ``0:08``; None when empty."""
    cell = cell.strip().lower()
    if not cell:
        return None
    m = re.fullmatch(r"(?:(\d+):)?(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?", cell)
    if m is None:
        raise ValueError(f"'{cell}' is not a length in seconds (write 8, 8s or 0:08)")
    return round(int(m.group(1) or 0) * 60 + float(m.group(2)))


def _anchor(text: str) -> ColorAnchor:
    words = text.split()
    hexes = [w for w in words if w.startswith("#")]
    return ColorAnchor(name=" ".join(w for w in words if not w.startswith("#")), hex=hexes[0] if hexes else "")


# Column names other spreadsheets use for Slate's fields (compared lower-case, without spaces, '_' or '-'): what
# ``guess`` maps before the person confirms (issue 16 §4: a sheet with "Description" was refused outright).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("shotid", "shotnumber", "shotno", "no", "number", "#"),
    "title": ("shot", "shotname", "name", "shottitle", "heading", "slug"),
    "subject": ("description", "shotdescription", "action", "visual", "visuals", "whathappens", "prompt",
                "content", "who", "character"),
    "scene": ("location", "setting", "place", "environment", "scenedescription", "background"),
    "beats": ("actions", "beat", "timing", "blocking"),
    "framing": ("shotsize", "shottype", "framing", "size/framing", "type"),
    "angle": ("cameraangle", "angle"),
    "lens": ("focallength", "lens", "camera lens"),
    "movement": ("cameramovement", "cameramove", "move", "camera"),
    "lighting": ("light", "lights", "lightingnotes"),
    "palette": ("colors", "colours", "colorpalette", "colourpalette"),
    "mood": ("tone", "feel", "atmosphere"),
    "sound": ("audio", "sfx", "soundeffects", "music"),
    "dialogue": ("dialog", "lines", "vo", "voiceover"),
    "avoid": ("negative", "negatives", "exclude", "donotshow"),
    "seconds": ("duration", "length", "secs", "durations"),
    "model": ("videomodel",),
    "size": ("resolution",),
}


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch not in " _-\t")


def header(text: str) -> list[str]:
    """The CSV's column names, in order (empty for an empty file)."""
    try:
        row = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), [])
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}") from None
    return [c.strip() for c in row]


def guess(columns: list[str]) -> dict[str, str]:
    """Slate field -> the sheet's column for it: the same name first, then a common synonym; each column once."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    by_norm = {_norm(c): c for c in columns if c}
    for field in COLUMNS:  # exact names win over synonyms, for every field, before any synonym is tried
        if _norm(field) in by_norm:
            out[field] = by_norm[_norm(field)]
            taken.add(out[field])
    for field in COLUMNS:
        if field in out:
            continue
        for alias in SYNONYMS.get(field, ()):
            col = by_norm.get(_norm(alias))
            if col is not None and col not in taken:
                out[field] = col
                taken.add(col)
                break
    return out


def is_slate_sheet(columns: list[str]) -> bool:
    """Whether every column is one of Slate's own (an export from Slate): no mapping to confirm."""
    return bool(columns) and "subject" in columns and set(columns) <= set(COLUMNS)


def _mapping(columns: list[str], given: dict[str, str] | None) -> dict[str, str]:
    if given is None:
        mapping = guess(columns)
    else:
        unknown_fields = sorted(set(given) - set(COLUMNS))
        if unknown_fields:
            raise InputError(f"no Slate field {', '.join(unknown_fields)} to map a column to",
                             hint=f"The fields: {', '.join(COLUMNS)}.")
        missing = sorted(c for c in given.values() if c not in columns)
        if missing:
            raise InputError(f"this CSV has no column {', '.join(repr(m) for m in missing)}",
                             hint=f"Its columns: {', '.join(columns) or '(none)'}.")
        mapping = dict(given)
    if "subject" not in mapping:
        raise InputError(f"this CSV has no column Slate can read as the shot's subject (its columns: "
                         f"{', '.join(columns) or 'none'})",
                         hint="Say which column is which: File ▸ Import Shot List asks, and on the command line "
                              "pass --map subject=COLUMN (and --map title=…, --map scene=…).")
    return mapping


def loads(text: str, columns: dict[str, str] | None = None) -> Project:
    """Read a shot list; ``columns`` maps Slate fields to the sheet's columns (None: guess them)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        names = [c.strip() for c in (reader.fieldnames or [])]
    except csv.Error as e:
        raise InputError(f"not a readable CSV file: {e}") from None
    reader.fieldnames = names
    mapping = _mapping(names, columns)
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
            g = {k: (row.get(mapping[k]) or "").strip() if k in mapping else "" for k in COLUMNS}
            if not any(g.values()):
                continue  # a blank row between blocks of a spreadsheet
            try:
                title = f"Shot {g['title']}" if g["title"].isdigit() else g["title"]  # a "Shot" column of numbers
                shot = Shot(title=title, style_override=g["style_override"] or None, subject=g["subject"],
                            characters=_split(g["characters"]),
                            scene=g["scene"], beats=[_beat(b) for b in _split(g["beats"])],
                            camera=Camera(framing=g["framing"], angle=g["angle"], lens=g["lens"],
                                          movement=g["movement"]),
                            lighting=Lighting(sources=_split(g["lighting"])),
                            palette=[_anchor(a) for a in _split(g["palette"])], mood=g["mood"], sound=g["sound"],
                            dialogue=[_line(d) for d in _split(g["dialogue"])], avoid=_split(g["avoid"]),
                            render=RenderSettings(model=g["model"] or None, size=g["size"] or None,
                                                  seconds=_seconds(g["seconds"]),
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

"""Fountain screenplays: scene headings -> shots, action paragraphs -> beats, cues + dialogue -> dialogue lines.

Export writes a readable screenplay; the Slate-only fields of each shot (camera, lighting, palette, render...)
travel in a Fountain note ``[[slate: {...}]]`` so that export -> import gives back the same model, while a
screenwriter's edits to headings, action and dialogue still come through.
"""

from __future__ import annotations

import contextlib
import json
import re

from pydantic import ValidationError

from composer.document.models import Beat, DialogueLine, Project, Shot
from composer.errors import InputError

_HEADING = re.compile(r"^(?:INT|EXT|EST|INT\./EXT|INT/EXT|I/E)[. ]", re.IGNORECASE)
_TRANSITION = re.compile(r"^(?:[A-Z0-9 ']+TO:|FADE IN:|FADE OUT\.?|FADE TO BLACK\.?)$")
# Unambiguous on purpose (matched against stripped lines): the old "\s*" beside a class that holds spaces made a long
# line of spaces quadratic. Notes and boneyard are cut with str.find, in one pass: a lazy ".*?" regex rescanned to
# the end from every unclosed "[[" (40,000 of them took 213 s, issue 19).
_CUE = re.compile(r"^(?!.*[a-z])[A-Z0-9][A-Z0-9 .'\-#]*(?:\([^)]*\) *)*\^?$")
_TITLE = re.compile(r"^[ \t]*[A-Za-z][A-Za-z ]*:")
_EXTENSIONS = ("(V.O.)", "(O.S.)", "(O.C.)", "(CONT'D)", "(CONT’D)")
_VISIBLE = {"scene", "beats", "dialogue"}


def dumps(project: Project) -> str:
    out = [f"Title: {project.name}", "Credit: Shot list exported by Slate", ""]
    for shot in project.shots:
        heading = shot.scene.strip().replace("\n", " ") or shot.title or shot.id
        out.append(heading if _HEADING.match(heading) and heading.isupper() else "." + heading)
        out.append("")
        hidden = shot.model_dump(mode="json", exclude=_VISIBLE | {"takes"})
        if not shot.scene.strip():
            hidden["scene"] = ""  # the heading above is only the title: the shot has no scene text
        out.append(f"[[slate: {json.dumps(hidden, ensure_ascii=False)}]]")
        out.append("")
        for b in shot.beats:
            text = b.text.strip()
            if text:
                times = f" [[at: {b.start}-{b.end}]]" if b.start is not None or b.end is not None else ""
                out += [("!" if text.isupper() or _HEADING.match(text) else "") + text + times, ""]
        for d in shot.dialogue:
            if d.line.strip():
                out.append("@" + (d.speaker.strip() or "UNKNOWN"))
                if d.emotion.strip():
                    out.append(f"({d.emotion.strip()})")
                out += [d.line.strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def _cut(text: str, start: str, end: str) -> tuple[list[str], str]:
    """(the spans between ``start`` and ``end``, the text without them), in one pass like a lazy regex would."""
    inside: list[str] = []
    outside: list[str] = []
    i = 0
    while True:
        a = text.find(start, i)
        b = text.find(end, a + len(start)) if a >= 0 else -1
        if b < 0:
            outside.append(text[i:])
            return inside, "".join(outside)
        outside.append(text[i:a])
        inside.append(text[a + len(start):b])
        i = b + len(end)


def _notes(line: str) -> list[str]:
    return _cut(line, "[[", "]]")[0]


def _unnoted(line: str) -> str:
    return _cut(line, "[[", "]]")[1]


def _time(note: str) -> tuple[float | None, float | None]:
    a, _, b = note.removeprefix("at:").strip().partition("-")
    return (float(a) if a not in ("", "None") else None, float(b) if b not in ("", "None") else None)


def loads(text: str) -> Project:
    """Read a screenplay; every problem is an InputError naming the line (never a traceback, issue 19)."""
    try:
        return _loads(text)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"the screenplay makes an invalid shot ({where}: {err['msg']})",
                         hint="Fix that part of the file and import again; nothing was written.") from None


def _loads(text: str) -> Project:
    text = _cut(text.replace("\r\n", "\n").replace("\r", "\n"), "/*", "*/")[1]
    lines = text.split("\n")
    name = "Screenplay"
    i = 0
    if lines and _TITLE.match(lines[0]):  # title page
        while i < len(lines) and lines[i].strip():
            key, _, value = lines[i].partition(":")
            if key.strip().lower() == "title" and value.strip():
                name = value.strip()
            i += 1
    shots: list[Shot] = []
    hidden: dict[int, dict] = {}  # type: ignore[type-arg]

    def current() -> Shot:
        if not shots:
            shots.append(Shot(title="Opening"))
        return shots[-1]

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        prev_blank = i == 0 or not lines[i - 1].strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        notes, visible = _cut(line, "[[", "]]")
        visible = visible.strip()
        if not line or line.startswith(("===", "#", "= ")) or (line.startswith(">") and not line.endswith("<")):
            i += 1
            continue
        if visible == "" and notes:
            for note in notes:
                if note.strip().startswith("slate:") and shots:
                    try:
                        extra = json.loads(note.strip()[6:])
                    except json.JSONDecodeError:
                        continue  # a note that only looks like ours is the writer's, not data
                    except ValueError as e:  # a 5,000-digit number
                        raise InputError(f"line {i + 1}: the [[slate: …]] note cannot be read "
                                         f"({str(e)[:80]})") from None
                    if not isinstance(extra, dict):
                        raise InputError(f"line {i + 1}: the [[slate: …]] note holds {type(extra).__name__}, not "
                                         "the shot's fields", hint="Export from Slate again, or delete the note.")
                    hidden[len(shots) - 1] = extra
            i += 1
            continue
        if prev_blank and (visible.startswith(".") and not visible.startswith("..") or _HEADING.match(visible)):
            heading = visible[1:].strip() if visible.startswith(".") else visible
            shots.append(Shot(title=heading[:60], scene=heading))
            i += 1
            continue
        if _TRANSITION.match(visible):
            i += 1
            continue
        if prev_blank and nxt and (visible.startswith("@") or (_CUE.match(visible) and not _TRANSITION.match(visible)
                                                               and not visible.startswith("!"))):
            speaker = visible.lstrip("@").rstrip("^ ")
            for ext in _EXTENSIONS:
                speaker = speaker.replace(ext, "")
            i += 1
            emotion, spoken = "", []
            while i < len(lines) and lines[i].strip():
                part = _unnoted(lines[i]).strip()
                if part.startswith("(") and part.endswith(")"):
                    emotion = emotion or part[1:-1].strip()
                elif part:
                    spoken.append(part)
                i += 1
            if spoken:
                current().dialogue.append(DialogueLine(speaker=speaker.strip(), emotion=emotion, line=" ".join(spoken)))
            continue
        # an action paragraph: consecutive non-blank lines
        para, start, end = [], None, None
        while i < len(lines) and lines[i].strip():
            for note in _notes(lines[i]):
                if note.strip().startswith("at:"):
                    with contextlib.suppress(ValueError):
                        start, end = _time(note.strip())
                    if any(t is not None and not 0 <= t <= 3600 for t in (start, end)):
                        raise InputError(f"line {i + 1}: the time [[{note.strip()[:40]}]] is outside 0–3600 s",
                                         hint="Beat times are seconds into the shot, e.g. [[at: 1.5-3]].")
            part = _unnoted(lines[i]).strip()
            if part.startswith(">") and part.endswith("<"):
                part = part[1:-1].strip()
            para.append(part.lstrip("!"))
            i += 1
        text = " ".join(p for p in para if p)
        if text:
            current().beats.append(Beat(text=text, start=start, end=end))
    try:
        for index, extra in hidden.items():
            base = shots[index].model_dump(mode="json", include=_VISIBLE)
            if "scene" in extra:
                base["scene"] = extra.pop("scene")
            shots[index] = Shot.model_validate({**extra, **base, "takes": []})
    except ValidationError as e:
        raise InputError(f"the screenplay's Slate notes are not valid: {e.errors()[0]['msg']}") from None
    return Project(name=name[:200], shots=shots)

"""Fountain screenplays: scene headings -> shots, action paragraphs -> beats, cues + dialogue -> dialogue lines.

Export writes a screenplay a writer accepts: a title page, a real scene heading per shot (INT./EXT., place, time
of day, composer.exchange.sluglines), the subject and beats as action, cues in capitals with parentheticals. What
the page cannot show (camera, lighting, palette, render settings, ids, exact text the page had to tidy) travels in
one boneyard block at the end, one compact line per shot holding only the fields the screenplay does not give back.
On import the lines are matched to scenes by heading, so a writer's added, cut or reordered scenes and edited
action and dialogue come through, and the rest of each shot is restored.

Older exports (one ``[[slate: {...}]]`` note per shot) still import.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
from typing import Any

from pydantic import ValidationError

from composer.document.models import Project, Shot
from composer.errors import InputError
from composer.exchange import sluglines
from composer.exchange.fountain_read import Scene, cue, heading_text, read, transition

_BLOCK_HEAD = "Slate: the shot settings this screenplay does not show, to import it back. Keep this block."
_MAX_ALIGN = 2000  # a project holds at most 2,000 shots; past that the import is refused anyway
_Json = dict[str, Any]


def dumps(project: Project) -> str:
    """Write ``project`` as a screenplay, with Slate's block last; ``loads(dumps(p))`` gives back p's shots."""
    speakers = _speaker_names(project)
    name = _visible(project.name) or "Untitled"
    out = [f"Title: {name}", "Credit: Shot list prepared with", "Author: Slate", ""]
    records = []
    for index, shot in enumerate(project.shots):
        block = _shot_lines(shot, index)
        out += block
        records.append(_record(shot, block, speakers))
    base = Project(name=_parsed_name(name)).model_dump(mode="json", exclude={"shots"})
    head: _Json = {"slate": 1, **_delta(project.model_dump(mode="json", exclude={"shots"}), base)}
    if speakers:
        head["speakers"] = sorted(speakers.values())
    out += ["/* " + _BLOCK_HEAD] + [_json(r) for r in [head, *records]] + ["*/"]
    return "\n".join(out) + "\n"


def loads(text: str) -> Project:
    """Read a screenplay; every problem is an InputError naming the line (never a traceback, issue 19)."""
    try:
        return _loads(text)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"the screenplay makes an invalid shot ({where}: {err['msg']})",
                         hint="Fix that part of the file and import again; nothing was written.") from None


# --- export -------------------------------------------------------------------------------------------------------

def _visible(text: str) -> str:
    """``text`` on one line (inner runs of spaces kept: writers double-space sentences), with what Fountain would
    read as markup escaped or broken up."""
    s = " ".join(text.strip().splitlines()).replace("\t", " ")
    for a, b in (("/*", "/ *"), ("*/", "* /"), ("[[", "[ ["), ("]]", "] ]"), ("*", "\\*"), ("_", "\\_")):
        s = s.replace(a, b)
    return s


def _action_line(text: str) -> str:
    """An action paragraph; forced with ``!`` when it would read as a heading, a cue, a transition or markup."""
    s = _visible(text)
    plain_action = (any(c.islower() for c in s) and s[:1] not in "!.@#=>~" and heading_text(s) is None
                    and not transition(s))
    return s if plain_action else "!" + s


def _cue_line(speaker: str) -> str:
    name = _visible(speaker).upper() or "UNKNOWN"
    found = cue(name)
    if found is None or found != (name, []) or name[:1] in "!.@#=>~" or heading_text(name) or transition(name):
        return "@" + name
    return name


def _number(x: float | None) -> str:
    return "" if x is None else str(int(x)) if x.is_integer() else repr(x)


def _shot_lines(shot: Shot, index: int) -> list[str]:
    lines = [sluglines.heading(shot.scene, subject=shot.subject, fallback=shot.title or f"Shot {index + 1}"), ""]
    if shot.subject.strip():
        lines += [_action_line(shot.subject), ""]
    for b in shot.beats:
        if b.text.strip():
            times = f" [[at: {_number(b.start)}-{_number(b.end)}]]" if b.start is not None or b.end is not None else ""
            lines += [_action_line(b.text) + times, ""]
    speaking = None  # the speaker of the speech just written: a screenwriter does not repeat the cue
    for d in shot.dialogue:
        if not d.line.strip():
            continue
        if d.speaker == speaking and d.emotion.strip():
            lines.pop()  # the same speech goes on, its new delivery in a parenthetical
        else:
            cue_line = _cue_line(d.speaker)
            lines.append(cue_line + (" (CONT'D)" if d.speaker == speaking and cue_line[:1] != "@" else ""))
        if d.emotion.strip():
            lines.append(f"({_visible(d.emotion)})")
        lines += [_visible(d.line), ""]
        speaking = d.speaker
    return lines


def _speaker_names(project: Project) -> dict[str, str]:
    """{cue in capitals: the name as the project spells it} for names a capitalised cue would change."""
    out: dict[str, str] = {}
    for shot in project.shots:
        for d in shot.dialogue:
            cue_name = _visible(d.speaker).upper()
            if cue_name != d.speaker and cue_name not in out:
                out[cue_name] = d.speaker
    return out


def _record(shot: Shot, block: list[str], speakers: dict[str, str]) -> _Json:
    """The shot's line in the data block: its heading as read back, then only what the screenplay loses."""
    scene = read("\n".join(block), title_page=False).scenes[-1]
    has_subject = bool(shot.subject.strip())
    parsed = _shot_fields(scene, speakers, subject_first=has_subject)
    mine = shot.model_dump(mode="json", exclude={"takes"})
    delta = _delta(mine, Shot.model_validate(parsed).model_dump(mode="json", exclude={"takes"}))
    record: _Json = {"h": scene.heading or ""}
    if has_subject:
        record["s"] = 1
    if any(k in delta for k in ("subject", "beats", "dialogue")):
        record["b"] = _body_hash(parsed)
    return {**record, **delta}


def _delta(value: Any, base: Any) -> Any:
    """The parts of ``value`` that differ from ``base`` (nested objects field by field, lists whole)."""
    if isinstance(value, dict) and isinstance(base, dict):
        return {k: _delta(v, base.get(k)) for k, v in value.items() if v != base.get(k)}
    return value


def _json(record: _Json) -> str:
    # "*/" can only stand inside a JSON string, where "\/" means the same "/": the boneyard stays closed
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).replace("*/", "*\\/")


def _body_hash(fields: _Json) -> str:
    body = json.dumps([fields.get("subject", ""), fields["beats"], fields["dialogue"]], sort_keys=True)
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:12]


# --- import -------------------------------------------------------------------------------------------------------

def _parsed_name(title: str) -> str:
    return title.strip()[:200] or "Screenplay"


def _loads(text: str) -> Project:
    play = read(text)
    head, records = _data_block(play.boneyard)
    names = head.get("speakers")
    speakers = {_visible(n).upper(): n for n in names if isinstance(n, str)} if isinstance(names, list) else {}
    paired = _align([s.heading or "" for s in play.scenes], [str(r.get("h", "")) for r in records])
    shots: list[_Json] = []
    for index, scene in enumerate(play.scenes):
        record = records[paired[index]] if index in paired else None
        fields = _shot_fields(scene, speakers, subject_first=bool(record and record.get("s")))
        fields.update(_legacy_note(scene))
        if record is not None:
            _merge(fields, _restorable(record, scene, fields))
        shots.append({**fields, "takes": []})
    project: _Json = Project(name=_parsed_name(play.title_page.get("title", ""))).model_dump(mode="json")
    _merge(project, {k: v for k, v in head.items() if k not in ("slate", "speakers")})
    try:
        return Project.model_validate({**project, "shots": shots})
    except ValidationError as e:
        if any(err["loc"][:1] != ("shots",) for err in e.errors()):
            raise InputError(f"the screenplay's Slate data block is not valid: {e.errors()[0]['msg']}",
                             hint="Delete the block at the end to import the screenplay alone.") from None
        raise


def _shot_fields(scene: Scene, speakers: dict[str, str], *, subject_first: bool) -> _Json:
    paragraphs = list(scene.action)
    subject = paragraphs.pop(0).text if subject_first and paragraphs else ""
    beats = []
    for p in paragraphs:
        start: float | None = None
        end: float | None = None
        for note in p.notes:
            if note.strip().startswith("at:"):
                with contextlib.suppress(ValueError):
                    start, end = _time(note.strip())
                if any(t is not None and not 0 <= t <= 3600 for t in (start, end)):
                    raise InputError(f"line {p.line}: the time [[{note.strip()[:40]}]] is outside 0–3600 s",
                                     hint="Beat times are seconds into the shot, e.g. [[at: 1.5-3]].")
        beats.append({"text": p.text, "start": start, "end": end})
    dialogue = [{"speaker": speakers.get(s.speaker, s.speaker), "emotion": s.emotion, "line": s.line}
                for s in scene.speech]
    heading = scene.heading or ""
    return {"title": (heading or "Opening")[:60], "scene": heading, "subject": subject, "beats": beats,
            "dialogue": dialogue}


def _time(note: str) -> tuple[float | None, float | None]:
    a, _, b = note.removeprefix("at:").strip().partition("-")
    return (float(a) if a not in ("", "None") else None, float(b) if b not in ("", "None") else None)


def _data_block(boneyard: list[str]) -> tuple[_Json, list[_Json]]:
    """The head and per-shot records of Slate's block, or empty ones when the screenplay has none."""
    for content in boneyard:
        first, _, rest = content.lstrip().partition("\n")
        if first.strip() != _BLOCK_HEAD:
            continue
        rows: list[_Json] = []
        for n, line in enumerate(rest.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (ValueError, RecursionError) as e:  # not JSON, a 5,000-digit number, 100,000 nested "["
                raise InputError(f"the Slate data block at the end of the screenplay is damaged at its line {n} "
                                 f"({str(e)[:80]})", hint="Delete the block to import the screenplay alone, or "
                                                          "export it from Slate again.") from None
            if not isinstance(row, dict):
                raise InputError(f"the Slate data block's line {n} holds {type(row).__name__}, not a shot's "
                                 "fields", hint="Delete the block to import the screenplay alone.")
            rows.append(row)
        if rows and rows[0].get("slate") == 1:
            return rows[0], rows[1:]
        raise InputError("the Slate data block at the end of the screenplay has no header line",
                         hint="Delete the block to import the screenplay alone, or export it from Slate again.")
    return {}, []


def _align(headings: list[str], recorded: list[str]) -> dict[int, int]:
    """Scene index -> its record: equal headings in order first, then headings edited in place (same position
    between two that match), then scenes moved elsewhere by their heading, so a scene added, cut, renamed or moved
    by the writer takes nobody else's settings."""
    if not recorded or len(headings) > _MAX_ALIGN or len(recorded) > _MAX_ALIGN:
        return {}
    # the same start and end pair up directly: difflib is quadratic on repeated headings (200 shots in one
    # "INT. STUDIO"), and a writer's edit is usually a few scenes in the middle
    head = 0
    while head < min(len(headings), len(recorded)) and headings[head] == recorded[head]:
        head += 1
    tail = 0
    while (tail < min(len(headings), len(recorded)) - head
           and headings[len(headings) - 1 - tail] == recorded[len(recorded) - 1 - tail]):
        tail += 1
    out = {k: k for k in range(head)}
    out.update({len(headings) - 1 - k: len(recorded) - 1 - k for k in range(tail)})
    middle, kept = headings[head:len(headings) - tail], recorded[head:len(recorded) - tail]
    matcher = difflib.SequenceMatcher(None, middle, kept, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            out.update({head + i1 + k: head + j1 + k for k in range(min(i2 - i1, j2 - j1))})
    free: dict[str, list[int]] = {}  # a scene the writer moved: its heading is still the one exported
    taken = set(out.values())
    for j in range(len(recorded) - 1, -1, -1):
        if j not in taken:
            free.setdefault(recorded[j], []).append(j)
    for i, h in enumerate(headings):
        if i not in out and free.get(h):
            out[i] = free[h].pop()
    return out


def _restorable(record: _Json, scene: Scene, fields: _Json) -> _Json:
    """What a record may restore: a scene sentence only while the heading is the one exported, subject, beats and
    dialogue only while the screenplay still says what it said at export (else the writer's text wins)."""
    delta = {k: v for k, v in record.items() if k not in ("h", "s", "b")}
    if record.get("h") != (scene.heading or ""):
        delta.pop("scene", None)
    if "b" not in record or record["b"] != _body_hash(fields):
        for k in ("subject", "beats", "dialogue"):
            delta.pop(k, None)
    return delta


def _merge(base: _Json, delta: _Json) -> None:
    for k, v in delta.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], v)
        else:
            base[k] = v


def _legacy_note(scene: Scene) -> _Json:
    """Fields from an older export's ``[[slate: {...}]]`` note under the heading (issue 19 hardened it)."""
    extra: _Json = {}
    if scene.heading is None:
        return extra
    for line, note in scene.notes:
        body = note.strip()
        if not body.startswith("slate:"):
            continue
        try:
            found = json.loads(body[6:])
        except json.JSONDecodeError:
            continue  # a note that only looks like ours is the writer's, not data
        except (ValueError, RecursionError) as e:  # a 5,000-digit number, 100,000 nested "["
            raise InputError(f"line {line}: the [[slate: …]] note cannot be read ({str(e)[:80]})") from None
        if not isinstance(found, dict):
            raise InputError(f"line {line}: the [[slate: …]] note holds {type(found).__name__}, not the shot's "
                             "fields", hint="Export from Slate again, or delete the note.")
        extra = found
    return {k: v for k, v in extra.items() if k not in ("beats", "dialogue", "takes")}

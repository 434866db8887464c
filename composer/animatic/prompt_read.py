"""Read a prompt back into the shot's parts, best effort: Slate's own layouts exactly, any other text roughly.

The stand-in server and a remix only have text. For a prompt that ``assemble`` wrote, the sections give
back the fields (``Camera:`` items are told apart by their words, since empty fields leave no gaps);
for any other prompt, sentences become beats and the words anywhere decide framing, move and light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from composer.animatic import vocab

_LABEL = re.compile(r"^(Cinematography|Camera(?: shot)?|Lighting|Palette|Mood|Actions|Dialogue|Background Sound|Sound"
                    r"|Audio|Avoid)\s*:\s*(.*)$", re.IGNORECASE)
_T = r"(\d+(?::\d{2})?(?:\.\d+)?)"  # 2.40 or 0:02
_TIMECODE = re.compile(rf"^\s*{_T}\s*s?\s*[-–]\s*{_T}\s*s?\s*[—–:-]+\s*(.+)$")
_BULLET = re.compile(r"^\s*[-*•]\s*(.+)$")
_SPOKEN = re.compile(r'^(?:(?P<sp>[^:"“(]{1,60}?)\s*(?:\((?P<em>[^)]{0,60})\))?\s*:\s*)?["“](?P<line>.*?)["”]?\s*$')
_QUOTE = re.compile(r'(?:\b(?P<sp>[A-Z][\w\'’-]{1,30})\b[^"“.!?]{0,40}?)?["“](?P<line>[^"”]{2,400})["”]')
_NAME = re.compile(r"(?:^|(?<=[.!?]\s))([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}): ")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STYLE = re.compile(r"\b(style|film|shot on|cinematic|animation|aesthetic|grain|photography|documentary|\d0s)\b",
                    re.IGNORECASE)
_SOUND = re.compile(r"\b(sound|sounds|audio|hear|hears|heard|noise|ambience|music|score)\b", re.IGNORECASE)
_LIGHT = re.compile(r"\b(light|lights|lit|lighting|lamp|glow|glows|neon|sunlight|moonlight|backlit|shadow|shadows)\b",
                    re.IGNORECASE)
MAX_FREE_BEATS = 6


@dataclass
class Reading:
    sectioned: bool = False  # the text had Slate's section labels
    setting: str = ""
    subject: str = ""
    names: list[str] = field(default_factory=list)
    framing: str = ""
    angle: str = ""
    lens: str = ""
    movement: str = ""
    lighting: str = ""
    palette: list[str] = field(default_factory=list)
    beats: list[tuple[float, float, str]] = field(default_factory=list)
    timed: bool = False
    dialogue: list[tuple[str, str, str]] = field(default_factory=list)
    sound: str = ""


def _seconds(s: str) -> float:
    if ":" in s:
        m, _, rest = s.partition(":")
        return int(m) * 60 + float(rest)
    return float(s)


def _spread(texts: list[str], seconds: float) -> list[tuple[float, float, str]]:
    n = len(texts)
    return [(round(seconds * i / n, 2), round(seconds * (i + 1) / n, 2), t) for i, t in enumerate(texts)]


def camera_part(item: str) -> str:
    """Which camera field a ``Camera:`` item came from: movement, framing, angle or lens."""
    if vocab.kind("move", item) or vocab.kind("move_shake", item):
        return "movement"
    framing = vocab.kind("framing", item)
    if framing and re.search(r"\b(shot|close-?up|two-shot)s?\b", item, re.IGNORECASE):
        return "framing"
    if vocab.kind("angle", item):
        return "angle"
    if vocab.lens_mm(item) is not None or vocab.kind("lens_focus", item) or re.search(r"\blens\b|anamorphic", item,
                                                                                       re.IGNORECASE):
        return "lens"
    return "framing"


def _camera(r: Reading, items: list[str]) -> None:
    parts: dict[str, list[str]] = {"framing": [], "angle": [], "lens": [], "movement": []}
    for item in items:
        parts[camera_part(item)].append(item)
    r.framing, r.angle = ", ".join(parts["framing"]), ", ".join(parts["angle"])
    r.lens, r.movement = ", ".join(parts["lens"]), ", ".join(parts["movement"])


def _subject(prose: str, names: list[str]) -> str:
    sentences = [s.strip() for s in _SENTENCE.split(prose) if s.strip()]
    sentences = [s for s in sentences if not any(s.startswith(f"{n}:") for n in names)]
    for s in sentences:
        if vocab.person_word(s):
            return s
    if len(sentences) > 1 and _STYLE.search(sentences[0]):
        return sentences[1]
    return sentences[0] if sentences else ""


def _spoken(text: str) -> tuple[str, str, str] | None:
    m = _SPOKEN.match(text.strip())
    if not m or not m.group("line").strip():
        return None
    return ((m.group("sp") or "").strip(), (m.group("em") or "").strip(), m.group("line").strip())


def _sections(r: Reading, text: str, seconds: float) -> None:
    section = ""
    actions: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        label = _LABEL.match(line)
        tc = _TIMECODE.match(line)
        bullet = _BULLET.match(line)
        if label:
            name, rest = label.group(1).lower(), label.group(2).strip()
            section = name
            if name.startswith("camera"):
                _camera(r, [x.strip() for x in rest.split(",") if x.strip()])
            elif name == "lighting":
                r.lighting = rest
            elif name == "palette":
                r.palette = [x.strip() for x in rest.split(",") if x.strip()]
            elif name in ("background sound", "sound", "audio"):
                r.sound = rest
        elif tc:
            r.beats.append((_seconds(tc.group(1)), _seconds(tc.group(2)), tc.group(3).strip()))
            r.timed = True
        elif bullet and section == "actions":
            actions.append(bullet.group(1).strip())
        elif bullet and section == "dialogue":
            spoken = _spoken(bullet.group(1))
            if spoken:
                r.dialogue.append(spoken)
    if actions and not r.timed:
        r.beats = _spread(actions, seconds)


def _free(r: Reading, text: str, seconds: float) -> None:
    """A prompt Slate did not write: sentences are beats; words anywhere name the camera and light."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    r.beats = _spread(sentences[:MAX_FREE_BEATS], seconds)
    for table, attr in (("framing", "framing"), ("angle", "angle")):
        k = vocab.kind(table, text)
        if k:
            setattr(r, attr, next((s for s in sentences if vocab.kind(table, s) == k), ""))
    r.movement = next((s for s in sentences if vocab.kind("move", s) or vocab.kind("move_shake", s)), "")
    r.lens = next((s for s in sentences if vocab.lens_mm(s) is not None), "")
    r.lighting = " ".join(s for s in sentences if _LIGHT.search(s))
    r.sound = " ".join(s for s in sentences if _SOUND.search(s))
    for m in _QUOTE.finditer(text):
        r.dialogue.append(((m.group("sp") or "").strip(), "", m.group("line").strip()))


def read_prompt(text: str, seconds: float) -> Reading:
    """Read ``text`` (an assembled prompt, or anything a person typed) into a shot's parts."""
    r = Reading()
    body = text.strip()
    r.sectioned = any(_LABEL.match(x.strip()) or _TIMECODE.match(x) for x in body.splitlines())
    first = body.split("\n\n", 1)[0].strip()
    r.setting = first if r.sectioned and not _LABEL.match(first) else body
    if r.sectioned:
        _sections(r, body, seconds)
    else:
        _free(r, body, seconds)
    r.names = list(dict.fromkeys(m.group(1) for m in _NAME.finditer(r.setting)))
    for speaker, _e, _t in r.dialogue:
        if speaker and speaker.lower() not in {n.lower() for n in r.names}:
            r.names.append(speaker)
    r.subject = _subject(r.setting, r.names)
    return r

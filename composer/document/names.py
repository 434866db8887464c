"""The names people gave, where Slate used to show ids: "Shot 1 · Pho vendor", "Take 2 · remix: close-up", "Beat 3".

Ids stay the keys (they never change when a shot is renamed or moved); these labels are what the queue, the take
browser, the compare window, the findings panel and the CLI show (issue 16 §6). ``find_shots`` reads the other way:
a shot named on the command line by its number, its title or its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from composer.document.lineage import word_diff
from composer.document.models import Project, Shot, Take, TakeKind

_DEFAULT_TITLE = re.compile(r"^\s*shot\s*\d+\s*$", re.IGNORECASE)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut.strip():  # at a word's end: "…lanterns swaying", never "…la…"
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def shot_number(project: Project, shot_id: str | None) -> int | None:
    """The shot's place in the project, counted from 1 (None: not in it)."""
    return next((i + 1 for i, s in enumerate(project.shots) if s.id == shot_id), None)


def shot_label(project: Project, shot_id: str | None, *, limit: int = 40) -> str | None:
    """``Shot 1 · Pho vendor``: its number and the title (or the subject's first words); None when not in it."""
    n = shot_number(project, shot_id)
    if n is None:
        return None
    shot = project.shots[n - 1]
    name = shot.title if shot.title.strip() and not _DEFAULT_TITLE.match(shot.title) else shot.subject
    name = _clip(name, limit)
    return f"Shot {n} · {name}" if name else f"Shot {n}"


def take_label(shot: Shot, take: Take, *, limit: int = 32) -> str:
    """``Take 2 · remix: close-up``: its number in the shot and, for a derived take, what it changed."""
    n = next((i + 1 for i, t in enumerate(shot.takes) if t.id == take.id), len(shot.takes) + 1)
    if take.kind is TakeKind.CREATE:
        return f"Take {n}"
    parent = next((t for t in shot.takes if t.id == take.parent_take_id), None)
    change = change_words(parent.prompt_sent, take.prompt_sent) if parent is not None else ""
    if take.kind is TakeKind.EXTEND:
        seconds = take.params.get("seconds")
        return f"Take {n} · extend" + (f" +{seconds} s" if seconds else "")
    return f"Take {n} · {take.kind.value}" + (f": {_clip(change, limit)}" if change else "")


def change_words(before: str, after: str) -> str:
    """The words a derived prompt added (or, if it only removed, the words it removed, struck): its one change."""
    added = " ".join(t.strip() for op, t in word_diff(before, after) if op == "+" and t.strip())
    if added:
        return added
    removed = " ".join(t.strip() for op, t in word_diff(before, after) if op == "-" and t.strip())
    return f"without {removed}" if removed else ""


_FIELD_NAMES = {
    "style": "Style", "title": "Title", "subject": "Subject", "characters": "Characters", "scene": "Scene",
    "beats": "Beats", "camera": "Camera", "camera.framing": "Framing", "camera.angle": "Camera angle",
    "camera.lens": "Lens", "camera.movement": "Camera movement", "lighting": "Lighting",
    "lighting.sources": "Light sources", "lighting.quality": "Light quality", "lighting.direction": "Light direction",
    "palette": "Palette", "mood": "Mood", "sound": "Background sound", "dialogue": "Dialogue", "avoid": "Avoid",
    "reference_image": "Reference image", "render.model": "Model", "render.size": "Size", "render.seconds": "Seconds",
    "render.layout": "Layout", "render.negative_prompt": "Negative prompt", "render.seed": "Seed",
    "render.audio": "Audio", "render.end_frame": "End frame", "prompt": "Prompt", "takes": "Takes",
}
_ITEM_NAMES = {"beats": "Beat", "dialogue": "Dialogue line", "lighting.sources": "Light source",
               "palette": "Palette colour", "avoid": "Avoid item", "characters": "Character", "takes": "Take"}
_PART_NAMES = {"text": "", "time": "timing", "start": "start", "end": "end", "line": "", "speaker": "speaker",
               "emotion": "emotion", "name": "name", "hex": "colour"}
_ITEM = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<i>\d+)\](?:\.(?P<part>[a-z_]+))?$")


def field_label(path: str | None) -> str:
    """``beats[2].text`` -> ``Beat 3``; ``beats[1].time`` -> ``Beat 2 timing``; ``camera.movement`` ->
    ``Camera movement``. A path it does not know is shown as it is, never hidden."""
    if not path:
        return ""
    if path in _FIELD_NAMES:
        return _FIELD_NAMES[path]
    m = _ITEM.match(path)
    if m and m["list"] in _ITEM_NAMES:
        part = _PART_NAMES.get(m["part"] or "", m["part"] or "")
        return f"{_ITEM_NAMES[m['list']]} {int(m['i']) + 1}" + (f" {part}" if part else "")
    return path


def find_shots(project: Project, specs: Iterable[str]) -> tuple[list[str], list[str]]:
    """The ids of the shots named by number (``2``), id or title (case-insensitive, unique), and the specs that
    named none (or more than one) — for a message listing what there is."""
    found: list[str] = []
    unknown: list[str] = []
    for spec in specs:
        sid = _find_one(project, spec.strip())
        if sid is None:
            unknown.append(spec)
        elif sid not in found:
            found.append(sid)
    return found, unknown


def _find_one(project: Project, spec: str) -> str | None:
    if spec.isdigit() and 1 <= int(spec) <= len(project.shots):
        return project.shots[int(spec) - 1].id
    for s in project.shots:
        if s.id == spec:
            return s.id
    titled = [s.id for s in project.shots if s.title.strip().casefold() == spec.casefold()]
    return titled[0] if len(titled) == 1 else None


def shot_menu(project: Project) -> str:
    """Every shot as ``1 (Pho vendor)``: what a person can type after --shot."""
    return ", ".join(f"{i + 1} ({_clip(s.title or s.subject or s.id, 30)})" for i, s in enumerate(project.shots)) \
        or "(none)"

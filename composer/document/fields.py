"""Field paths: the one vocabulary that panels, edits, assembly spans and lint findings share.

A path is a dotted string with optional list indices (``beats[2].text``). Panels bind to the
constants below; ``root(path)`` names the top-level field a path belongs to (what a Change touched) and
``ancestors(path)`` the paths that hold it (the nearest one a widget shows).
"""

from __future__ import annotations

import re
from typing import NewType

FieldPath = NewType("FieldPath", str)

STYLE = FieldPath("style")  # the style line: the shot's override or the project's spine
TITLE = FieldPath("title")
SUBJECT = FieldPath("subject")
CHARACTERS = FieldPath("characters")
SCENE = FieldPath("scene")
BEATS = FieldPath("beats")
CAMERA = FieldPath("camera")
CAMERA_FRAMING = FieldPath("camera.framing")
CAMERA_ANGLE = FieldPath("camera.angle")
CAMERA_LENS = FieldPath("camera.lens")
CAMERA_MOVEMENT = FieldPath("camera.movement")
LIGHTING = FieldPath("lighting")
LIGHTING_SOURCES = FieldPath("lighting.sources")
LIGHTING_QUALITY = FieldPath("lighting.quality")
LIGHTING_DIRECTION = FieldPath("lighting.direction")
PALETTE = FieldPath("palette")
MOOD = FieldPath("mood")
SOUND = FieldPath("sound")
DIALOGUE = FieldPath("dialogue")
AVOID = FieldPath("avoid")
REFERENCE_IMAGE = FieldPath("reference_image")
RENDER_MODEL = FieldPath("render.model")
RENDER_SIZE = FieldPath("render.size")
RENDER_SECONDS = FieldPath("render.seconds")
RENDER_LAYOUT = FieldPath("render.layout")
RENDER_NEGATIVE_PROMPT = FieldPath("render.negative_prompt")
RENDER_SEED = FieldPath("render.seed")
RENDER_AUDIO = FieldPath("render.audio")
RENDER_END_FRAME = FieldPath("render.end_frame")
PROMPT = FieldPath("prompt")  # free-text mode: the whole pasted prompt

ALL: tuple[FieldPath, ...] = (
    STYLE, TITLE, SUBJECT, CHARACTERS, SCENE, BEATS, CAMERA, CAMERA_FRAMING, CAMERA_ANGLE, CAMERA_LENS,
    CAMERA_MOVEMENT, LIGHTING, LIGHTING_SOURCES, LIGHTING_QUALITY, LIGHTING_DIRECTION, PALETTE, MOOD,
    SOUND, DIALOGUE, AVOID, REFERENCE_IMAGE, RENDER_MODEL, RENDER_SIZE, RENDER_SECONDS, RENDER_LAYOUT,
    RENDER_NEGATIVE_PROMPT, RENDER_SEED, RENDER_AUDIO, RENDER_END_FRAME, PROMPT,
)

TAKES = FieldPath("takes")  # a shot's renders: the take browser shows them, no form field (so not in ALL)


def beat(i: int) -> FieldPath:
    return FieldPath(f"beats[{i}].text")


def dialogue(i: int, part: str = "line") -> FieldPath:
    return FieldPath(f"dialogue[{i}].{part}")


def light_source(i: int) -> FieldPath:
    return FieldPath(f"lighting.sources[{i}]")


def palette_anchor(i: int) -> FieldPath:
    return FieldPath(f"palette[{i}]")


def avoid_item(i: int) -> FieldPath:
    return FieldPath(f"avoid[{i}]")


def root(path: str) -> FieldPath:
    """The top-level field a path belongs to: ``beats[2].text`` -> ``beats``, ``camera.movement`` -> ``camera``.

    The one answer to "which field changed" (``Change.roots``): views compare roots and never parse a path.
    """
    found = ancestors(path)
    return found[-1] if found else FieldPath(path)


def ancestors(path: str) -> tuple[FieldPath, ...]:
    """``path`` and every path that holds it, nearest first: ``lighting.sources[1]``, ``lighting.sources``,
    ``lighting``. A finding focuses the nearest of these that a widget shows."""
    toks = _tokens(path)
    return tuple(FieldPath(_join(toks[:i])) for i in range(len(toks), 0, -1))


def index_of(path: str) -> int | None:
    """The first list index in a path, or None."""
    m = re.search(r"\[(\d+)\]", path)
    return int(m.group(1)) if m else None


_TOKEN = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def _tokens(path: str) -> list[str | int]:
    out: list[str | int] = []
    for name, idx in _TOKEN.findall(path):
        out.append(int(idx) if idx else name)
    return out


def get_value(obj: object, path: str) -> object:
    """Read ``path`` (e.g. ``beats[2].text``, ``camera.movement``) from a Shot or any pydantic model.

    ``style`` is not an attribute of a Shot: it maps to ``style_override``.
    Raises KeyError for a path that does not exist.
    """
    cur: object = obj
    for tok in _tokens(_alias(path)):
        try:
            cur = cur[tok] if isinstance(tok, int) else getattr(cur, tok)  # type: ignore[index]
        except (AttributeError, IndexError, TypeError) as e:
            raise KeyError(path) from e
    return cur


def set_value(obj: object, path: str, value: object) -> object:
    """Set ``path`` in place on ``obj`` and return the previous value (for undo)."""
    toks = _tokens(_alias(path))
    parent = get_value(obj, _join(toks[:-1])) if len(toks) > 1 else obj
    last = toks[-1]
    if isinstance(last, int):
        old = parent[last]  # type: ignore[index]
        parent[last] = value  # type: ignore[index]
    else:
        if not hasattr(parent, last):
            raise KeyError(path)
        old = getattr(parent, last)
        setattr(parent, last, value)
    return old


def _alias(path: str) -> str:
    return "style_override" if path == STYLE else path


def _join(toks: list[str | int]) -> str:
    out = ""
    for t in toks:
        out += f"[{t}]" if isinstance(t, int) else (f".{t}" if out else t)
    return out

"""A shot's findings kept by everything that decides them, so a relint re-runs only shots whose inputs changed.

The open project drops every shot's findings when a shot is added, moved or deleted, or a lint setting
changes, and relints all of them; most shots read the same as before. The key is the whole input of
``lint_shot``: the assembled text with its field spans, the shot, the shots just before and after it, and the
project without its shots (as their JSON: every field a rule may read), the lint options, and the reference
image file's identity (one rule opens it). Rules read nothing else but the shipped vocabularies and model
profiles, which do not change while Slate runs; a rule that reads shots further away must widen this key.
Equal inputs give equal findings, so a kept list is the list a fresh run returns (``tests/rules/test_memo.py``).
"""

from __future__ import annotations

import copy
import os
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from composer.lint.rule import Finding
from composer.prompt.spans import Assembled

if TYPE_CHECKING:
    from composer.document.models import Project, Shot

_SIZE = 1024  # shots kept: a few large projects' worth, a few MB at most
_kept: OrderedDict[Hashable, tuple[list[Finding], bool]] = OrderedDict()


def key(shot: Shot, project: Project, assembled: Assembled, select: tuple[str, ...] | None,
        ignore: tuple[str, ...] | None, mode: object, media_root: Path | None) -> Hashable:
    image: tuple[int, int, int] | None = None
    if shot.reference_image:
        path = Path(shot.reference_image) if media_root is None else media_root / shot.reference_image
        try:
            st = os.stat(path)
            image = (st.st_mtime_ns, st.st_size, st.st_ino)
        except (OSError, ValueError):
            image = None
    return (assembled, shot.model_dump_json(), project.model_dump_json(exclude={"shots"}), _neighbours(shot, project),
            select, ignore, mode, media_root, image)


def _neighbours(shot: Shot, project: Project) -> tuple[str | None, str | None]:
    """The shots before and after ``shot`` as JSON: continuity rules read what a shot inherits (SL062 compares
    its light with the previous shot's), and being first or last is part of that."""
    shots = project.shots
    for i, s in enumerate(shots):
        if s is shot or s.id == shot.id:
            return (shots[i - 1].model_dump_json() if i else None,
                    shots[i + 1].model_dump_json() if i + 1 < len(shots) else None)
    return None, None


def get(k: Hashable) -> list[Finding] | None:
    kept = _kept.get(k)
    if kept is None:
        return None
    _kept.move_to_end(k)
    findings, mutable = kept
    return copy.deepcopy(findings) if mutable else list(findings)


def put(k: Hashable, findings: list[Finding]) -> None:
    # A fix may carry a list (the avoid list with a noun added); the caller may store it in the shot and
    # change it later, so such findings are handed out as copies.
    mutable = any(f.fix is not None and any(isinstance(e.value, list | dict | set) for e in f.fix.edits)
                  for f in findings)
    _kept[k] = (copy.deepcopy(findings) if mutable else list(findings), mutable)
    if len(_kept) > _SIZE:
        _kept.popitem(last=False)


def clear() -> None:
    _kept.clear()

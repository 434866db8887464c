"""Reversible edits: every change to a Project is an Edit with an inverse, so the UI can undo anything.

``apply(project) -> Change`` mutates in place and returns what it touched; ``inverse()`` (valid after
apply) returns the edit that undoes it. Panels refresh only what a Change names.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from composer.document import fields
from composer.document.models import Project, Shot


@dataclass(frozen=True)
class Change:
    shot_ids: frozenset[str] = frozenset()  # shots whose content changed
    paths: frozenset[str] = frozenset()  # field paths touched (shot-relative, or project-relative)
    project_level: bool = False  # style spine, bible, defaults, lint config: every shot may render differently
    structure: bool = False  # shots added, removed or reordered

    @property
    def roots(self) -> frozenset[fields.FieldPath]:
        """The top-level fields touched (``fields.root`` of each path): what a view compares to decide to redraw."""
        return frozenset(fields.root(p) for p in self.paths)

    def __or__(self, other: Change) -> Change:
        return Change(self.shot_ids | other.shot_ids, self.paths | other.paths,
                      self.project_level or other.project_level, self.structure or other.structure)


class Edit:
    """Base class. Subclasses implement apply and inverse."""

    label = "Edit"

    def apply(self, project: Project) -> Change:
        raise NotImplementedError

    def inverse(self) -> Edit:
        raise NotImplementedError


def _target(project: Project, shot_id: str | None) -> Any:
    return project if shot_id is None else project.shot(shot_id)


def _change(shot_id: str | None, path: str, *, structure: bool = False) -> Change:
    if shot_id is None:
        return Change(paths=frozenset({path}), project_level=True)
    return Change(shot_ids=frozenset({shot_id}), paths=frozenset({path}), structure=structure)


@dataclass
class SetField(Edit):
    """Set one field (``camera.movement``, ``beats[2].text``, ``style``...) of a shot, or of the project
    when ``shot_id`` is None (``style_spine.format_line``, ``defaults.seconds``)."""

    shot_id: str | None
    path: str
    value: Any
    _old: Any = field(default=None, repr=False)
    label = "Edit field"

    def apply(self, project: Project) -> Change:
        self._old = fields.set_value(_target(project, self.shot_id), self.path, copy.deepcopy(self.value))
        return _change(self.shot_id, self.path)

    def inverse(self) -> Edit:
        return SetField(self.shot_id, self.path, self._old)


@dataclass
class ListInsert(Edit):
    """Insert ``item`` at ``index`` of the list at ``path`` (beats, dialogue, lighting.sources, palette, avoid,
    characters, lint_config.suppressions...)."""

    shot_id: str | None
    path: str
    index: int
    item: Any
    label = "Add item"

    def apply(self, project: Project) -> Change:
        items = fields.get_value(_target(project, self.shot_id), self.path)
        assert isinstance(items, list)
        self.index = max(0, min(self.index, len(items)))
        items.insert(self.index, copy.deepcopy(self.item))
        return _change(self.shot_id, self.path)

    def inverse(self) -> Edit:
        return ListRemove(self.shot_id, self.path, self.index)


@dataclass
class ListRemove(Edit):
    shot_id: str | None
    path: str
    index: int
    _item: Any = field(default=None, repr=False)
    label = "Remove item"

    def apply(self, project: Project) -> Change:
        items = fields.get_value(_target(project, self.shot_id), self.path)
        assert isinstance(items, list)
        self._item = items.pop(self.index)
        return _change(self.shot_id, self.path)

    def inverse(self) -> Edit:
        return ListInsert(self.shot_id, self.path, self.index, self._item)


@dataclass
class ListMove(Edit):
    shot_id: str | None
    path: str
    src: int
    dst: int
    label = "Reorder"

    def apply(self, project: Project) -> Change:
        items = fields.get_value(_target(project, self.shot_id), self.path)
        assert isinstance(items, list)
        items.insert(self.dst, items.pop(self.src))
        return _change(self.shot_id, self.path)

    def inverse(self) -> Edit:
        return ListMove(self.shot_id, self.path, self.dst, self.src)


@dataclass
class AddShot(Edit):
    index: int
    shot: Shot
    label = "Add shot"

    def apply(self, project: Project) -> Change:
        self.index = max(0, min(self.index, len(project.shots)))
        project.shots.insert(self.index, self.shot.model_copy(deep=True))
        return Change(shot_ids=frozenset({self.shot.id}), structure=True)

    def inverse(self) -> Edit:
        return RemoveShot(self.shot.id)


@dataclass
class RemoveShot(Edit):
    shot_id: str
    _index: int = 0
    _shot: Shot | None = field(default=None, repr=False)
    label = "Delete shot"

    def apply(self, project: Project) -> Change:
        self._index = next(i for i, s in enumerate(project.shots) if s.id == self.shot_id)
        self._shot = project.shots.pop(self._index)
        return Change(shot_ids=frozenset({self.shot_id}), structure=True)

    def inverse(self) -> Edit:
        assert self._shot is not None
        return AddShot(self._index, self._shot)


@dataclass
class MoveShot(Edit):
    shot_id: str
    dst: int
    _src: int = 0
    label = "Move shot"

    def apply(self, project: Project) -> Change:
        self._src = next(i for i, s in enumerate(project.shots) if s.id == self.shot_id)
        shot = project.shots.pop(self._src)
        self.dst = max(0, min(self.dst, len(project.shots)))
        project.shots.insert(self.dst, shot)
        return Change(shot_ids=frozenset({self.shot_id}), structure=True)

    def inverse(self) -> Edit:
        return MoveShot(self.shot_id, self._src)


@dataclass
class Batch(Edit):
    """Several edits as one undo step (a lint fix that touches two fields, duplicate + rename...)."""

    edits: list[Edit]
    label: str = "Edit"

    def apply(self, project: Project) -> Change:
        change = Change()
        for e in self.edits:
            change = change | e.apply(project)
        return change

    def inverse(self) -> Edit:
        return Batch([e.inverse() for e in reversed(self.edits)], self.label)


def duplicate_shot(project: Project, shot_id: str) -> AddShot:
    """An AddShot that inserts a copy (new id, no takes) right after ``shot_id``."""
    from composer.document.models import new_id

    index = next(i for i, s in enumerate(project.shots) if s.id == shot_id)
    copy_ = project.shots[index].model_copy(deep=True)
    copy_.id = new_id("shot")
    copy_.title = (copy_.title + " (copy)").strip()
    copy_.takes = []
    return AddShot(index + 1, copy_)

"""Bind a widget to a field path of the current shot (or of the project): one helper per widget kind.

Typing pushes a merging SetField; document changes refresh the widget with signals blocked, so a
refresh never echoes back as an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from composer.document import fields
from composer.document.edits import Change, SetField
from ui.bridges.document import DocumentBridge


class FieldRegistry:
    """Field path root -> widget, so a lint finding can focus the field it names."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.reveal: dict[str, Callable[[], None]] = {}  # e.g. switch to the tab that holds the widget

    def add(self, path: str, widget: QWidget) -> None:
        self.widgets[path] = widget
        widget.setAccessibleName(path)

    def owner(self, path: str) -> str | None:
        """The nearest path holding ``path`` that a widget shows (``beats[2].text`` -> ``beats``), or None."""
        return next((p for p in fields.ancestors(path) if p in self.widgets), None)

    def focus(self, path: str) -> bool:
        owner = self.owner(path)
        if owner is None:
            return False
        for fn in self.reveal.values():
            fn()
        self.widgets[owner].setFocus()
        return True


class Binder:
    def __init__(self, bridge: DocumentBridge, registry: FieldRegistry, *, project_level: bool = False) -> None:
        self.bridge = bridge
        self.registry = registry
        self.project_level = project_level
        self._refreshers: list[Callable[[], None]] = []
        self._shows: list[frozenset[str] | None] = []  # per refresher: the top-level fields it shows (None: all)
        bridge.sig_shot_selected.connect(lambda _id: self.refresh())
        bridge.sig_document_changed.connect(self._on_change)
        bridge.sig_document_replaced.connect(self.refresh)

    def _on_change(self, change: Change) -> None:
        """Refresh only widgets whose field changed (typing in one field must not redraw the whole form)."""
        if change.structure or change.project_level:
            self.refresh()
            return
        if self.project_level:
            return  # typing in a shot changes no project field: the style spine's widgets stay as they are
        roots = change.roots
        for shows, fn in zip(self._shows, self._refreshers, strict=True):
            if shows is None or shows & roots:
                fn()

    def _target(self) -> Any:
        return self.bridge.document.project if self.project_level else self.bridge.shot

    def _value(self, path: str) -> Any:
        target = self._target()
        if target is None:
            return None
        try:
            return fields.get_value(target, path)
        except KeyError:
            return None

    def _set(self, path: str, value: Any, *, merge: bool = True) -> None:
        target = self._target()
        if target is None or self._value(path) == value:
            return
        shot_id = None if self.project_level else self.bridge.shot_id
        self.bridge.push(SetField(shot_id, path, value), f"Edit {path}", merge=merge)

    def refresh(self) -> None:
        for fn in self._refreshers:
            fn()

    def _on_refresh(self, widget: QWidget, fn: Callable[[], None], path: str | None = None,
                    shows: Iterable[str] | None = None) -> None:
        def guarded() -> None:
            widget.blockSignals(True)
            try:
                widget.setEnabled(self._target() is not None)
                fn()
            finally:
                widget.blockSignals(False)
        self._refreshers.append(guarded)
        named = [*([path] if path else []), *(shows or ())]
        self._shows.append(frozenset(fields.root(p) for p in named) if named else None)

    def line(self, widget: QLineEdit, path: str, *, none_when_empty: bool = False) -> QLineEdit:
        self.registry.add(path, widget)
        widget.textEdited.connect(lambda text: self._set(path, (text or None) if none_when_empty else text))

        def refresh() -> None:
            v = self._value(path)
            if widget.text() != (v or ""):
                widget.setText(v or "")
        self._on_refresh(widget, refresh, path)
        return widget

    def text(self, widget: QPlainTextEdit, path: str) -> QPlainTextEdit:
        self.registry.add(path, widget)
        widget.textChanged.connect(lambda: self._set(path, widget.toPlainText()))

        def refresh() -> None:
            v = self._value(path) or ""
            if widget.toPlainText() != v:
                cursor = widget.textCursor().position()
                widget.setPlainText(v)
                c = widget.textCursor()
                c.setPosition(min(cursor, len(v)))
                widget.setTextCursor(c)
        self._on_refresh(widget, refresh, path)
        return widget

    def combo(self, widget: QComboBox, path: str, *, convert: Callable[[str], Any] = str,
              none_when_empty: bool = False) -> QComboBox:
        """An editable or fixed combo box; free text allowed when editable."""
        self.registry.add(path, widget)

        def push(text: str) -> None:
            if none_when_empty and not text:
                self._set(path, None, merge=False)
                return
            try:
                self._set(path, convert(text), merge=widget.isEditable())
            except ValueError:
                return
        if widget.isEditable():
            widget.editTextChanged.connect(push)
        else:
            widget.currentTextChanged.connect(push)

        def refresh() -> None:
            v = self._value(path)
            text = "" if v is None else str(v)
            if widget.currentText() != text:
                if widget.isEditable():
                    widget.setEditText(text)
                else:
                    widget.setCurrentText(text)
        self._on_refresh(widget, refresh, path)
        return widget

    def spin(self, widget: QSpinBox, path: str) -> QSpinBox:
        self.registry.add(path, widget)
        widget.valueChanged.connect(lambda v: self._set(path, int(v)))
        self._on_refresh(widget, lambda: widget.setValue(int(self._value(path) or 0)), path)
        return widget

    def custom(self, widget: QWidget, refresh: Callable[[], None], path: str | None = None, *,
               shows: Iterable[str] | None = None) -> None:
        """``refresh`` redraws ``widget`` from the document; ``shows``: the fields it reads, so typing in any other
        field of the shot leaves it alone (rebuilding combo boxes or swatches per keystroke re-laid out the form).
        Without ``shows`` it redraws on every change. A new shot selected, an undo of a project edit or a change
        of the shot list redraws everything."""
        if path:
            self.registry.add(path, widget)
        self._on_refresh(widget, refresh, shows=shows)

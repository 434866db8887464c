"""Remix / edit / extend a take: the parent's prompt prefilled, a live word diff, one change at a time."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from composer.catalog.loader import lookup
from composer.document.lineage import change_count, word_diff
from composer.document.models import TakeKind


class RemixDialog(QDialog):
    def __init__(self, parent_prompt: str, *, kind: TakeKind = TakeKind.REMIX, chain: tuple[int, float] = (0, 0.0),
                 parent: QWidget | None = None, model: str | None = None) -> None:
        super().__init__(parent)
        self.parent_prompt = parent_prompt
        profile = lookup(model)  # extension limits are the take's model's (none known for an unprofiled model)
        self.limits = (profile.max_extensions, profile.max_extension_seconds) if profile and profile.max_extensions \
            else None
        self.kind_box = QComboBox()
        for k in (TakeKind.REMIX, TakeKind.EDIT, TakeKind.EXTEND):
            self.kind_box.addItem(k.value.title(), k)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.setWindowTitle("Remix, edit or extend this take")
        self.setMinimumWidth(640)
        self.text = QPlainTextEdit(parent_prompt)
        self.text.setAccessibleName("new prompt")
        self.diff = QLabel()
        self.diff.setWordWrap(True)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.seconds = QSpinBox()
        self.seconds.setRange(4, 20)
        self.seconds.setSingleStep(4)
        self.seconds.setValue(4)
        self.chain = chain
        self.limit_note = QLabel(f"This chain: {chain[0]} of {self.limits[0]} extensions, {chain[1]:.0f} of "
                                 f"{self.limits[1]} s." if self.limits else
                                 "This model's extension limits are unknown; the endpoint decides.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Kind", self.kind_box)
        form.addRow("Prompt", self.text)
        form.addRow("Change", self.diff)
        form.addRow(self.advice)
        form.addRow("Extend by (s)", self.seconds)
        form.addRow(self.limit_note)
        form.addRow(self.buttons)
        self.text.textChanged.connect(self.refresh)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.seconds.valueChanged.connect(lambda _v: self.refresh())
        self.refresh()

    @property
    def kind(self) -> TakeKind:
        return TakeKind(self.kind_box.currentData())

    def refresh(self) -> None:
        new = self.text.toPlainText()
        parts = []
        for op, t in word_diff(self.parent_prompt, new):
            if op == "-":
                parts.append(f"<s style='color:#c62828'>{html.escape(t)}</s>")
            elif op == "+":
                parts.append(f"<b style='color:#2e7d32'>{html.escape(t)}</b>")
        self.diff.setText(" … ".join(parts) or "(no change yet)")
        n = change_count(self.parent_prompt, new)
        extend = self.kind is TakeKind.EXTEND
        self.seconds.setEnabled(extend)
        self.limit_note.setVisible(extend)
        lim = self.limits
        over = extend and lim is not None and (self.chain[0] + 1 > lim[0]
                                               or self.chain[1] + self.seconds.value() > lim[1])
        if over:
            assert lim is not None
            self.advice.setText(f"This extension would pass the limit of {lim[0]} extensions or {lim[1]} s in one "
                                "chain.")
        elif not extend and n == 0:
            self.advice.setText("Change one thing, e.g. 'same shot, switch to 85 mm'.")
        elif not extend and n > 1:
            self.advice.setText(f"{n} separate changes: the guides advise one change per remix, so you can tell "
                                "what made the difference.")
        else:
            self.advice.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(new.strip()) and not over
                                                                           and (extend or n > 0))

"""Which column of a spreadsheet is which Slate field: asked before a CSV that Slate did not write is imported.

Issue 16 §4: a sheet with "Description" instead of "subject" was refused with no way on. The dialog shows every
Slate field with the sheet's column Slate guessed for it (``composer.exchange.csv_io.guess``) and the first row's
value, so a person can check and change the guess before anything is imported.
"""

from __future__ import annotations

import csv
import io

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from composer.exchange import csv_io

_NONE = "(not in this sheet)"
_SHOWN = ("subject", "title", "scene", "beats", "framing", "angle", "lens", "movement", "lighting", "palette", "mood",
          "sound", "dialogue", "avoid", "seconds", "model", "size", "characters", "style_override", "layout", "id")


class ColumnMapDialog(QDialog):
    def __init__(self, text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {name}: which column is which?")
        self.columns = csv_io.header(text)
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
        first = dict(zip(self.columns, rows[1], strict=False)) if len(rows) > 1 else {}
        guessed = csv_io.guess(self.columns)
        intro = QLabel(f"<b>{name}</b> has the columns {', '.join(self.columns) or '(none)'}. Slate guessed which "
                       "field each one fills; change any guess, then Import. The subject is needed.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        for field in _SHOWN:
            box = QComboBox()
            box.addItems([_NONE, *self.columns])
            box.setAccessibleName(f"column for {field}")
            if field in guessed:
                box.setCurrentText(guessed[field])
            sample = QLabel()
            sample.setWordWrap(True)
            sample.setStyleSheet("color: palette(placeholder-text);")
            box.currentTextChanged.connect(lambda text, s=sample: s.setText(str(first.get(text, ""))[:80]))
            sample.setText(str(first.get(box.currentText(), ""))[:80])
            row = QVBoxLayout()
            row.addWidget(box)
            row.addWidget(sample)
            holder = QWidget()
            holder.setLayout(row)
            form.addRow(field.replace("_", " ").capitalize(), holder)
            self.boxes[field] = box
            self.samples[field] = sample
            box.currentTextChanged.connect(lambda _t: self._check())
        inner = QWidget()
        inner.setLayout(form)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(area, 1)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)
        self.resize(620, 640)
        self._check()

    def mapping(self) -> dict[str, str]:
        """Slate field -> the sheet's column, for the fields given one."""
        return {f: b.currentText() for f, b in self.boxes.items() if b.currentText() != _NONE}

    def _check(self) -> None:
        chosen = list(self.mapping().values())
        twice = sorted({c for c in chosen if chosen.count(c) > 1})
        problem = ("Pick the column that holds each shot's subject." if "subject" not in self.mapping() else
                   f"{', '.join(twice)} is given to two fields: each column fills one." if twice else "")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

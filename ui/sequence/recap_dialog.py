"""Before a chain is sent: what each previous take ends on, beside the next shot's fields, and where they disagree.

The recap itself is computed in the core (``composer.sequence.recap``); this dialog only lays it out. Nothing is
sent unseen: the person confirms, goes back to edit a shot, or ticks "don't ask" for later chains.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.sequence.recap import Recap, ShotSide

DONT_ASK = "chain/dont_ask_recap"
ROWS = ("Characters", "Wardrobe (bible)", "Lighting", "Palette", "Last beat", "Last line")


def _cells(s: ShotSide) -> tuple[str, ...]:
    return (", ".join(n for n, _w in s.characters) or "—",
            "; ".join(f"{n}: {w}" for n, w in s.characters if w) or "—", s.lighting or "—",
            ", ".join(f"{n} {h}".strip() for n, h in s.palette) or "—", s.last_beat or "—", s.last_line or "—")


class RecapDialog(QDialog):
    EDIT = 2
    """Result: the person wants to edit ``edit_shot_id`` before sending."""

    def __init__(self, recaps: list[Recap], frames: dict[str, bytes], parent: QWidget | None = None) -> None:
        """``frames``: PNG bytes of each previous take's last frame, by the next shot's id (decoded off-thread)."""
        super().__init__(parent)
        self.setWindowTitle("Continuity before the chain — Slate")
        self.recaps = recaps
        self.edit_shot_id: str | None = None
        lay = QVBoxLayout(self)
        problems = sum(len(r.findings) for r in recaps)
        head = QLabel(f"{len(recaps)} link(s) start on the previous take's last frame. "
                      + (f"{problems} continuity finding(s) to look at." if problems else "No disagreements found."))
        head.setWordWrap(True)
        lay.addWidget(head)
        self.tabs = QTabWidget()
        for r in recaps:
            self.tabs.addTab(self._page(r, frames.get(r.after.shot_id)),
                             f"{r.before.title} → {r.after.title}" + (f"  ({len(r.findings)})" if r.findings else ""))
        lay.addWidget(self.tabs, 1)
        self.dont_ask = QCheckBox("Don't ask before sending a chain")
        self.dont_ask.setChecked(bool(QSettings().value(DONT_ASK, False, type=bool)))
        lay.addWidget(self.dont_ask)
        buttons = QDialogButtonBox()
        self.send = buttons.addButton("Send chain", QDialogButtonBox.ButtonRole.AcceptRole)
        self.edit = buttons.addButton("Edit this shot first", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._send)
        buttons.rejected.connect(self.reject)
        self.edit.clicked.connect(self._edit)
        lay.addWidget(buttons)
        self.resize(1100, 620)

    def _page(self, r: Recap, png: bytes | None) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        left = QVBoxLayout()
        picture = QLabel()
        picture.setAccessibleName("last frame")
        img = QImage.fromData(png) if png else QImage()
        if not img.isNull():
            picture.setPixmap(QPixmap.fromImage(img).scaledToWidth(380, Qt.TransformationMode.SmoothTransformation))
        else:
            picture.setText("No take of the previous shot yet:\nthis shot starts on it once it is rendered.")
        left.addWidget(picture)
        caption = QLabel(f"Last frame of {r.take.id}, what {r.after.title} starts on" if r.take else "")
        caption.setWordWrap(True)
        left.addWidget(caption)
        left.addStretch(1)
        row.addLayout(left)
        right = QVBoxLayout()
        table = QTableWidget(len(ROWS), 2)
        table.setAccessibleName("recap fields")
        table.setHorizontalHeaderLabels([f"{r.before.title} ends on", f"{r.after.title} (next)"])
        table.setVerticalHeaderLabels(list(ROWS))
        for col, cells in enumerate((_cells(r.before), _cells(r.after))):
            for i, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                table.setItem(i, col, item)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(0, 300)
        table.setWordWrap(True)
        table.resizeRowsToContents()
        right.addWidget(table, 1)
        findings = QListWidget()
        findings.setAccessibleName("continuity findings")
        for f in r.findings:
            findings.addItem(f"{f.code} {f.name}: {f.message}")
        if not r.findings:
            findings.addItem("No continuity findings: the next shot follows from this one.")
        findings.setWordWrap(True)
        findings.setMaximumHeight(120)
        right.addWidget(findings)
        row.addLayout(right, 1)
        return page

    def _send(self) -> None:
        QSettings().setValue(DONT_ASK, self.dont_ask.isChecked())
        self.accept()

    def _edit(self) -> None:
        self.edit_shot_id = self.recaps[self.tabs.currentIndex()].after.shot_id if self.recaps else None
        self.done(self.EDIT)

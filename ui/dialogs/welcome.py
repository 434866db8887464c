"""The welcome page: new project, open, or start from one of the guides' example projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.project import files as project_file


class WelcomeDialog(QDialog):
    NEW, OPEN, EXAMPLE = 1, 2, 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Slate")
        self.choice = 0
        self.example: Path | None = None
        intro = QLabel("<h2>Slate</h2><p>Write prompts the way the video models' guides recommend: style first, "
                       "a concrete subject, one camera move, light by its sources, a sound bed. The preview is "
                       "exactly what is sent; lint explains every finding. Render on Veo, Runway, Seedance, Kling, "
                       "or Wan and LTX on your own GPU.</p><p>Start from a guide example:</p>")
        intro.setWordWrap(True)
        self.examples = QListWidget()
        self.examples.setAccessibleName("example projects")
        for path in project_file.examples():
            try:
                p = project_file.load(path)
            except Exception:  # a broken example must not stop the welcome page
                continue
            item = QListWidgetItem(f"{p.name} — {len(p.shots)} shot(s)")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.examples.addItem(item)
        self.examples.itemActivated.connect(lambda _i: self._pick(self.EXAMPLE))
        buttons = QHBoxLayout()
        for text, choice in (("New project", self.NEW), ("Open…", self.OPEN), ("Open example", self.EXAMPLE)):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, ch=choice: self._pick(ch))
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.examples)
        lay.addLayout(buttons)
        self.resize(560, 420)

    def _pick(self, choice: int) -> None:
        item = self.examples.currentItem()
        if choice == self.EXAMPLE:
            if item is None:
                return
            self.example = Path(item.data(Qt.ItemDataRole.UserRole))
        self.choice = choice
        self.accept()

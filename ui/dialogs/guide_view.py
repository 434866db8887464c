"""Help ▸ User guide inside Slate: docs/user-guide.md rendered by Qt (Markdown with its screenshots), searchable.

Issue 16 §9: the menu item handed a ``.md`` file to the desktop, which on most systems has no program for it, and
nothing was shown. The guide ships with Slate (the source tree's docs/, the PyInstaller bundle's docs/ beside its
resources/, or $SLATE_DOCS); when it is not there, the window says where to read it instead of showing nothing.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer import __version__, resources

ONLINE = "docs/user-guide.md in Slate's source"


def guide_path() -> Path | None:
    """Where the user guide is in this installation, or None."""
    env = os.environ.get("SLATE_DOCS")
    candidates = ([Path(env)] if env else []) + [resources.root().parent / "docs", resources.root() / "docs"]
    return next((d / "user-guide.md" for d in candidates if (d / "user-guide.md").is_file()), None)


class GuideView(QDialog):
    """The guide with its pictures, a list of its sections, and find (Ctrl+F, Enter for the next match)."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("User guide — Slate")
        self.resize(1100, 760)
        self.path = path if path is not None else guide_path()
        self.text = QTextBrowser()
        self.text.setAccessibleName("user guide")
        self.text.setOpenExternalLinks(True)
        self.sections = QListWidget()
        self.sections.setAccessibleName("guide sections")
        self.sections.itemActivated.connect(self._go)
        self.sections.itemClicked.connect(self._go)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find in the guide (Enter: next match)")
        self.search.setAccessibleName("find in guide")
        self.search.returnPressed.connect(self.find_next)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        nxt = QPushButton("Find next")
        nxt.clicked.connect(self.find_next)
        top.addWidget(nxt)
        top.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.sections)
        split.addWidget(self.text)
        split.setSizes([250, 850])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.load()

    def load(self) -> None:
        if self.path is None:
            self.text.setMarkdown(f"# The user guide is not in this installation\n\nRead it as {ONLINE}, or set "
                                  "SLATE_DOCS to a folder that holds user-guide.md and its img/ folder.")
            return
        # As a source, not a string: Qt then resolves the screenshots (img/…) and links against docs/.
        self.text.setSearchPaths([str(self.path.parent)])
        self.text.setSource(QUrl.fromLocalFile(str(self.path)), QTextDocument.ResourceType.MarkdownResource)
        self.sections.clear()
        fenced = False
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced  # a "# comment" in a shell or YAML example is not a heading
            elif not fenced and (line.startswith("## ") or line.startswith("# ")):
                title = line.lstrip("#").strip()
                item = QListWidgetItem(("    " if line.startswith("## ") else "") + title)
                item.setData(256, title)
                self.sections.addItem(item)

    def headings(self) -> list[str]:
        return [self.sections.item(i).data(256) for i in range(self.sections.count())]

    def _go(self, item: QListWidgetItem) -> None:
        self.show_section(item.data(256))

    def show_section(self, title: str) -> bool:
        """Scroll to the heading ``title``."""
        doc = self.text.document()
        cursor = doc.find(title)
        while not cursor.isNull() and cursor.block().blockFormat().headingLevel() == 0:
            cursor = doc.find(title, cursor)
        if cursor.isNull():
            return False
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        return True

    def find_next(self) -> bool:
        words = self.search.text()
        if not words:
            return False
        found = self.text.find(words)
        if not found:  # wrap around to the top, once
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.text.find(words)
        self.status.setText("" if found else "not found")
        return found


def about_text() -> str:
    import PySide6

    from composer.project import paths

    return (f"<h2>Slate {__version__}</h2><p>Write, lint, render and compare prompts for AI video models.</p>"
            f"<p>PySide6 {PySide6.__version__} · Python {platform.python_version()} · {sys.platform}</p>"
            f"<p>Data folder: {paths.data_dir()}<br>Resources: {resources.root()}<br>"
            f"User guide: {guide_path() or 'not installed — ' + ONLINE}</p>")


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, "About Slate", about_text())

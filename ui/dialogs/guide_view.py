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

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
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


class _FitImages(QTextBrowser):
    """A text browser whose pictures fit its width: the guide's screenshots are 1500 px wide, wider than the
    window, so each had to be scrolled sideways to be read. Each is scaled down (never up) to the view's width,
    and again, from the original, when the window is resized."""

    MARGIN = 24

    def __init__(self) -> None:
        super().__init__()
        self._originals: dict[str, QImage] = {}
        self._shares: dict[str, int] = {}  # name -> how many columns of a table it shares the width with
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(150)  # once the resize settles, not for every pixel of a drag
        self._refit.timeout.connect(self.fit_images)

    def fit_from(self, folder: Path) -> None:
        """Load every picture the document names (relative to ``folder``) once, then fit them all."""
        self._originals.clear()
        self._shares.clear()
        doc = self.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                name = QTextImageFormat(fmt).name() if fmt.isImageFormat() else ""
                image = QImage(str(folder / name)) if name and name not in self._originals else QImage()
                if not image.isNull():
                    self._originals[name] = image
                    table = QTextCursor(block).currentTable()  # pictures side by side share the width
                    self._shares[name] = table.columns() if table else 1
                it += 1
            block = block.next()
        self.fit_images()

    def _fitted(self, image: QImage, share: int = 1) -> QImage:
        width = max(120, (self.viewport().width() - self.MARGIN) // share - (self.MARGIN if share > 1 else 0))
        if image.width() <= width:
            return image
        return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)

    def fit_images(self) -> None:
        """Put every picture back at the view's width, from its original, and lay the text out again."""
        doc = self.document()
        for name, image in self._originals.items():  # looked up resolved against the guide's own URL
            doc.addResource(QTextDocument.ResourceType.ImageResource.value, doc.baseUrl().resolved(QUrl(name)),
                            self._fitted(image, self._shares.get(name, 1)))
        doc.markContentsDirty(0, doc.characterCount())

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(e)
        if self._originals and e.size().width() != e.oldSize().width():
            self._refit.start()


class GuideView(QDialog):
    """The guide with its pictures, a list of its sections, and find (Ctrl+F, Enter for the next match)."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("User guide — Slate")
        self.resize(1100, 760)
        self.path = path if path is not None else guide_path()
        self.text = _FitImages()
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
        self.text.fit_from(self.path.parent)
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

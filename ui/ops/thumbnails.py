"""Take thumbnails for lists, decoded off the GUI thread once per file and kept for the view's lifetime.

The shot list redraws a shot's row on every keystroke in it and the take tree rebuilds on every take edit; each
used to decode the hero's (or every take's) WebP on the GUI thread each time. Now a view asks ``icon(path)``: a
picture already decoded comes back at once, else None while it is decoded as an operation, and ``sig_loaded``
tells the view to put the new icons in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap

from ui.ops.operation import describe, log, run_op


def read_thumbnail(path: Path, size: QSize) -> QImage:
    """The picture at ``path`` scaled to fit ``size`` (a null image when it cannot be read); any thread."""
    image = QImage(str(path))
    if image.isNull():
        return image
    return image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class Thumbnails(QObject):
    sig_loaded = Signal()
    """Pictures asked for earlier are ready: ``icon()`` returns them now."""

    def __init__(self, parent: QObject, size: QSize) -> None:
        super().__init__(parent)
        self.size = size
        self._icons: dict[Path, QIcon | None] = {}  # None: the file holds no picture (not asked again)
        self._loading: set[Path] = set()

    def icon(self, path: Path) -> QIcon | None:
        """The icon for ``path`` when it is decoded; otherwise None now, and ``sig_loaded`` once it is."""
        if path in self._icons:
            return self._icons[path]
        if path not in self._loading:
            self._loading.add(path)
            size = self.size
            run_op(self, lambda: read_thumbnail(path, size), title="Load a thumbnail",
                   on_done=lambda image: self._loaded(path, image), on_error=lambda e: self._failed(path, e))
        return None

    def _loaded(self, path: Path, image: QImage) -> None:
        self._loading.discard(path)
        self._icons[path] = None if image.isNull() else QIcon(QPixmap.fromImage(image))
        if not image.isNull():
            self.sig_loaded.emit()

    def _failed(self, path: Path, error: BaseException) -> None:
        self._loading.discard(path)
        self._icons[path] = None
        log.debug("thumbnail %s: %s", path.name, describe(error))

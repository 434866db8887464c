"""Export in the background: boards draw every beat of every shot, too slow for the GUI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from composer.document.models import Project
from composer.errors import SlateError


@dataclass(frozen=True)
class ExportResult:
    path: Path
    error: str | None  # a sentence naming the problem and the fix, or None when the file was written


class ExportOp(QObject):
    """Runs ``composer.exchange.export`` on a worker thread; the result comes back as a queued signal."""

    sig_export_finished = Signal(ExportResult)
    """An export ended (written or failed); emitted from the worker, delivered on the GUI thread."""

    def start(self, project: Project, fmt: str, path: Path, project_path: Path | None) -> threading.Thread:
        snapshot = project.model_copy(deep=True)  # edits made meanwhile are not half in the file
        t = threading.Thread(target=self._run, args=(snapshot, fmt, path, project_path), name="slate-export",
                             daemon=True)
        t.start()
        return t

    def _run(self, project: Project, fmt: str, path: Path, project_path: Path | None) -> None:
        from composer.exchange import export

        try:
            export(project, fmt, path, project_path=project_path)
        except SlateError as e:
            self.sig_export_finished.emit(ExportResult(path, e.describe()))
        except OSError as e:
            self.sig_export_finished.emit(ExportResult(path, f"{path}: {e.strerror or e}. Pick a folder you can "
                                                             "write to."))
        else:
            self.sig_export_finished.emit(ExportResult(path, None))

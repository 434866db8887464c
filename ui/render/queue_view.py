"""The render queue dock: jobs with state and progress, and the actions a person needs on each."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.queue.service import RenderService
from composer.queue.runner import Holder
from composer.queue.store import Job
from ui.bridges.queue import QueueBridge
from ui.ops.operation import run_op

COLUMNS = ("Shot", "Take", "State", "Progress", "Backend", "Cost", "Elapsed", "Message")
_Index = QModelIndex | QPersistentModelIndex
Namer = Callable[[Job], tuple[str, str]]
"""(shot, take) labels of a job, as people named them (issue 16 §6: not job_1357d29… / shot_e75e91…)."""


def _stored_names(job: Job) -> tuple[str, str]:
    return str(job.hints.get("shot_label") or "(shot)"), "new take" if job.kind == "create" else job.kind


def _message(j: Job) -> str:
    if j.error_message:
        return j.error_message
    codes = j.hints.get("lint_errors")
    if codes:
        return f"animatic despite lint errors {', '.join(codes)} (a paid render waits until they are fixed)"
    return "take ready: double-click to show it" if j.take_path else ""


def _cost(j: Job) -> str:
    return "price unknown" if j.price_unknown else f"${j.cost_estimated:.2f}"

class JobsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[Job] = []
        self.namer: Namer = _stored_names

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.jobs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        j = self.jobs[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return j
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = j.error_message or j.take_path or j.prompt[:300]
            return f"{detail}\n\njob {j.id} · shot {j.shot_id or '-'}" + ("\nDouble-click to show the take"
                                                                          if str(j.state) == "completed" else "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        elapsed = (j.updated_at if str(j.state) in ("completed", "failed") else time.time()) - j.created_at
        shot, take = self.namer(j)
        return (shot, take, str(j.state), j.progress, j.backend, _cost(j),
                f"{elapsed:.0f} s", _message(j))[index.column()]

    def relabel(self) -> None:
        """Names come from the open project: redraw them after it changed (a take arrived, a shot was renamed)."""
        if self.jobs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.jobs) - 1, 1))

    def upsert(self, job: Job) -> None:
        for row, j in enumerate(self.jobs):
            if j.id == job.id:
                self.jobs[row] = job
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self.jobs), len(self.jobs))
        self.jobs.append(job)
        self.endInsertRows()

    def reset(self, jobs: list[Job]) -> None:
        self.beginResetModel()
        self.jobs = list(jobs)
        self.endResetModel()


class ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionProgressBar()
        opt.rect = option.rect.adjusted(2, 3, -2, -3)
        opt.minimum, opt.maximum = 0, 100
        opt.progress = int(index.data() or 0)
        opt.text = f"{opt.progress}%"
        opt.textVisible = True
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, opt, painter)


class QueueDock(QWidget):
    sig_render_requested = Signal(bool, int)
    """(all shots?, variants): the window submits the current shot or every shot."""
    sig_delete_remote_requested = Signal(str)
    """Job id whose video the person asked to delete on the server (the render controller runs it off the GUI)."""
    sig_job_activated = Signal(object)
    """A Job whose row was double-clicked (or Enter pressed on): show its take, or what it waits for."""

    def __init__(self, service: RenderService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.bridge = QueueBridge(service, self)
        self.model = JobsModel()
        self.model.reset(service.jobs())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("render jobs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setItemDelegateForColumn(3, ProgressDelegate(self.table))
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)  # more rows in sight
        header = self.table.horizontalHeader()
        for col, width in enumerate((230, 230, 90, 90, 80, 70, 70)):
            header.resizeSection(col, width)
        self.table.activated.connect(self._on_activated)
        self.variants = QSpinBox()
        self.variants.setRange(1, 8)
        self.variants.setPrefix("variants: ")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.runner = QLabel()
        self.runner.setWordWrap(True)
        self.runner.setAccessibleName("who runs the queue")
        self.runner.hide()
        self.spend = QLabel()
        self.spend.setAccessibleName("spend by tier")
        self.spend.setToolTip("The ledger split: cheap drafts apart from finals (estimates; actual once rendered)")
        buttons = QHBoxLayout()
        for text, slot in (("Render shot", lambda: self.sig_render_requested.emit(False, self.variants.value())),
                           ("Render all", lambda: self.sig_render_requested.emit(True, self.variants.value())),
                           ("Retry download", lambda: self._off_gui("retry the download", self._retry)),
                           ("Cancel", lambda: self._off_gui("cancel", self.service.cancel)),
                           ("Abandon", lambda: self._off_gui("abandon", self.service.abandon)),
                           ("Delete remote", lambda: self._say(self._on_selected(self._delete_remote))),
                           ("Reveal file", self._reveal)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            if text == "Render all":
                buttons.addWidget(self.variants)
        buttons.addStretch()
        buttons.addWidget(self.spend)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.runner)
        lay.addWidget(self.table)
        lay.addWidget(self.message)
        self.bridge.sig_job_changed.connect(self.model.upsert)
        self.bridge.sig_runner_changed.connect(self._show_runner)
        self.model.rowsInserted.connect(lambda *_: self.table.scrollToBottom())

    @property
    def namer(self) -> Namer:
        return self.model.namer

    @namer.setter
    def namer(self, fn: Namer) -> None:
        self.model.namer = fn
        self.model.relabel()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_job_activated.emit(self.model.jobs[index.row()])

    def _show_runner(self, holder: Holder | None) -> None:
        """Another Slate runs this queue (one runner at a time, so nothing is sent twice): say who, so waiting
        jobs do not look stuck, and what to do if that process is gone for good."""
        if holder is None:
            self.runner.hide()
            return
        self.runner.setText(f"The queue is being run by {holder.describe()}. It sends and fetches this window's "
                            "jobs too; their rows follow its progress. Close that Slate and this one takes over.")
        self.runner.show()

    def say(self, text: str) -> None:
        """A line under the table: what an action did, or why it could not."""
        self.message.setText(text)
        self.bridge.sig_job_changed.connect(lambda _job: self._show_spend())
        self._show_spend()

    def _show_spend(self) -> None:
        """Draft and final spend apart, from the jobs the model holds (no database read on the GUI thread)."""
        text = []
        for tier in ("draft", "final"):
            jobs = [j for j in self.model.jobs if j.tier == tier]
            if jobs:
                actual = sum(j.cost_actual or 0.0 for j in jobs)
                text.append(f"{tier}s ${actual:.2f} spent of ${sum(j.cost_estimated for j in jobs):.2f}")
        self.spend.setText(" · ".join(text))

    def selected(self) -> Job | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.jobs[rows[0].row()] if rows else None

    def _on_selected(self, fn: Callable[[str], object]) -> object:
        job = self.selected()
        return fn(job.id) if job is not None else "Select a job first."

    def _off_gui(self, verb: str, act: Callable[[str], str]) -> None:
        """Run a queue action on the selected job as an operation: it reads and writes the queue database, and a
        cancel on vLLM-Omni sends a DELETE, none of which may stall the window. Its answer shows under the table."""
        job = self.selected()
        if job is None:
            self._say("Select a job first.")
            return
        shot, take = self.model.namer(job)
        self._say(f"{verb.capitalize()}: {shot} · {take}…")
        run_op(self, lambda: act(job.id), title=f"Could not {verb}", on_done=self._say)

    def _retry(self, job_id: str) -> str:
        self.service.retry_download(job_id)
        return f"{job_id}: downloading again…"

    def _delete_remote(self, job_id: str) -> str:
        self.sig_delete_remote_requested.emit(job_id)
        return f"Deleting {job_id}'s video on the server…"

    def _say(self, text: object) -> None:
        self.message.setText(str(text or ""))

    def _reveal(self) -> None:
        job = self.selected()
        if job is not None and job.take_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(job.take_path))

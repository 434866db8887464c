"""The lint panel: findings by severity; click to focus the field, Fix (undoable), Suppress with a reason.

Issue 16 §5, §6, §8: Fix is offered wherever the rule can compute the change (a choice, such as a shot size, opens
a menu), and where it cannot, the panel says why; the Field column names fields as people do ("Beat 3", not
``beats[2].text``); suppressed findings are counted under the list, and can be brought back from there.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.document.edits import Batch, Edit, ListInsert, ListRemove
from composer.document.models import Suppression
from composer.document.names import field_label
from composer.lint.fixes import fix_edit, fix_reason
from composer.lint.registry import get_rule
from composer.lint.rule import FieldEdit, Finding
from ui.bridges.document import DocumentBridge

_ORDER = ("error", "warning", "info")
_TITLES = {"error": "Errors (block paid renders)", "warning": "Warnings", "info": "Suggestions"}


class _Wrapped(QStyledItemDelegate):
    """Rows as tall as their wrapped message: at 1500×920 the finding text was cut off (issue 16 §7)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(index.column()) - self.tree.indentation() * (depth + 1) - 8
        text = str(index.data() or "")
        if width <= 40 or not text:
            return size
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class FindingsView(QWidget):
    sig_finding_activated = Signal(object)
    """A Finding the user clicked: the window focuses its field and selects its span."""
    sig_rule_help_requested = Signal(str)
    """A rule code whose documentation the user asked for."""

    def __init__(self, bridge: DocumentBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Finding", "Field"])
        self.tree.setAccessibleName("lint findings")
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the message gets the room; wraps
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setItemDelegateForColumn(0, _Wrapped(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.itemClicked.connect(self._on_item_activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.fix = QToolButton()  # a split button when a fix has alternatives (a shot size, a camera move)
        self.fix.setText("Fix")
        self.fix.setAccessibleName("apply fix")
        self.fix.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.fix.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.suppress = QPushButton("Suppress…")
        self.suppress.setToolTip("Silence this rule for this shot, with a reason stored in the project")
        self.help = QPushButton("Why?")
        self.help.setToolTip("Open the rule's documentation")
        self.fix.clicked.connect(self._on_fix)
        self.suppress.clicked.connect(self._on_suppress)
        self.help.clicked.connect(self._on_help)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName("fix explanation")
        self.suppressed = QPushButton()
        self.suppressed.setFlat(True)
        self.suppressed.setAccessibleName("suppressed findings")
        self.suppressed.setToolTip("Findings you silenced for this shot; pick one to show it again (undoable)")
        self.suppressed.clicked.connect(self._on_suppressed)
        buttons = QHBoxLayout()
        for b in (self.fix, self.suppress, self.help):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.suppressed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        lay.addWidget(self.reason)
        lay.addLayout(buttons)
        bridge.sig_document_changed.connect(lambda _c: self.refresh())
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)
        self._update_buttons()

    def current(self) -> Finding | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh(self) -> None:
        before = self.current()
        self.tree.clear()
        sid = self.bridge.shot_id
        findings = self.bridge.document.shown(sid) if sid else []
        for sev in _ORDER:
            group = [f for f in findings if str(f.severity) == sev]
            if not group:
                continue
            top = QTreeWidgetItem([f"{_TITLES[sev]} ({len(group)})"])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for f in group:
                child = QTreeWidgetItem([f"{f.code} {f.name}: {f.message}", field_label(f.field)])
                child.setToolTip(0, f"{f.message}\n{_fix_line(f)}")
                child.setToolTip(1, str(f.field or ""))
                child.setData(0, Qt.ItemDataRole.UserRole, f)
                top.addChild(child)
                if before is not None and (f.code, f.field, f.message) == (before.code, before.field, before.message):
                    self.tree.setCurrentItem(child)
            top.setExpanded(True)
        if not findings:
            self.tree.addTopLevelItem(QTreeWidgetItem(["No findings: this prompt follows the guides."]))
        n = len(self._suppressions())
        self.suppressed.setText(f"{n} suppressed…" if n else "")
        self.suppressed.setVisible(bool(n))
        self._update_buttons()

    def _update_buttons(self) -> None:
        f = self.current()
        fixable = bool(f and f.fix and f.fix.automatic)
        self.fix.setEnabled(fixable)
        options = bool(fixable and f is not None and f.fix is not None and f.fix.options)
        direct = bool(fixable and f is not None and f.fix is not None and f.fix.edits)
        old = self.fix.menu()
        if old is not None:
            old.deleteLater()
        self.fix.setMenu(self.fix_menu(f) if options and f is not None else None)  # type: ignore[arg-type]  # None
        self.fix.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup if direct else
                              QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fix.setText("Fix" if direct or not options else "Fix ▾")
        self.fix.setToolTip(f.fix.title if fixable and f is not None and f.fix is not None else
                            "Select a finding; Fix applies its automatic change (undoable)")
        self.reason.setText("" if f is None else _fix_line(f))
        self.suppress.setEnabled(f is not None)
        self.help.setEnabled(f is not None)

    def _on_item_activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        f = item.data(0, Qt.ItemDataRole.UserRole)
        if f is not None:
            self.sig_finding_activated.emit(f)

    def apply_fix(self, f: Finding, edits: tuple[FieldEdit, ...] | None = None) -> bool:
        """Apply the finding's fix (or one of its options' edits) as one undo step."""
        if not (f.fix and f.fix.automatic) or (edits is None and not f.fix.edits):
            return False
        self.bridge.push(fix_edit(f, edits), f"Fix {f.code} {f.name}")
        return True

    def fix_menu(self, f: Finding) -> QMenu:
        """The choices of a fix that asks (a shot size, a camera move), each one exact edit."""
        menu = QMenu(self.fix)
        for option in f.fix.options if f.fix else ():
            act = menu.addAction(option.label)
            act.triggered.connect(lambda _c=False, f=f, e=option.edits: self.apply_fix(f, e))
        return menu

    def _on_help(self) -> None:
        f = self.current()
        if f is not None:
            self.sig_rule_help_requested.emit(f.code)

    def _on_fix(self) -> None:
        f = self.current()
        if f is not None and f.fix is not None and f.fix.edits:
            self.apply_fix(f)  # the button's face: the fix itself (its arrow holds the alternatives)

    def suppress_finding(self, f: Finding, reason: str) -> None:
        n = len(self.bridge.document.project.lint_config.suppressions)
        item = Suppression(shot_id=self.bridge.shot_id, code=f.code, reason=reason)
        self.bridge.push(ListInsert(None, "lint_config.suppressions", n, item), f"Suppress {f.code} {f.name}")

    def _on_suppress(self) -> None:
        f = self.current()
        if f is None:
            return
        reason, ok = QInputDialog.getText(self, f"Suppress {f.code} {f.name}",
                                          "Why is this finding fine for this shot? (stored in the project)")
        if ok and reason.strip():
            self.suppress_finding(f, reason.strip())

    def _suppressions(self) -> list[tuple[int, Suppression]]:
        sid = self.bridge.shot_id
        return [(i, s) for i, s in enumerate(self.bridge.document.project.lint_config.suppressions)
                if s.shot_id == sid]

    def suppressed_menu(self) -> QMenu:
        menu = QMenu(self)
        for i, s in self._suppressions():
            try:
                name = get_rule(s.code).name
            except KeyError:
                name = "unknown rule"
            act = menu.addAction(f"Show {s.code} {name} again (suppressed: {s.reason})")
            act.triggered.connect(lambda _c=False, i=i, code=s.code: self.unsuppress(i, code))
        return menu

    def unsuppress(self, index: int, code: str) -> None:
        """Bring a suppressed finding back (one undo step)."""
        edits: list[Edit] = [ListRemove(None, "lint_config.suppressions", index)]
        self.bridge.push(Batch(edits, f"Show {code} again"), f"Show {code} again")

    def _on_suppressed(self) -> None:
        self.suppressed_menu().exec(self.suppressed.mapToGlobal(self.suppressed.rect().bottomLeft()))


def _fix_line(f: Finding) -> str:
    if f.fix is not None and f.fix.automatic:
        return f"Fix: {f.fix.title}" + (" (pick one)" if f.fix.options and not f.fix.edits else "")
    return f"No automatic fix: {fix_reason(f)}"

"""The lint panel: findings by severity; click to focus the field, Fix (undoable), Suppress with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.document.edits import ListInsert, SetField
from composer.document.models import Suppression
from composer.lint.rule import Finding
from ui.bridges.document import DocumentBridge

_ORDER = ("error", "warning", "info")
_TITLES = {"error": "Errors (block rendering)", "warning": "Warnings", "info": "Suggestions"}


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
        self.tree.setColumnWidth(0, 360)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.itemClicked.connect(self._on_item_activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.fix = QPushButton("Fix")
        self.fix.setToolTip("Apply the automatic fix (undoable)")
        self.suppress = QPushButton("Suppress…")
        self.suppress.setToolTip("Silence this rule for this shot, with a reason stored in the project")
        self.help = QPushButton("Why?")
        self.help.setToolTip("Open the rule's documentation")
        self.fix.clicked.connect(self._on_fix)
        self.suppress.clicked.connect(self._on_suppress)
        self.help.clicked.connect(self._on_help)
        buttons = QHBoxLayout()
        for b in (self.fix, self.suppress, self.help):
            buttons.addWidget(b)
        buttons.addStretch()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        lay.addLayout(buttons)
        bridge.sig_document_changed.connect(lambda _c: self.refresh())
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)
        self._update_buttons()

    def current(self) -> Finding | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def refresh(self) -> None:
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
                child = QTreeWidgetItem([f"{f.code} {f.name}: {f.message}", f.field or ""])
                child.setToolTip(0, f"{f.message}\nFix: {f.fix.title if f.fix else ''}")
                child.setData(0, Qt.ItemDataRole.UserRole, f)
                top.addChild(child)
            top.setExpanded(True)
        if not findings:
            self.tree.addTopLevelItem(QTreeWidgetItem(["No findings: this prompt follows the guides."]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        f = self.current()
        self.fix.setEnabled(bool(f and f.fix and f.fix.new_value is not None and f.fix.field))
        self.suppress.setEnabled(f is not None)
        self.help.setEnabled(f is not None)

    def _on_item_activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        f = item.data(0, Qt.ItemDataRole.UserRole)
        if f is not None:
            self.sig_finding_activated.emit(f)

    def apply_fix(self, f: Finding) -> bool:
        if not (f.fix and f.fix.field and f.fix.new_value is not None):
            return False
        self.bridge.push(SetField(self.bridge.shot_id, f.fix.field, f.fix.new_value), f"Fix {f.code} {f.name}")
        return True

    def _on_help(self) -> None:
        f = self.current()
        if f is not None:
            self.sig_rule_help_requested.emit(f.code)

    def _on_fix(self) -> None:
        f = self.current()
        if f is not None:
            self.apply_fix(f)

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

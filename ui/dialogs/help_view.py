"""In-app help: what every lint code means (generated from the rule records, so it is never out of date) and tips.

The rule page is the same text as docs/rules.md — guide quote, bad and good examples, the fix — searchable, and
opened at a code from a finding's "Why?".
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.lint.registry import all_rules, get_rule
from composer.lint.rule import Rule

TIPS = (
    ("One shot, one prompt", "Each shot is one render. Fill the panels on the Shot tab; the Prompt dock shows the "
     "exact text that is sent, and lint underlines what the guides warn about."),
    ("Fix from the finding", "Double-click a finding to jump to its field. Fix applies the safe change (one undo "
     "step); Why? explains the rule with the guide's own words."),
    ("Keep the look steady", "Put the look every shot shares in Project → Style spine and people in the "
     "Character bible: they are inserted word for word into every prompt, so shots match."),
    ("Render offline first", "With no API key the render queue makes an animatic: the beats, camera move and "
     "palette as a moving storyboard, at the real size and length. Judge timing before paying."),
    ("Compare takes", "On the Takes tab, Ctrl+click two to four takes and press Compare. Space plays, arrows step "
     "one exact frame, 2 wipes, 3 shows the difference."),
    ("Continuity", "In the compare window, 'Use A's frame as next shot's reference' exports the frame at the next "
     "shot's render size and sets it as its reference image."),
    ("Hand off", "File → Export writes CSV for spreadsheets, Fountain for screenwriters and OTIO for editors (the "
     "hero take of each shot, in order)."),
)


def rule_html(rule: Rule) -> str:
    e = html.escape
    return (f"<h2>{e(rule.code)} {e(rule.name)} <small>({e(rule.severity.value)})</small></h2>"
            f"<p>{e(rule.summary)}</p>"
            f"<blockquote><i>{e(rule.why)}</i><br><small>{e(rule.source)}</small></blockquote>"
            f"<p><b>Instead of</b>: {e(rule.bad)}<br><b>write</b>: {e(rule.good)}</p>"
            f"<p><b>Fix</b>: {e(rule.fix_title)}</p>")


class RuleHelp(QDialog):
    """Every lint code, searchable by code, name or words; the text comes from the rule records."""

    def __init__(self, parent: QWidget | None = None, code: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What each lint code means — Slate")
        self.resize(900, 560)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search codes, names and explanations (e.g. SL012, camera, dialogue)")
        self.search.setAccessibleName("search rules")
        self.list = QListWidget()
        self.list.setAccessibleName("lint codes")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        for rule in all_rules():
            item = QListWidgetItem(f"{rule.code}  {rule.name}")
            item.setData(Qt.ItemDataRole.UserRole, rule.code)
            item.setToolTip(rule.summary)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._show)
        self.search.textChanged.connect(self._filter)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([260, 640])
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.show_code(code or (all_rules()[0].code if all_rules() else ""))

    def show_code(self, code: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentRow(i)
                return

    def _show(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.text.setHtml(rule_html(get_rule(item.data(Qt.ItemDataRole.UserRole))))

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            rule = get_rule(item.data(Qt.ItemDataRole.UserRole))
            hay = " ".join((rule.code, rule.name, rule.summary, rule.why, rule.bad, rule.good)).lower()
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None and (self.list.currentItem() is None or self.list.currentItem().isHidden()):
            self.list.setCurrentItem(first)

    def visible_codes(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if not self.list.item(i).isHidden()]


class TipsDialog(QDialog):
    """A short tour: one tip at a time, Next / Back; shown once at first start (the checkbox turns it off)."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.setWindowTitle("Tips — Slate")
        self.index = 0
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(440)
        self.counter = QLabel()
        self.again = QCheckBox("Show tips at start")
        self.again.setChecked(bool(self.settings.value("show_tips", True, type=bool)))
        self.again.toggled.connect(lambda on: self.settings.setValue("show_tips", on))
        back, nxt, close = QPushButton("Back"), QPushButton("Next"), QPushButton("Close")
        back.clicked.connect(lambda: self.go(-1))
        nxt.clicked.connect(lambda: self.go(1))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.again)
        row.addStretch(1)
        row.addWidget(self.counter)
        for b in (back, nxt, close):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.body, 1)
        lay.addLayout(row)
        self.go(0)

    def go(self, step: int) -> None:
        self.index = (self.index + step) % len(TIPS)
        title, body = TIPS[self.index]
        self.title.setText(title)
        self.body.setText(body)
        self.counter.setText(f"{self.index + 1} / {len(TIPS)}")

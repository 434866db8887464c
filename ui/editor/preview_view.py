"""The live preview: exactly the request that is sent — its parameters above, its text below (the edited field
highlighted, findings underlined) — from the same function the queue submits with (composer.prompt.request)."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from composer.lint.rule import Finding
from composer.prompt.speech import dialogue_seconds
from ui.bridges.document import DocumentBridge

_UNDERLINE = {"error": QColor("#d32f2f"), "warning": QColor("#f57c00"), "info": QColor("#1976d2")}


class _Text(QPlainTextEdit):
    def __init__(self, owner: PreviewView) -> None:
        super().__init__()
        self.owner = owner
        self.setReadOnly(True)
        self.setMouseTracking(True)

    def event(self, e: QEvent) -> bool:
        if e.type() == e.Type.ToolTip and isinstance(e, QHelpEvent):
            pos = self.cursorForPosition(e.pos()).position()
            tips = [f"{f.code} {f.name}: {f.message}" for f in self.owner.findings
                    if f.span and f.span[0] <= pos < max(f.span[1], f.span[0] + 1)]
            if tips:
                QToolTip.showText(e.globalPos(), "\n".join(tips), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class PreviewView(QWidget):
    def __init__(self, bridge: DocumentBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.findings: list[Finding] = []
        self.focused_field = ""
        self.text = _Text(self)
        self.text.setAccessibleName("assembled prompt preview")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(font)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # A read-only line, not a QLabel: its text changes at every keystroke, and a label's size follows its text,
        # so each keystroke re-laid out and repainted the whole window (a line edit's size does not).
        self.stats = QLineEdit()
        self.stats.setReadOnly(True)
        self.stats.setFrame(False)
        self.stats.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stats.setStyleSheet("QLineEdit { background: transparent; }")
        self.stats.setAccessibleName("prompt statistics")
        self.dialect = "openai"  # the endpoint's dialect decides the wire names (set from Settings)
        self.params = QLabel()
        self.params.setAccessibleName("request parameters")
        self.params.setFont(font)
        self.params.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.params)
        lay.addWidget(self.text)
        lay.addWidget(self.stats)
        bridge.sig_document_changed.connect(lambda _c: self.refresh())
        bridge.sig_shot_selected.connect(lambda _s: self.refresh())
        bridge.sig_document_replaced.connect(self.refresh)
        bridge.sig_field_focused.connect(self._on_field_focused)

    def request_text(self) -> str:
        """Everything the preview shows of the request: the parameter lines, a blank line, the prompt text."""
        return self.params.text() + "\n\n" + self.text.toPlainText()

    def _on_field_focused(self, path: str) -> None:
        self.focused_field = path
        self._decorate()

    def refresh(self) -> None:
        sid = self.bridge.shot_id
        if not sid:
            self.text.setPlainText("")
            self.params.setText("")
            self.stats.setText("No shot selected.")
            self.findings = []
            return
        doc = self.bridge.document
        assembled = doc.assembled(sid)
        self._show_text(assembled.text)
        head = doc.request(sid).describe(self.dialect).split("\n\n", 1)[0]
        self.params.setText(head)
        self.findings = doc.shown(sid)
        shot = doc.project.shot(sid)
        words = len(assembled.text.split())
        spoken = dialogue_seconds([d.line for d in shot.dialogue])
        seconds = doc.project.effective_render(shot)[2]
        self.stats.setText(f"{words} words · {len(assembled.text)} characters · dialogue ≈ {spoken:.1f} s of "
                           f"{seconds} s")
        self._decorate()

    def _show_text(self, new: str) -> None:
        """Replace only what changed between the shown text and ``new`` (a keystroke changes a few characters).

        ``setPlainText`` re-laid out the whole prompt, repainted the whole dock and sent the view back to the top on
        every keystroke, so a reader scrolled down to the part being edited lost their place.
        """
        old = self.text.toPlainText()
        if old == new:
            return
        if _beyond_bmp(old) or _beyond_bmp(new):
            self.text.setPlainText(new)  # Qt counts UTF-16 units: characters outside the BMP shift positions
            return
        start = len(os.path.commonprefix([old, new]))
        tail = min(len(os.path.commonprefix([old[::-1], new[::-1]])), len(old) - start, len(new) - start)
        end_old, end_new = len(old) - tail, len(new) - tail
        bar = self.text.verticalScrollBar()
        kept = bar.value()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end_old, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new[start:end_new])
        bar.setValue(min(kept, bar.maximum()))

    def _decorate(self) -> None:
        sid = self.bridge.shot_id
        if not sid:
            return
        assembled = self.bridge.document.assembled(sid)
        selections = []
        if self.focused_field:
            for span in assembled.spans_for(self.focused_field):
                selections.append(self._selection(span.start, span.end, background=True))
        for f in self.findings:
            if f.span:
                selections.append(self._selection(f.span[0], max(f.span[1], f.span[0] + 1),
                                                  underline=_UNDERLINE[str(f.severity)]))
        self.text.setExtraSelections(selections)

    def _selection(self, start: int, end: int, *, background: bool = False,
                   underline: QColor | None = None) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(min(start, len(self.text.toPlainText())))
        cursor.setPosition(min(end, len(self.text.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        if background:
            fmt.setBackground(self.palette().highlight().color().lighter(160))
        if underline is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(underline)
        sel.format = fmt
        return sel

    def select_span(self, start: int, end: int) -> None:
        cursor = self.text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def copy_prompt(self) -> str:
        text = self.text.toPlainText()
        QGuiApplication.clipboard().setText(text)
        return text


def _beyond_bmp(text: str) -> bool:
    """Whether a character takes two UTF-16 units (QTextCursor's positions) while Python counts it as one."""
    return max(text, default=" ") > "\uffff"

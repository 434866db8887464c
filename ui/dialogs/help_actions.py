"""The Help menu's actions: the lint-code page, the tips tour, the user guide, the log folder."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStatusBar, QWidget


class HelpController:
    def __init__(self, window: QWidget, status: QStatusBar) -> None:
        self.window, self.status = window, status
        self._rule_help: QWidget | None = None  # the lint-code help page, made on first use

    def show_rule_help(self, code: str | None = None) -> QWidget:
        """The in-app page of every lint code (from the rule records), opened at ``code``."""
        from ui.dialogs.help_view import RuleHelp

        if self._rule_help is None:
            self._rule_help = RuleHelp(self.window)
        help_view = self._rule_help
        assert isinstance(help_view, RuleHelp)
        if code:
            help_view.show_code(code)
        help_view.show()
        help_view.raise_()
        return help_view

    def show_tips(self) -> QWidget:
        from ui.dialogs.help_view import TipsDialog

        tips = TipsDialog(self.window)
        tips.show()
        return tips

    def open_user_guide(self) -> None:
        from composer import resources

        guide = resources.root().parent / "docs" / "user-guide.md"
        if guide.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide)))
        else:
            self.status.showMessage("The user guide is docs/user-guide.md in Slate's source.", 8000)

    def open_logs(self) -> None:
        from composer.runtime import logs

        folder = logs.log_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.status.showMessage(f"Logs: {folder} (API keys are never written there)", 8000)

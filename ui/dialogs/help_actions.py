"""The Help menu's actions: the user guide, the lint-code page, the tips tour, the log folder, About."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStatusBar, QWidget


class HelpController:
    def __init__(self, window: QWidget, status: QStatusBar) -> None:
        self.window, self.status = window, status
        self._rule_help: QWidget | None = None  # the lint-code help page, made on first use
        self._guide: QWidget | None = None

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

    def show_user_guide(self) -> QWidget:
        """The user guide in a window of its own, with its screenshots (never handed to a desktop program)."""
        from ui.dialogs.guide_view import GuideView

        if self._guide is None:
            self._guide = GuideView(self.window)
        self._guide.show()
        self._guide.raise_()
        return self._guide

    def show_about(self) -> None:
        from ui.dialogs.guide_view import show_about

        show_about(self.window)

    def open_logs(self) -> None:
        from composer.runtime import logs

        folder = logs.log_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.status.showMessage(f"Logs: {folder} (API keys are never written there)", 8000)

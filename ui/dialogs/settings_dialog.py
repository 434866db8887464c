"""Settings: defaults, lint strictness, endpoint (base URL, dialect, its models), profile mode; the key goes to the
OS keychain only. Listing the endpoint's models is network work: it runs through ui/ops, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from composer.catalog import pricing
from composer.catalog.dialects import DIALECTS
from composer.catalog.loader import catalog, default_model, lookup
from composer.catalog.profiles import Mode
from composer.media.services import MediaServices
from composer.queue.discovery import Discovery, discover
from composer.queue.endpoints import Endpoint
from composer.runtime import secrets
from composer.runtime.net import plain_http_warning
from ui.ops.operation import describe, run_op

KEYS = ("default_model", "default_size", "default_seconds", "default_layout", "lint_strictness", "base_url",
        "capabilities_mode", "dialect")
AUTO = "auto-detect"


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None, *,
                 media: MediaServices | None = None) -> None:
        super().__init__(parent)
        self.media = media or MediaServices.from_env()
        self.setWindowTitle("Settings")
        self.setMinimumWidth(500)
        self.settings = settings or QSettings()
        s = self.settings
        self.model = QComboBox()
        self.model.setEditable(True)  # a model no profile knows is allowed (typed)
        self.model.addItems([p.name for p in catalog().active()])
        self.model.setCurrentText(str(s.value("default_model", default_model())))
        self.size_box = QComboBox()
        self.size_box.setEditable(True)
        default = lookup(self.model.currentText())
        self.size_box.addItems(list(default.sizes) if default else ["1280x720", "720x1280"])
        self.size_box.setCurrentText(str(s.value("default_size", "1280x720")))
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 30)  # each model's own lengths are checked by lint (SL052)
        self.seconds.setValue(int(str(s.value("default_seconds", 8))))
        self.layout_box = QComboBox()
        self.layout_box.addItems(["block", "timecoded"])
        self.layout_box.setCurrentText(str(s.value("default_layout", "block")))
        self.strictness = QComboBox()
        self.strictness.addItems(["all findings", "warnings and errors", "errors only"])
        self.strictness.setCurrentText(str(s.value("lint_strictness", "all findings")))
        self.mode = QComboBox()
        self.mode.addItems(["strict", "docs"])
        self.mode.setCurrentText(str(s.value("capabilities_mode", "strict")))
        self.mode.setToolTip("strict: each model's contract. docs: also the wider claims a profile lists "
                             "(for Sora 2: 16/20 s and 1080p on sora-2-pro).")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(int(str(s.value("concurrency", 2))))
        self.confirm = QDoubleSpinBox()
        self.confirm.setRange(0, 10_000)
        self.confirm.setPrefix("$ ")
        self.confirm.setValue(float(str(s.value("confirm_above", pricing.confirm_threshold()))))
        self.organization = QLineEdit(str(s.value("organization", "")))
        self.organization.setPlaceholderText("optional OpenAI-Organization header")
        self.base_url = QLineEdit(str(s.value("base_url", "")))
        self.base_url.setPlaceholderText("http://127.0.0.1:4000/v1 (empty: offline animatic)")
        self.dialect = QComboBox()
        self.dialect.addItem(AUTO, AUTO)
        for d in DIALECTS.values():
            self.dialect.addItem(d.label, d.name)
        self.dialect.setCurrentIndex(max(0, self.dialect.findData(str(s.value("dialect", AUTO)))))
        self.models = QListWidget()
        self.models.setAccessibleName("Models on this endpoint")
        self.models.setMaximumHeight(130)
        self.discover_button = QPushButton("List models")
        self.discover_button.clicked.connect(self.refresh_models)
        self.models_note = QLabel("Press 'List models' to ask the endpoint (GET /v1/models).")
        self.models_note.setWordWrap(True)
        self.discovery: Discovery | None = None
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("API key")
        self.key.setPlaceholderText("looking in the keychain…")  # the keychain answers over IPC: not on this thread
        run_op(self, secrets.resolve_api_key, title="Cannot read the keychain", on_done=self._show_key,
               on_error=lambda _e: self.key.setPlaceholderText("the keychain cannot be read (use OPENAI_API_KEY)"))
        self.key_note = QLabel("The key is kept in your OS keychain, never in settings or project files.")
        self.key_note.setWordWrap(True)
        form = QFormLayout(self)
        for label, w in (("Default model", self.model), ("Default size", self.size_box),
                         ("Default seconds", self.seconds), ("Default layout", self.layout_box),
                         ("Lint shows", self.strictness), ("Capabilities", self.mode),
                         ("Renders at once", self.concurrency), ("Confirm spending above", self.confirm),
                         ("Endpoint base URL", self.base_url), ("Dialect", self.dialect),
                         ("Organization", self.organization), ("API key", self.key)):
            w.setAccessibleName(label)
            form.addRow(label, w)
        form.addRow(self.key_note)
        form.addRow("Models on this endpoint", self.models)
        form.addRow(self.discover_button, self.models_note)
        cache_row = QWidget()
        row = QHBoxLayout(cache_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.cache_label = QLabel()
        self.cache_label.setToolTip("Display-size copies of takes, so the player seeks at once from the first frame. "
                                    "Set SLATE_FRAME_CACHE_MB to change the limit (0 turns copies off).")
        self.clear_cache = QPushButton("Clear")
        self.clear_cache.setAccessibleName("Clear frame cache")
        self.clear_cache.clicked.connect(self._clear_cache)
        row.addWidget(self.cache_label, 1)
        row.addWidget(self.clear_cache)
        form.addRow("Frame cache", cache_row)
        self._show_cache()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _show_key(self, key: str | None) -> None:
        self.key.setPlaceholderText("stored in the keychain" if key else "not set (or use OPENAI_API_KEY)")

    def refresh_models(self) -> None:
        """Ask the endpoint which models it offers, on a worker thread; the list fills in when it answers."""
        url = self.base_url.text().strip()
        if not url:
            self.models_note.setText("No endpoint: the offline animatic renders every model's shots.")
            return
        chosen = str(self.dialect.currentData())
        endpoint = Endpoint.configured("openai", base_url=url, dialect="openai" if chosen == AUTO else chosen)
        self.models_note.setText("Asking the endpoint…")
        self.discover_button.setEnabled(False)
        run_op(self, lambda: discover(endpoint), title="List the endpoint's models", on_done=self._show_models,
               on_error=lambda e: self._show_models(Discovery((), None, str(e))))

    def _show_models(self, found: Discovery) -> None:
        self.discovery = found
        self.discover_button.setEnabled(True)
        self.models.clear()
        for m in found.models:
            self.models.addItem(f"{m.id}  —  {m.matched}")
        detected = f" Dialect: {DIALECTS[found.dialect].label}." if found.dialect in DIALECTS else ""
        self.models_note.setText((found.problem or f"{len(found.models)} model(s).") + detected)

    def _show_cache(self) -> None:
        """The cache's size, counted off the GUI thread (it walks a folder of copies)."""
        cache = self.media.cache
        cap = cache.cap_bytes
        self.clear_cache.setEnabled(bool(cap))
        if not cap:
            self.cache_label.setText("off (SLATE_FRAME_CACHE_MB=0)")
            return
        folder = cache.folder
        shown = f"~/{folder.relative_to(Path.home())}" if folder.is_relative_to(Path.home()) else str(folder)
        run_op(self, cache.usage_bytes, title="Cannot measure the frame cache",
               on_done=lambda used: self.cache_label.setText(f"{used / 2**20:.1f} MB of {cap / 2**20:.0f} MB in "
                                                             f"{shown}"))

    def _clear_cache(self) -> None:
        """Frees the disk now; takes seek from the take itself until their copies are written again."""
        self.clear_cache.setEnabled(False)
        run_op(self, self.media.cache.clear, title="Cannot clear the frame cache",
               on_done=lambda _none: self._show_cache())

    def accept(self) -> None:
        warning = plain_http_warning(self.base_url.text())
        if warning and QMessageBox.warning(self, "Send the key unencrypted?", f"{warning}\n\nSave this URL anyway?",
                                           QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                                           QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Save:
            return  # issue 19: the key went over plain http to another host with no word
        s = self.settings
        s.setValue("default_model", self.model.currentText())
        s.setValue("default_size", self.size_box.currentText())
        s.setValue("default_seconds", self.seconds.value())
        s.setValue("default_layout", self.layout_box.currentText())
        s.setValue("lint_strictness", self.strictness.currentText())
        s.setValue("capabilities_mode", self.mode.currentText())
        s.setValue("base_url", self.base_url.text().strip())
        chosen = str(self.dialect.currentData())
        if chosen == AUTO and self.discovery is not None and self.discovery.dialect in DIALECTS:
            chosen = str(self.discovery.dialect)
        s.setValue("dialect", chosen)
        s.setValue("organization", self.organization.text().strip())
        s.setValue("concurrency", self.concurrency.value())
        s.setValue("confirm_above", self.confirm.value())
        s.sync()
        key = self.key.text().strip()
        self.key.clear()  # the key never lingers in the widget
        if not key:
            super().accept()
            return
        self.buttons.setEnabled(False)
        self.key_note.setText("Storing the key in the keychain…")
        run_op(self, lambda: secrets.store_api_key(key), title="Cannot store the key",
               on_done=lambda _none: QDialog.accept(self), on_error=self._key_not_stored)

    def _key_not_stored(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.key_note.setText(describe(error))


SHOWN = {"all findings": frozenset({"error", "warning", "info"}),
         "warnings and errors": frozenset({"error", "warning"}),
         "errors only": frozenset({"error"})}


def endpoint_dialect(settings: QSettings | None = None) -> str:
    """The dialect new jobs are sent in (auto-detect without a listing falls back to the OpenAI shape)."""
    d = str((settings or QSettings()).value("dialect", "openai"))
    return d if d in DIALECTS else "openai"


def lint_settings(settings: QSettings | None = None) -> tuple[Mode, frozenset[str]]:
    """The lint mode and the severities to show, as the user set them."""
    s = settings or QSettings()
    mode = Mode(str(s.value("capabilities_mode", "strict")))
    return mode, SHOWN.get(str(s.value("lint_strictness", "all findings")), SHOWN["all findings"])

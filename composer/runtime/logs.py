"""Slate's log file: what a person sends with a bug report, so it must never hold a secret.

One rotating file under the data dir (``logs/slate.log``, 1 MB × 3). Every record — Slate's, the openai SDK's,
httpx's — passes ``redact`` on its way in: API keys, bearer tokens and any registered secret become
``[redacted]``, in the message and in tracebacks. ``SLATE_DEBUG=1`` logs the HTTP traffic too (redacted).
Uncaught exceptions are logged the same way before Python's own hook runs.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from composer.errors import redact

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class RedactingFilter(logging.Filter):
    """Scrubs secrets from the formatted message and the traceback before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_path() -> Path:
    from composer.project.paths import data_dir

    return data_dir() / "logs" / "slate.log"


def setup(debug: bool | None = None) -> Path:
    """Route all logging to the redacted file (idempotent); returns its path."""
    debug = bool(os.environ.get("SLATE_DEBUG")) if debug is None else debug
    path = log_path()
    root = logging.getLogger()
    for h in root.handlers:
        if getattr(h, "slate", False):
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.slate = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("httpx", "httpcore", "httpx2", "httpcore2", "openai", "keyring"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.captureWarnings(True)
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("slate").critical("Uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    sys.excepthook = hook
    logging.getLogger("slate").info("Slate started (log level %s)", "DEBUG" if debug else "INFO")
    return path


def teardown() -> None:
    """Remove Slate's handler (tests that set logging up in-process put everything back)."""
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "slate", False)]:
        root.removeHandler(h)
        h.close()
    sys.excepthook = sys.__excepthook__
    logging.captureWarnings(False)

"""The SlateError tree: every failure a person can see names the problem and the fix.

Messages never contain an API key: ``redact`` scrubs anything key-shaped before it is shown or logged.
"""

from __future__ import annotations

import re

_KEY = re.compile(r"(sk-[A-Za-z0-9_\-]{6})[A-Za-z0-9_\-]+|(Bearer\s+)[^\s\"']+", re.IGNORECASE)


_SECRETS: set[str] = set()


def register_secret(value: str) -> None:
    """Redact this exact string everywhere too (keys of compatible endpoints need not look like ``sk-…``)."""
    if len(value) >= 8:
        _SECRETS.add(value)


def redact(text: str) -> str:
    """Replace API keys and bearer tokens in ``text`` with a short, non-secret prefix."""
    for secret in _SECRETS:
        text = text.replace(secret, "[redacted]")
    return _KEY.sub(lambda m: (m.group(1) + "…[redacted]") if m.group(1) else (m.group(2) + "[redacted]"), text)


class SlateError(Exception):
    """Base: ``str(e)`` is a complete sentence for a person; ``hint`` says what to do next."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(redact(message))
        if hint:
            self.hint = redact(hint)

    def describe(self) -> str:
        return f"{self}\n{self.hint}" if self.hint else str(self)


class ProjectFileError(SlateError):
    """A project file could not be read or written; the file on disk is untouched."""

    def __init__(self, path: str, reason: str, *, line: int | None = None, hint: str = "") -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}", hint=hint)


class InputError(SlateError):
    """Bad user input (a paste, an import, a CLI argument)."""


class AuthError(SlateError):
    """The endpoint refused the API key."""


class RateLimited(SlateError):
    def __init__(self, message: str, *, retry_after: float | None = None, hint: str = "") -> None:
        self.retry_after = retry_after
        super().__init__(message, hint=hint)


class Rejected(SlateError):
    """The endpoint rejected the request (validation, moderation); resubmitting unchanged will not help."""

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None, hint: str = "") -> None:
        self.code = code
        self.param = param
        super().__init__(message, hint=hint)


class BackendUnavailable(SlateError):
    """The endpoint could not be reached or answered with something that is not the Videos API."""


class Unreachable(BackendUnavailable):
    """Nothing answered (connection refused, unknown host): the request never left, so nothing was made or paid."""


class BadAnswer(BackendUnavailable):
    """The endpoint answered, with something that is not the Videos API (HTML, garbage, a wrong schema)."""


class RenderTimedOut(SlateError):
    """A job passed its deadline without finishing."""


class DownloadError(SlateError):
    """A finished take could not be downloaded or failed verification; the job itself is not re-created."""

"""The HTTP client under the openai SDK: connect and read deadlines, a whole-answer deadline, a cap on answers.

Why: the SDK's timeout is per socket read, so a server that trickles one byte a second never times out and ignored
``--timeout`` (issue 19); a 1 GB answer to a create was read whole into memory (2.1 GB RSS); nothing listening on the
port looked like any other lost answer. Here every answer has a deadline for the whole of it (and the caller's
own, ``composer.queue.deadlines``, when sooner), JSON answers are capped, and a refused connection is its own
error: nothing was sent.

The errors raised here are ``openai.OpenAIError`` as well as Slate errors, so the SDK passes them through untouched
(no retry, no wrapping) and the backend's callers see a ``BackendUnavailable`` that says what happened.
Imported only with the SDK, by openai_videos (the contract test skips it like that module).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import openai

from composer.errors import BackendUnavailable, Unreachable
from composer.queue import deadlines

try:  # the SDK moved to the httpx2 fork; older SDKs use httpx
    import httpx2 as httpx
except ImportError:  # pragma: no cover
    import httpx  # type: ignore[no-redef]

CONNECT_S = 10.0  # to open a connection
READ_S = 60.0  # between two bytes of an answer
ANSWER_S = 120.0  # for a whole JSON answer (a create, a poll, a list)
DOWNLOAD_S = 1800.0  # for a whole video download
MAX_JSON_BYTES = 16 * 1024 * 1024  # a Video object is ~1 KB, a list page of 100 ~100 KB

class AnswerTooSlow(openai.OpenAIError, BackendUnavailable):
    """The answer did not arrive in time (whole-answer deadline, or the caller's)."""


class AnswerTooLarge(openai.OpenAIError, BackendUnavailable):
    """An answer that should be a small JSON object is larger than any Videos API answer."""


class NothingListening(openai.OpenAIError, Unreachable):
    """The connection was refused or could not be made: the request never left this machine."""


class NoTimeLeft(openai.OpenAIError, Unreachable):
    """The caller's deadline had passed before the request was sent: like nothing listening, nothing left here."""


def _is_download(request: Any) -> bool:
    return str(request.url.path).endswith("/content")


class _GuardedStream(httpx.SyncByteStream):
    def __init__(self, inner: Any, *, until: float, limit: int | None, what: str) -> None:
        self._inner, self._until, self._limit, self._what = inner, until, limit, what

    def __iter__(self) -> Iterator[bytes]:
        seen = 0
        for chunk in self._inner:
            seen += len(chunk)
            if self._limit is not None and seen > self._limit:
                raise AnswerTooLarge(f"the endpoint's answer to {self._what} is over {self._limit // 2**20} MB; a "
                                     "Videos API answer is a few KB", hint="Check the base URL: it does not point "
                                                                         "at an OpenAI-compatible /v1 endpoint.")
            if time.time() > self._until:
                raise AnswerTooSlow(f"the endpoint was still sending its answer to {self._what} when Slate's "
                                    f"deadline passed ({seen} bytes so far)",
                                    hint="The endpoint is too slow or stuck; Slate tries polls and downloads "
                                         "again later and never re-sends a create.")
            yield chunk

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._inner.close()


class GuardedTransport(httpx.BaseTransport):
    """Wraps the SDK's transport: refused connections, slow answers and huge answers become clear errors."""

    def __init__(self, inner: Any | None = None) -> None:
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: Any) -> Any:
        what = f"{request.method} {request.url.path}"
        download = _is_download(request)
        until = time.time() + (DOWNLOAD_S if download else ANSWER_S)
        caller = deadlines.current()
        if caller is not None:
            until = min(until, caller)
        remaining = until - time.time()
        if remaining <= 0:
            raise NoTimeLeft(f"no time was left to send {what} before Slate's deadline; it was not sent",
                             hint="Wait longer (--timeout), or run 'slate queue resume --wait' to carry on.")
        # Each socket read waits at most what is left of the whole deadline, not a fresh READ_S every time.
        timeout = dict(request.extensions.get("timeout") or {})
        for k in ("connect", "read", "write", "pool"):
            cap = CONNECT_S if k == "connect" else READ_S
            timeout[k] = min(x for x in (timeout.get(k), cap, remaining) if x is not None)
        request.extensions["timeout"] = timeout
        try:
            response = self._inner.handle_request(request)
        except httpx.ConnectError as e:
            host = f"{request.url.scheme}://{request.url.host}:{request.url.port or ''}".rstrip(":")
            raise NothingListening(f"Could not reach the endpoint: nothing answers at {host} ({_reason(e)}); the "
                                   "request was not sent",
                                   hint="Start the endpoint (for a local one: slate standin --port N) or fix the "
                                        "base URL in Settings or --base-url.") from None
        limit = None if download else MAX_JSON_BYTES
        length = response.headers.get("content-length")
        if limit is not None and length and length.isdigit() and int(length) > limit:
            response.close()
            raise AnswerTooLarge(f"the endpoint announced a {int(length) // 2**20} MB answer to {what}; a Videos "
                                 "API answer is a few KB",
                                 hint="Check the base URL: it does not point at an OpenAI-compatible /v1 endpoint.")
        response.stream = _GuardedStream(response.stream, until=until, limit=limit, what=what)
        return response

    def close(self) -> None:
        self._inner.close()


def _reason(e: Exception) -> str:
    text = str(e).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "the host name does not resolve"
    return str(e)[:120] or type(e).__name__


class _Client(openai.DefaultHttpxClient):
    """Closes its connections when dropped, as the SDK's own client does (else sockets linger until exit)."""

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            if not self.is_closed:
                self.close()


def guarded_client() -> Any:
    """An HTTP client for the openai SDK with Slate's deadlines and caps (the SDK's other defaults kept)."""
    return _Client(transport=GuardedTransport(), timeout=httpx.Timeout(READ_S, connect=CONNECT_S))

"""The caller's deadline for network waits, carried to the HTTP layer without threading it through every call.

``slate render --wait --timeout 30`` must end in 30 s even while a server trickles an answer byte by byte; the CLI
sets a deadline here, and the backend's transport (composer.queue.backends.transport) gives up when it passes.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("slate_network_deadline", default=None)


@contextlib.contextmanager
def until(when: float) -> Iterator[None]:
    """Every network wait inside this block ends at ``when`` (epoch seconds) at the latest."""
    token = _deadline.set(when)
    try:
        yield
    finally:
        _deadline.reset(token)


def current() -> float | None:
    """The deadline in force on this thread, or None."""
    return _deadline.get()

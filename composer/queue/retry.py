"""One retry policy: exponential backoff with jitter, Retry-After honoured up to a cap."""

from __future__ import annotations

import random

BASE_S = 1.0
CAP_S = 60.0
RETRY_AFTER_CAP_S = 120.0
DOWNLOAD_ATTEMPTS = 5


def backoff(attempt: int, *, retry_after: float | None = None, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt`` (0-based); a server's Retry-After wins when it is sane."""
    if retry_after is not None and 0 <= retry_after <= RETRY_AFTER_CAP_S:
        return retry_after
    r: float = (rng or random).random()
    return min(CAP_S, BASE_S * 2.0 ** attempt) * (0.5 + r / 2)


def poll_interval(attempt: int, hint_ms: int | None) -> float:
    """Polls follow the server's poll-after hint; without one they slow down from 1 s to 15 s."""
    if hint_ms is not None and hint_ms > 0:
        return hint_ms / 1000
    return min(15.0, 1.0 * 1.5 ** attempt)

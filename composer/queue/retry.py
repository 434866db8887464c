"""One retry policy: exponential backoff with jitter, Retry-After honoured up to a cap.

``SLATE_WAIT_SCALE`` (a number above 0; 1 when unset or unreadable) multiplies the waits this module picks itself:
the backoff and the poll fallback. The test suite sets it small so a retry or a later poll still happens, only
sooner, in processes it starts too; a server's own Retry-After and poll-after hints are never scaled.
"""

from __future__ import annotations

import math
import os
import random

BASE_S = 1.0
CAP_S = 60.0
RETRY_AFTER_CAP_S = 120.0
DOWNLOAD_ATTEMPTS = 5
POLL_START_S = 1.0
POLL_CAP_S = 15.0


def wait_scale() -> float:
    """The factor for Slate's own waits: read each time, so a test's environment applies to the next wait."""
    try:
        scale = float(os.environ.get("SLATE_WAIT_SCALE", "1"))
    except ValueError:
        return 1.0
    return scale if math.isfinite(scale) and scale > 0 else 1.0


def backoff(attempt: int, *, retry_after: float | None = None, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt`` (0-based); a server's Retry-After wins when it is sane."""
    if retry_after is not None and 0 <= retry_after <= RETRY_AFTER_CAP_S:
        return retry_after
    r: float = (rng or random).random()
    return min(CAP_S, BASE_S * 2.0 ** attempt) * (0.5 + r / 2) * wait_scale()


def poll_interval(attempt: int, hint_ms: int | None) -> float:
    """Polls follow the server's poll-after hint; without one they slow down from 1 s to 15 s."""
    if hint_ms is not None and hint_ms > 0:
        return hint_ms / 1000
    return min(POLL_CAP_S, POLL_START_S * 1.5 ** attempt) * wait_scale()

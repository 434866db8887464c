"""The openai SDK's own retry waits, shortened on one client a test made (the SDK offers no setting for them).

Its reads retry twice, sleeping 0.5-8 s (or a server's Retry-After) before each: the fuzz and the fault matrix hit
that hundreds of times, and it was most of the suite's time. The retries still go out, in the same order, and their
answers are parsed as before; only the sleep before each is scaled like Slate's own waits (``SLATE_WAIT_SCALE``).
"""

from __future__ import annotations

from typing import Any

from composer.queue import retry

SDK_METHOD = "_calculate_retry_timeout"  # the SDK's one place that picks a retry's wait (openai._base_client)


def scale_sdk_retry_waits(backend: Any) -> Any:
    """``backend`` (an OpenAIVideosBackend), its read client's retry waits scaled; fails loudly if the SDK moved it."""
    client = backend.client
    picked = getattr(type(client), SDK_METHOD, None)
    assert picked is not None, f"openai's client has no {SDK_METHOD}: update tests/sdk_waits.py"

    def scaled(*args: Any, **kwargs: Any) -> float:
        return float(picked(client, *args, **kwargs)) * retry.wait_scale()
    setattr(client, SDK_METHOD, scaled)
    return backend

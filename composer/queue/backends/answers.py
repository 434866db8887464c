"""One guard for what an endpoint answers: anything a backend cannot read becomes ``BadAnswer``, never a traceback.

Why a decorator around each backend call rather than checks inside: the SDK parses lazily (a list answer fails on
attribute access, an HTML page in the JSON decoder, ``"progress": "abc"`` in int()), so the failure can come from
anywhere between the socket and the RemoteVideo; issue 19 found HTML, garbage, a list and a wrong schema each
ending in a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from composer.errors import BadAnswer

F = TypeVar("F", bound=Callable[..., Any])
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, IndexError, UnicodeError, RecursionError,
              OverflowError)
HINT = ("Check that the base URL points at an OpenAI-compatible /v1 endpoint (and the dialect in Settings matches "
        "it).")


def answers(what: str) -> Callable[[F], F]:
    """Decorate a backend method: an answer it cannot read raises BadAnswer naming ``what`` was asked."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except UNREADABLE as e:
                detail = f"{type(e).__name__}: {e}"
                raise BadAnswer(f"the endpoint answered the request to {what} with something that is not the "
                                f"Videos API ({detail[:200]})", hint=HINT) from None
        return guarded  # type: ignore[return-value]
    return wrap

"""`slate …` in a process that SIGKILLs itself the N-th time its queue reaches a named point.

The crash matrix runs ``python tests/reliability/crash_at.py POINT:N queue resume --wait``. The kill is a Worker
probe (``composer.queue.worker.Probe``) installed here, in the tests: it lands exactly between two steps of a job's
life, and nothing of it ships in ``composer/``.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from typing import Any

from composer.cli.main import main
from composer.queue import worker


def kill_at(spec: str) -> worker.Probe:
    """A probe that SIGKILLs this process the N-th time the queue passes ``point`` (``spec`` is ``point:N``)."""
    point, _, nth = spec.partition(":")
    if point not in worker.PROBE_POINTS:
        raise SystemExit(f"crash_at: unknown point {point!r}; the queue has {', '.join(worker.PROBE_POINTS)}")
    seen = {point: 0}

    def probe(name: str) -> None:
        if name == point:
            seen[point] += 1
            if seen[point] >= int(nth or 1):
                os.kill(os.getpid(), signal.SIGKILL)
    return probe


def install(probe: worker.Probe) -> None:
    """Every Worker made in this process from now on (the CLI's RenderService makes one) gets ``probe``."""
    made = worker.Worker.__init__

    @functools.wraps(made)
    def with_probe(self: worker.Worker, *args: Any, **kwargs: Any) -> None:
        kwargs["probe"] = kwargs.get("probe") or probe
        made(self, *args, **kwargs)
    worker.Worker.__init__ = with_probe  # type: ignore[method-assign]


if __name__ == "__main__":
    install(kill_at(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))

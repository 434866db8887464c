"""Where a job is sent, and the one place that turns that into a backend: ``BackendPool.backend_for(job)``.

Why one door: a job stores the endpoint it was sent to (kind, base URL, dialect, organization) the moment it is
queued, and every later call about that job — submit, poll, download, reconcile, delete, character upload — goes
to that endpoint, never to whatever the settings or the environment say now. Before this existed, a remote delete
built a backend from the environment and went to the default endpoint, not the one that made the video.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.catalog.dialects import DIALECTS
from composer.errors import SlateError
from composer.queue.backends.base import Backend
from composer.runtime import heap
from composer.runtime.net import plain_http_warning

if TYPE_CHECKING:
    from composer.queue.store import Job

KINDS = ("animatic", "openai")
log = logging.getLogger("slate.queue")


@dataclass(frozen=True)
class Endpoint:
    """A render destination. ``base_url`` None means the SDK's default (or ``SLATE_BASE_URL`` when set)."""

    kind: str = "animatic"
    base_url: str | None = None
    dialect: str = "openai"
    organization: str | None = None

    @classmethod
    def configured(cls, kind: str, *, base_url: str | None = None, organization: str | None = None,
                   dialect: str = "openai") -> Endpoint:
        """An endpoint from settings or flags, with the environment's defaults filled in now (the job keeps them)."""
        if kind == "animatic":
            return cls(kind=kind)
        if dialect not in DIALECTS:
            raise SlateError(f"unknown endpoint dialect '{dialect}'", hint=f"Use one of: {', '.join(DIALECTS)}.")
        return cls(kind=kind, base_url=(base_url or os.environ.get("SLATE_BASE_URL") or "").strip() or None,
                   dialect=dialect, organization=(organization or os.environ.get("OPENAI_ORG_ID") or None))

    @classmethod
    def of(cls, job: Job) -> Endpoint:
        """The endpoint a job was queued for (older rows kept the URL in their hints)."""
        url = job.base_url or job.hints.get("base_url") or None
        return cls(kind=job.backend, base_url=url, dialect=job.dialect or "openai", organization=job.organization)

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.base_url or ''}|{self.dialect}|{self.organization or ''}"

    @property
    def is_paid(self) -> bool:
        """Whether a create here may cost money: the backend class says so, nothing else decides it."""
        return backend_class(self.kind).is_paid


def backend_class(kind: str) -> type[Backend]:
    """The class for a kind, without building it (so a free/paid question never needs a key or the SDK)."""
    if kind == "animatic":
        from composer.queue.backends.animatic import AnimaticBackend

        return AnimaticBackend
    if kind == "openai":
        from composer.queue.backends.openai_videos import OpenAIVideosBackend

        return OpenAIVideosBackend
    raise SlateError(f"unknown backend '{kind}'", hint="Use animatic or openai.")


def make_backend(endpoint: Endpoint) -> Backend:
    """Build the backend for an endpoint; ``openai`` imports the SDK only now (it costs ~0.4 s)."""
    if endpoint.kind == "openai":
        from composer.queue.backends.openai_videos import OpenAIVideosBackend
        from composer.runtime import secrets

        key = secrets.resolve_api_key()
        if not key:
            raise SlateError("no API key for the OpenAI-compatible endpoint",
                             hint="Store one in Settings (OS keychain) or set OPENAI_API_KEY. For a local "
                                  "stand-in (`slate standin`) any placeholder such as 'sk-local' works.")
        url = endpoint.base_url or os.environ.get("SLATE_BASE_URL") or None
        if (warning := plain_http_warning(url)) is not None:  # issue 19: it went without a word
            log.warning("%s", warning)
        org = endpoint.organization or os.environ.get("OPENAI_ORG_ID") or None
        return OpenAIVideosBackend(base_url=url, api_key=key, organization=org, dialect=endpoint.dialect)
    return backend_class(endpoint.kind)()


def endpoint_of(backend: Backend) -> Endpoint:
    """The endpoint a ready-made backend talks to (tests and the CLI hand the pool backends they built)."""
    return Endpoint(kind=backend.name, base_url=getattr(backend, "base_url", None) or None,
                    dialect=getattr(backend, "dialect", "openai"),
                    organization=getattr(backend, "organization", None) or None)


class BackendPool:
    """Backends by endpoint, built on first use, so an animatic-only session never imports the openai SDK.

    Thread-safe: the queue thread and GUI operations ask for backends concurrently.
    """

    def __init__(self, given: Mapping[str, Backend] | None = None, *,
                 factory: Callable[[Endpoint], Backend] = make_backend) -> None:
        self._factory = factory
        self._built: dict[str, Backend] = {}
        self._current: dict[str, Endpoint] = {}
        self._lock = threading.Lock()
        for backend in (given or {}).values():
            self.add(backend)

    def add(self, backend: Backend) -> Endpoint:
        """Use this backend for its endpoint, and make that endpoint the current one for its kind."""
        endpoint = endpoint_of(backend)
        with self._lock:
            self._built[endpoint.key] = backend
            self._current[endpoint.kind] = endpoint
        return endpoint

    def use(self, endpoint: Endpoint) -> Backend:
        """Make ``endpoint`` the one new jobs of its kind go to; builds (and checks) its backend now."""
        backend = self.get(endpoint)
        with self._lock:
            self._current[endpoint.kind] = endpoint
        return backend

    def current(self, kind: str) -> Endpoint:
        """Where a new job of this kind goes: the endpoint last used or added, else the default one."""
        with self._lock:
            return self._current.get(kind) or Endpoint(kind=kind)

    def get(self, endpoint: Endpoint) -> Backend:
        with self._lock:
            backend = self._built.get(endpoint.key)
        if backend is not None:
            return backend
        backend = self._factory(endpoint)
        # Usually on the queue thread, mid-run: the SDK just imported (~55k objects) lives as long as the app, so
        # it leaves the collector's walks now (no collection here: that would be the very pause this avoids).
        heap.freeze_long_lived(collect=False)
        with self._lock:
            return self._built.setdefault(endpoint.key, backend)

    def backend_for(self, job: Job) -> Backend:
        """The backend of the endpoint this job was queued for — for every call about the job.

        A job that recorded no URL (queued by code that named only a kind) goes to its kind's current endpoint.
        """
        endpoint = Endpoint.of(job)
        if endpoint.base_url is None:
            endpoint = self.current(endpoint.kind)
        return self.get(endpoint)

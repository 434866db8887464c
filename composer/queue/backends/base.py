"""The one protocol every render backend implements, and the plain values it returns.

Backends raise only ``composer.errors`` types (AuthError, RateLimited, Rejected, BackendUnavailable,
DownloadError); SDK or HTTP exceptions never leak past a backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

RemoteStatus = Literal["queued", "in_progress", "completed", "failed"]
Variant = Literal["video", "thumbnail", "spritesheet"]


@dataclass(frozen=True)
class CreateRequest:
    """Everything a create sends. ``prompt`` is exactly ``assemble(shot, project).text``."""

    prompt: str
    model: str
    size: str
    seconds: int
    idempotency_key: str
    input_reference: Path | None = None
    character_ids: tuple[str, ...] = ()
    # Per-model parameters the shot's profile takes (negative_prompt, seed, audio), as composer.prompt.request chose
    # them; the backend's dialect decides their wire names (composer.catalog.dialects.wire_fields).
    params: dict[str, object] = field(default_factory=dict)
    end_frame: Path | None = None
    fps: int | None = None
    # Structured hints the offline animatic uses to draw (captions, palette, camera move); remote backends ignore it.
    animatic: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RemoteVideo:
    id: str
    status: RemoteStatus
    progress: int = 0
    model: str | None = None
    size: str | None = None
    seconds: int | None = None
    prompt: str | None = None
    created_at: int | None = None
    completed_at: int | None = None
    expires_at: int | None = None
    remixed_from: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    poll_after_ms: int | None = None  # server's hint (openai-poll-after-ms), when it sent one


@dataclass(frozen=True)
class RemoteCharacter:
    id: str
    name: str | None
    created_at: int | None = None


@runtime_checkable
class Backend(Protocol):
    name: str
    is_paid: bool  # False for the offline animatic: cancel is free and costs are 0

    def create(self, req: CreateRequest) -> RemoteVideo: ...

    def remix(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo: ...

    def edit(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo: ...

    def extend(self, video_id: str, prompt: str, seconds: int, *, idempotency_key: str) -> RemoteVideo: ...

    def create_character(self, name: str, video: Path) -> RemoteCharacter: ...

    def get_character(self, character_id: str) -> RemoteCharacter: ...

    def retrieve(self, video_id: str) -> RemoteVideo: ...

    def list(self, *, limit: int = 100, after: str | None = None) -> list[RemoteVideo]: ...

    def delete(self, video_id: str) -> None: ...

    def download(self, video_id: str, variant: Variant, dest: Path) -> Path:
        """Stream one variant to ``dest`` (a temp path the caller verifies and renames)."""
        ...

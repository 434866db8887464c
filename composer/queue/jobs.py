"""Job states and the one function that moves a job between them (design §6)."""

from __future__ import annotations

from enum import StrEnum


class JobState(StrEnum):
    DRAFT = "draft"
    ESTIMATED = "estimated"
    CONFIRMED = "confirmed"
    # A chained job: its first frame is its parent's last one, so nothing is sent (or paid) before that frame exists.
    WAITING = "waiting"
    SUBMITTING = "submitting"  # row committed, request may be on the wire: never re-sent automatically
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    DOWNLOADING = "downloading"
    COMPLETED = "completed"
    FAILED = "failed"
    MODERATION_BLOCKED = "moderation_blocked"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    ABANDONED = "abandoned"
    UNKNOWN = "unknown"  # crashed between POST and the id being stored: reconcile, never resubmit


TERMINAL = frozenset({JobState.COMPLETED, JobState.FAILED, JobState.MODERATION_BLOCKED, JobState.EXPIRED,
                      JobState.CANCELLED, JobState.ABANDONED})
REMOTE_ACTIVE = frozenset({JobState.QUEUED, JobState.IN_PROGRESS})

_ALLOWED: dict[JobState, frozenset[JobState]] = {
    JobState.DRAFT: frozenset({JobState.ESTIMATED, JobState.CANCELLED}),
    JobState.ESTIMATED: frozenset({JobState.CONFIRMED, JobState.CANCELLED}),
    JobState.CONFIRMED: frozenset({JobState.SUBMITTING, JobState.CANCELLED}),
    # CONFIRMED once the parent's frame is written into the job; FAILED when the parent can give none (never sent).
    JobState.WAITING: frozenset({JobState.CONFIRMED, JobState.FAILED, JobState.CANCELLED}),
    JobState.SUBMITTING: frozenset({JobState.QUEUED, JobState.IN_PROGRESS, JobState.DOWNLOADING, JobState.FAILED,
                                    JobState.MODERATION_BLOCKED, JobState.UNKNOWN, JobState.CONFIRMED}),
    JobState.QUEUED: frozenset({JobState.IN_PROGRESS, JobState.COMPLETED, JobState.DOWNLOADING, JobState.FAILED,
                                JobState.MODERATION_BLOCKED, JobState.ABANDONED, JobState.CANCELLED}),
    JobState.IN_PROGRESS: frozenset({JobState.QUEUED, JobState.DOWNLOADING, JobState.COMPLETED, JobState.FAILED,
                                     JobState.MODERATION_BLOCKED, JobState.ABANDONED, JobState.CANCELLED}),
    JobState.DOWNLOADING: frozenset({JobState.COMPLETED, JobState.EXPIRED, JobState.FAILED, JobState.DOWNLOADING}),
    # CONFIRMED from UNKNOWN: only for free backends (resending costs nothing) or by an explicit user retry.
    JobState.UNKNOWN: frozenset({JobState.QUEUED, JobState.IN_PROGRESS, JobState.DOWNLOADING, JobState.ABANDONED,
                                 JobState.FAILED, JobState.CONFIRMED}),
    JobState.FAILED: frozenset({JobState.DOWNLOADING}),  # "retry download" when the render itself succeeded
    JobState.EXPIRED: frozenset(),
    JobState.COMPLETED: frozenset(),
    JobState.MODERATION_BLOCKED: frozenset(),
    JobState.CANCELLED: frozenset(),
    JobState.ABANDONED: frozenset(),
}


class IllegalTransition(ValueError):
    pass


def transition(current: JobState, target: JobState) -> JobState:
    """The only way a job changes state; anything not in the table is a bug, not a silent change."""
    if target not in _ALLOWED[current]:
        raise IllegalTransition(f"a job cannot go from {current} to {target}")
    return target


NEXT_STEP = {
    JobState.MODERATION_BLOCKED: "The prompt or reference was blocked by moderation: remove real people, brands or "
                                 "unsafe content (see lint SL041/SL042) and render again.",
    JobState.EXPIRED: "The finished video expired before it was downloaded (links last about an hour): render it "
                      "again.",
    JobState.UNKNOWN: "The answer to this job's create request was lost (Slate stopped, or the connection failed), so "
                      "it may or may not exist remotely. Slate looked "
                      "for it by prompt and time and did not find it; check the provider's dashboard before "
                      "rendering again, to avoid paying twice.",
    JobState.FAILED: "The render failed: read the message, adjust the prompt or settings, and render again.",
    JobState.ABANDONED: "Slate stopped polling; the remote job may still finish and be billed.",
    JobState.WAITING: "This shot starts on the previous shot's last frame: it is sent when that take is done.",
}

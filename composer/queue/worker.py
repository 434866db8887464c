"""The queue worker: submits, polls, downloads — off the GUI thread, resumable after any crash.

Rules it keeps (design §6): the job row exists before a request leaves; the remote id is committed the
moment it is known; a create is never re-sent automatically (a job lost between POST and id becomes
``unknown`` and is reconciled by listing remote videos); downloads retry on their own, never re-creating.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from composer.errors import (
    AuthError,
    BackendUnavailable,
    BadAnswer,
    DownloadError,
    RateLimited,
    Rejected,
    SlateError,
    Unreachable,
    redact,
)
from composer.media.services import MediaServices
from composer.media.stills import save_last_frame
from composer.project.library import preload_decoder, verify_video
from composer.project.paths import library_dir
from composer.queue import deadlines, retry
from composer.queue.backends.base import Backend, CreateRequest, RemoteVideo
from composer.queue.endpoints import BackendPool
from composer.queue.jobs import NEXT_STEP, REMOTE_ACTIVE, TERMINAL, JobState
from composer.queue.runner import Holder, RunnerLock
from composer.queue.store import Job, StaleJob, Store

log = logging.getLogger("slate.queue")
Listener = Callable[[Job], None]
RECONCILE_WINDOW_S = 900
WORKING = frozenset(JobState) - TERMINAL - {JobState.DRAFT, JobState.ESTIMATED}
RECONCILE_RETRY_S = 30.0  # a job not found remotely is looked for again this often (it may appear late)
PROBE_POINTS = ("before_post", "after_post", "polling", "mid_download", "mid_rename", "chain_link")
Probe = Callable[[str], None]
"""Called with a PROBE_POINTS name each time the queue passes that point (tests/reliability kill the process there)."""
JOB_ERROR_RETRY_S = 10.0  # a job whose step failed unexpectedly is tried again this often, not ten times a second
STALL_S = 600.0  # a remote job whose progress has not moved for this long stops holding a render slot
UNREACHABLE_ATTEMPTS = 3  # a create that found nothing listening is tried this often, then fails (nothing was sent)
IDLE_RELEASE_S = 1.0  # an idle runner hands the queue over after this long
SEND_MARGIN_S = 5.0  # a create is not started with less of the caller's wait left: its answer would be cut off
REMOTE_STATUSES = frozenset({"queued", "in_progress", "completed", "failed"})
BAD_ANSWER = ("Status unknown — check the endpoint before retrying: it answered the create request with something "
              "that is not a video ({what}), so the job may have been made, and paid. Check its base URL and "
              "dialect, and the provider's dashboard.")


def _no_probe(_point: str) -> None:
    return None


class Worker:
    def __init__(self, store: Store, pool: BackendPool | Mapping[str, Backend], *, concurrency: int = 2,
                 listener: Listener | None = None, media: MediaServices | None = None,
                 probe: Probe | None = None) -> None:
        """``probe`` sees the queue pass each of PROBE_POINTS; by default nothing watches (the crash matrix
        injects one that SIGKILLs the process at an exact point: the hook lives in the tests, not here)."""
        self.store = store
        self.media = media  # where arriving takes get their frame-cache copy (none: no copies)
        self.pool = pool if isinstance(pool, BackendPool) else BackendPool(pool)
        self.concurrency = concurrency
        self.listener = listener
        self._probe = probe or _no_probe
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self.runner = RunnerLock(store.path)  # one process advances this queue at a time (design §6)
        self._waiting_for: Holder | None = None
        self.on_waiting: Callable[[Holder | None], None] | None = None  # told when the holder we wait for changes
        self._idle_since: float | None = None
        self._moved: dict[str, tuple[int, float]] = {}  # job id -> (progress, when it last changed)

    @property
    def waiting_for(self) -> Holder | None:
        """The other process that runs this queue while this one waits for it (None: this one runs it, or none)."""
        return self._waiting_for

    @waiting_for.setter
    def waiting_for(self, holder: Holder | None) -> None:
        changed = holder != self._waiting_for
        self._waiting_for = holder
        if changed and self.on_waiting is not None:  # a second window says who sends its jobs, once per change
            self.on_waiting(holder)

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            preload_decoder()  # here, not at the first download on the queue thread: see preload_decoder
            self.recover()
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="slate-queue", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.step()
                except Exception:  # the store itself failed (a full disk): the loop goes on, and says so once
                    log.exception("queue step failed")
                    self._wake.wait(JOB_ERROR_RETRY_S)
                self._wake.wait(0.1)
                self._wake.clear()
        finally:
            self.runner.release()

    # --- who runs the queue -----------------------------------------------------------------
    def _own(self) -> bool:
        """Hold the queue (or find that another runner does). Taking it over recovers what a dead runner left."""
        if self.runner.held:
            return True
        if not self.runner.acquire():
            return False
        self._recover_owned()
        return True

    def _emit(self, job: Job) -> None:
        """Tell the listener; its failure is logged, never taken for the job's (it would turn a sent create into
        'unknown', or leave a claimed one unsent)."""
        if self.listener is not None:
            try:
                self.listener(job)
            except Exception:  # noqa: BLE001 - a listener's bug is not news about the job
                log.exception("queue listener failed on %s", job.id)

    def _set(self, job: Job, state: JobState | None = None, **values: object) -> Job:
        """Write what the worker learnt about ``job``, only if the job is still in the state the worker read.

        Every string is redacted on the way in: error messages quote what servers sent, and a server may echo the
        key back (issue 19), so nothing key-shaped reaches the database, the queue list or the log.
        """
        before = job.state
        values = {k: redact(v) if isinstance(v, str) and k in ("error_message", "error_code") else v
                  for k, v in values.items()}
        job = self.store.update(job.id, state=state, expect=before, **values)
        if job.state is not before:
            log.info("%s %s -> %s%s", job.id, before.value, job.state.value,
                     f": {job.error_message}" if job.error_message else "")
        self._emit(job)
        return job

    # --- recovery ---------------------------------------------------------------------------
    def recover(self) -> None:
        """After a restart: a submit that has its remote id resumes polling; one without becomes unknown.

        Only the runner that holds the queue recovers: a ``submitting`` job of a live runner is being sent right now.
        """
        self._own()

    def _recover_owned(self) -> None:
        for job in self.store.jobs({JobState.SUBMITTING}):
            self._unstick(job, "Slate stopped while sending this job; looking for it remotely.")

    def _unstick(self, job: Job, why: str) -> None:
        """Move a ``submitting`` job nobody is sending any more on: polled if its id is known, else unknown.

        Never back to confirmed: the POST may have gone out, and a create is never re-sent automatically.
        """
        if job.remote_id:
            self._set(job, JobState.QUEUED, next_poll_at=0)
        else:
            self._set(job, JobState.UNKNOWN, error_code="unknown", error_message=why)

    # --- one pass ---------------------------------------------------------------------------
    @staticmethod
    def _pending(jobs: list[Job]) -> bool:
        # An unknown job that reconciliation could not find waits for a person, not for the queue.
        return any(not (j.state is JobState.UNKNOWN and j.attempts > 0) for j in jobs)

    def step(self) -> bool:
        """Advance every job that is due; True while any job is unfinished.

        Only while this process holds the queue (``runner``); otherwise the holder advances every job, ours included,
        and this only reports whether work is left. One job's failure never stops the others (issue 19: one
        malformed answer blocked every later render).
        """
        jobs = self.store.jobs(WORKING)  # finished jobs are not even loaded: a long history costs nothing
        pending = self._pending(jobs)
        now = time.time()
        if not pending and not any(j.next_poll_at <= now for j in jobs):
            self._maybe_release()  # nothing to do now (unknown jobs wait for their next look): hand over
            return False
        self._idle_since = None
        if not self._own():
            self.waiting_for = self.runner.holder()
            return pending
        self.waiting_for = None
        jobs = self.store.jobs(WORKING)  # again: taking the queue over may have recovered some
        active = sum(self._holds_slot(j, now) for j in jobs)
        for job in jobs:
            if job.state is JobState.WAITING:
                try:
                    self._link(job)  # moves only when its parent's take is there
                except StaleJob:
                    pass
                except Exception as e:  # noqa: BLE001 - one chain link's failure is that job's
                    self._job_failed(job, e)
                continue
            if job.next_poll_at > now:
                continue
            if job.state is JobState.CONFIRMED and active >= self.concurrency:
                continue
            try:
                if job.state is JobState.SUBMITTING:
                    # This runner holds the queue and sends one job at a time, so a job still 'submitting' here is
                    # one whose send ended without its state being written (the store failed, say): it would hold a
                    # slot and keep the queue for ever.
                    self._unstick(job, "Slate could not record the answer to this job's create request; looking "
                                       "for it remotely.")
                elif job.state is JobState.CONFIRMED:
                    active += 1
                    self._submit(job)
                elif job.state in REMOTE_ACTIVE:
                    self._poll(job)
                elif job.state is JobState.DOWNLOADING:
                    self._download(job)
                elif job.state is JobState.UNKNOWN:
                    self._reconcile(job)
            except StaleJob:
                continue  # moved on meanwhile (cancelled, abandoned): its new state rules
            except Exception as e:  # noqa: BLE001 - any surprise in one job is that job's, not the queue's
                self._job_failed(job, e)
        return self._pending(self.store.jobs(WORKING))

    def _holds_slot(self, job: Job, now: float) -> bool:
        """Whether ``job`` counts against ``concurrency``: a remote job stuck at one progress for STALL_S does not.

        Issue 19: two stuck jobs held both slots for the hour of their deadline and nothing else was sent. They are
        still polled; the endpoint answers 429 if it really has no room (and the queue waits for that).
        """
        if job.state is JobState.SUBMITTING:
            return True
        if job.state not in REMOTE_ACTIVE:
            return False
        progress, since = self._moved.get(job.id, (-1, now))
        if progress != job.progress:
            self._moved[job.id] = (job.progress, now)
            return True
        return now - since < STALL_S

    def stalled(self, job: Job) -> bool:
        """True when ``job`` is remote and its progress has not moved for STALL_S (it no longer holds a slot)."""
        return job.state in REMOTE_ACTIVE and not self._holds_slot(job, time.time())

    def _maybe_release(self) -> None:
        """Hand the queue over once idle for a moment, so another window or CLI can run its jobs."""
        if not self.runner.held:
            return
        now = time.time()
        if self._idle_since is None:
            self._idle_since = now
        elif now - self._idle_since >= IDLE_RELEASE_S:
            self.runner.release()
            self._idle_since = None

    def _job_failed(self, job: Job, e: Exception) -> None:
        """A step of ``job`` raised something unplanned: log it once, say so on the job, try again later."""
        log.error("%s: unexpected %s while %s: %s", job.id, type(e).__name__, job.state.value, redact(str(e)),
                  exc_info=not isinstance(e, SlateError))
        text = e.describe() if isinstance(e, SlateError) else f"{type(e).__name__}: {e}"
        with contextlib.suppress(Exception):
            now = self.store.get(job.id)
            if now.state is JobState.SUBMITTING and now.remote_id:  # the id is stored: polling finds out the rest
                self._set(now, JobState.QUEUED, next_poll_at=time.time() + JOB_ERROR_RETRY_S)
                return
            if now.state is JobState.SUBMITTING:  # the POST may have gone out: unknown, never left to look sent
                self._set(now, JobState.UNKNOWN, error_code="bad_answer",
                          error_message=BAD_ANSWER.format(what=text[:300]))
                return
            self._set(now, next_poll_at=time.time() + JOB_ERROR_RETRY_S,
                      error_message=f"{text} (Slate tries this step again in {JOB_ERROR_RETRY_S:.0f} s)")

    def run_until_idle(self, timeout: float = 600, on_tick: Callable[[], None] | None = None) -> bool:
        """Drive the queue on this thread until nothing is left to do (CLI --wait). False on timeout.

        If another process runs the queue, this waits for it (it advances our jobs too) and takes over if it stops.
        """
        end = time.time() + timeout
        try:
            while time.time() < end:
                with deadlines.until(end):  # a request that would outlast the wait gives up with it
                    pending = self.step()
                if not pending:
                    return True
                if on_tick is not None:
                    on_tick()
                time.sleep(0.05)
            return False
        finally:
            self.runner.release()

    # --- chains -----------------------------------------------------------------------------
    def _link(self, job: Job) -> bool:
        """A waiting job gets its parent's last frame as its first (fitted to its size), then may be sent.

        True while the job can still move on its own (its parent is not waiting for a person). The frame is written
        whole before the job changes state, so a crash here leaves a waiting job that links again, never one sent
        without its frame.
        """
        source: Path | None = Path(job.after_frame) if job.after_frame else None
        if job.after_job:
            try:
                parent = self.store.get(job.after_job)
            except KeyError:
                parent = None
            if parent is None or (parent.state in TERMINAL and parent.state is not JobState.COMPLETED):
                what = f"ended as {parent.state}" if parent else "is not in this queue"
                self._set(job, JobState.FAILED, error_code="parent_failed",
                          error_message=f"Not sent, nothing charged: the shot it starts from (job {job.after_job}) "
                                        f"{what}, so there is no last frame to start on. Render that shot again, "
                                        "then this one.")
                return False
            if parent.state is not JobState.COMPLETED or not parent.take_path:
                return self._can_progress(parent)
            source = Path(parent.take_path)
        assert source is not None
        w, h = (int(v) for v in job.size.split("x"))
        folder = library_dir() / job.id
        hints = dict(job.hints)
        try:
            hints["input_reference"] = str(save_last_frame(source, folder / "first_frame.png", (w, h)))
            end = job.hints.get("end_frame")
            if end:  # pin both ends: the shot's own end frame, fitted to this job's size too
                hints["end_frame"] = str(save_last_frame(Path(str(end)), folder / "last_frame.png", (w, h)))
        except (OSError, SlateError, ValueError) as e:
            self._set(job, JobState.FAILED, error_code="parent_failed",
                      error_message=f"Not sent, nothing charged: the frame to start on could not be read from "
                                    f"{source.name}: {redact(str(e))}")
            return False
        hints["chained_from"] = str(source)
        self._probe("chain_link")  # the frame is on disk; the job does not say so yet
        deadline = (job.deadline_at - job.created_at) if job.deadline_at else 3600.0
        self._set(job, JobState.CONFIRMED, hints=hints, deadline_at=time.time() + deadline)
        return True

    def _can_progress(self, job: Job, depth: int = 0) -> bool:
        """Whether ``job`` can still finish without a person (an unknown job that was not found cannot)."""
        if job.state is JobState.UNKNOWN and job.attempts > 0:
            return False
        if job.state is JobState.WAITING and job.after_job and depth < 1000:
            try:
                return self._can_progress(self.store.get(job.after_job), depth + 1)
            except KeyError:
                return True  # its own link step fails it next
        return job.state not in TERMINAL

    # --- submit -----------------------------------------------------------------------------
    def _submit(self, job: Job) -> None:
        backend = self.pool.backend_for(job)
        if _out_of_time(SEND_MARGIN_S):
            return  # sent now, its answer would be cut off by the wait's end and the job left 'unknown' (maybe paid)
        claimed = self.store.claim(job.id)  # committed before the request, and only once across every process
        if claimed is None:
            return
        job = claimed
        self._emit(job)
        self._probe("before_post")
        try:
            if not job.parent_remote_id and job.kind != "create":
                raise Rejected(f"this {job.kind} job names no video to {job.kind}", code="invalid_job")
            if job.kind == "create":
                ref, end = job.hints.get("input_reference"), job.hints.get("end_frame")
                video = backend.create(CreateRequest(
                    prompt=job.prompt, model=job.model, size=job.size, seconds=job.seconds,
                    idempotency_key=job.idempotency_key, input_reference=Path(ref) if ref else None,
                    end_frame=Path(end) if end else None, params=dict(job.hints.get("params") or {}),
                    fps=job.hints.get("fps"), animatic=job.hints))
            elif job.kind == "extend" and job.parent_remote_id:
                video = backend.extend(job.parent_remote_id, job.prompt, job.seconds,
                                       idempotency_key=job.idempotency_key)
            elif job.parent_remote_id:
                fn = backend.remix if job.kind == "remix" else backend.edit
                video = fn(job.parent_remote_id, job.prompt, idempotency_key=job.idempotency_key)
        except RateLimited as e:  # nothing was created: the queue may send it again later
            self._set(job, JobState.CONFIRMED, attempts=job.attempts + 1, error_message=str(e),
                      next_poll_at=time.time() + retry.backoff(job.attempts, retry_after=e.retry_after))
            return
        except (Rejected, AuthError) as e:
            code = getattr(e, "code", None) or ("auth" if isinstance(e, AuthError) else "rejected")
            state = JobState.MODERATION_BLOCKED if code == "moderation_blocked" else JobState.FAILED
            self._set(job, state, error_code=code, error_message=f"{e} {e.hint}".strip())
            return
        except Unreachable as e:  # never connected: nothing was sent, so trying again later cannot pay twice
            if job.attempts + 1 >= UNREACHABLE_ATTEMPTS:
                self._set(job, JobState.FAILED, error_code="unreachable", attempts=job.attempts + 1,
                          error_message=f"{e} {e.hint} Nothing was charged; render again when it answers.")
            else:
                self._set(job, JobState.CONFIRMED, attempts=job.attempts + 1,
                          next_poll_at=time.time() + retry.backoff(job.attempts),
                          error_message=f"Waiting: {e} (try {job.attempts + 1} of {UNREACHABLE_ATTEMPTS})")
            return
        except BadAnswer as e:
            self._set(job, JobState.UNKNOWN, error_code="bad_answer", error_message=BAD_ANSWER.format(what=str(e)))
            return
        except (BackendUnavailable, OSError, SlateError) as e:
            # The request may have created a paid job before the answer was lost: never re-send it.
            self._set(job, JobState.UNKNOWN, error_code="unknown", error_message=str(e))
            return
        except Exception as e:  # noqa: BLE001 - whatever broke, the POST may have gone out: unknown, never resent
            self._set(job, JobState.UNKNOWN, error_code="bad_answer",
                      error_message=BAD_ANSWER.format(what=f"{type(e).__name__}: {e}"[:300]))
            return
        self._accept(job, video)

    def _accept(self, job: Job, video: RemoteVideo) -> None:
        self._probe("after_post")  # the server made the job; its id is not stored yet
        problem = _malformed(video)
        if problem:
            self._set(job, JobState.UNKNOWN, error_code="bad_answer", error_message=BAD_ANSWER.format(what=problem))
            return
        job = self._set(job, remote_id=video.id)  # the id, committed the moment it is known
        self._apply_status(job, video)

    # --- poll -------------------------------------------------------------------------------
    def _poll(self, job: Job) -> None:
        if job.deadline_at is not None and time.time() > job.deadline_at:
            self._set(job, JobState.FAILED, error_code="deadline",
                      error_message="The job did not finish before its deadline. " + NEXT_STEP[JobState.ABANDONED])
            return
        if not job.remote_id:  # nothing to ask about: only reconciliation can find it
            self._set(job, JobState.UNKNOWN, error_code="unknown", error_message=NEXT_STEP[JobState.UNKNOWN])
            return
        try:
            video = self.pool.backend_for(job).retrieve(job.remote_id)
            self._probe("polling")
        except RateLimited as e:
            self._set(job, next_poll_at=time.time() + retry.backoff(job.attempts, retry_after=e.retry_after),
                      attempts=job.attempts + 1)
            return
        except (BackendUnavailable, OSError) as e:
            self._set(job, next_poll_at=time.time() + retry.backoff(job.attempts), attempts=job.attempts + 1,
                      error_message=f"Polling: {e} (will retry)")
            return
        except Rejected as e:
            self._set(job, JobState.FAILED, error_code=e.code or "rejected", error_message=str(e))
            return
        problem = _malformed(video)
        if problem:  # a garbled poll answer is not news about the job: ask again later
            self._set(job, next_poll_at=time.time() + retry.backoff(job.attempts), attempts=job.attempts + 1,
                      error_message=f"Polling: the endpoint answered with {problem} (will retry)")
            return
        self._apply_status(job, video)

    def _apply_status(self, job: Job, video: RemoteVideo) -> None:
        if video.status == "completed":
            self._set(job, JobState.DOWNLOADING, progress=100, attempts=0, next_poll_at=0)
        elif video.status == "failed":
            code = video.error_code or "failed"
            state = JobState.MODERATION_BLOCKED if code == "moderation_blocked" else JobState.FAILED
            self._set(job, state, error_code=code,
                      error_message=f"{video.error_message or 'The render failed.'} {NEXT_STEP[state]}")
        else:
            target = JobState.IN_PROGRESS if video.status == "in_progress" else JobState.QUEUED
            delay = retry.poll_interval(job.attempts, video.poll_after_ms)
            self._set(job, target if target != job.state else None, progress=video.progress,
                      next_poll_at=time.time() + delay, attempts=job.attempts + 1)

    # --- download ---------------------------------------------------------------------------
    def _download(self, job: Job) -> None:
        backend = self.pool.backend_for(job)
        folder = library_dir() / job.id
        folder.mkdir(parents=True, exist_ok=True)
        paths: dict[str, str] = {}
        if not job.remote_id:
            self._set(job, JobState.FAILED, error_code="download_failed",
                      error_message="This job has no remote video to download; render it again.")
            return
        try:
            for variant, name in (("thumbnail", "take.webp"), ("spritesheet", "take.sprites.jpg"),
                                  ("video", "take.mp4")):
                final = folder / name
                part = folder / f".{name}.part"
                try:
                    backend.download(job.remote_id, variant, part)  # type: ignore[arg-type]
                    if variant == "video":
                        self._probe("mid_download")
                        verify_video(part, job.seconds)
                    os.replace(part, final)
                    if variant == "video":
                        self._probe("mid_rename")  # the take is in place, the job not yet completed
                except DownloadError:
                    if variant == "video":
                        raise
                    continue  # thumbnails are nice to have; the take is the video
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        part.unlink()
                paths[variant] = str(final)
        except Rejected as e:
            if e.code in ("not_found", "expired", "gone"):
                self._set(job, JobState.EXPIRED, error_code="expired", error_message=NEXT_STEP[JobState.EXPIRED])
                return
            raise
        except RateLimited as e:  # the endpoint asks to wait: not a failed download, not counted as one
            self._set(job, next_poll_at=time.time() + retry.backoff(job.attempts, retry_after=e.retry_after),
                      error_message=f"Download: {e} (will retry)")
            return
        except (DownloadError, BackendUnavailable, OSError) as e:
            attempts = job.attempts + 1
            if attempts >= retry.DOWNLOAD_ATTEMPTS:
                self._set(job, JobState.FAILED, error_code="download_failed", attempts=attempts,
                          error_message=f"The render finished but downloading it failed: {e}. "
                                        "Use 'Retry download' (the job is not rendered or paid again).")
            else:
                self._set(job, attempts=attempts, next_poll_at=time.time() + retry.backoff(attempts),
                          error_message=f"Download: {e} (will retry)")
            return
        self._set(job, JobState.COMPLETED, take_path=paths.get("video"), thumbnail_path=paths.get("thumbnail"),
                  spritesheet_path=paths.get("spritesheet"), error_code=None, error_message=None,
                  cost_actual=(None if job.price_unknown else job.cost_estimated) if backend.is_paid else 0.0)
        # The take is the person's now; its display-size copy makes the compare view's seeks instant on first open.
        if self.media is not None:
            self.media.cache.prepare_in_background(Path(paths["video"]))

    # --- unknown ----------------------------------------------------------------------------
    def _reconcile(self, job: Job) -> None:
        """Find a job lost between POST and id by its prompt and time; never re-create it."""
        claimed = {j.remote_id for j in self.store.jobs() if j.remote_id}
        try:
            candidates = self.pool.backend_for(job).list(limit=100)
        except SlateError as e:
            self._set(job, next_poll_at=time.time() + RECONCILE_RETRY_S, attempts=job.attempts + 1,
                      error_message=_keep_bad_answer(job, f"Slate could not look for this job remotely: {e}"))
            return
        t = job.submitted_at or job.created_at
        for v in candidates:
            if (_malformed(v) is None and v.id not in claimed and v.prompt == job.prompt
                    and (v.created_at is None or t - 60 <= v.created_at <= t + RECONCILE_WINDOW_S)):
                job = self._set(job, remote_id=v.id, error_code=None, error_message=None)
                self._apply_status(job, v)
                return
        if not self.pool.backend_for(job).is_paid:
            # Free and idempotent (same key, same job): sending again cannot cost anything.
            self._set(job, JobState.CONFIRMED, error_code=None, error_message=None)
            return
        self._set(job, next_poll_at=time.time() + RECONCILE_RETRY_S, attempts=job.attempts + 1,
                  error_message=_keep_bad_answer(job, NEXT_STEP[JobState.UNKNOWN]))


def _out_of_time(margin: float) -> bool:
    """Whether the caller's wait (``deadlines``) ends within ``margin`` seconds: no request is started then."""
    end = deadlines.current()
    return end is not None and end - time.time() < margin


def _malformed(video: RemoteVideo) -> str | None:
    """What is wrong with an answer that should describe a video, or None when it does."""
    if not isinstance(video.id, str) or not video.id.strip():
        return "no video id"
    if len(video.id) > 200:
        return f"a video id of {len(video.id)} characters"
    if video.status not in REMOTE_STATUSES:
        return f"an unknown status {str(video.status)[:40]!r}"
    if not isinstance(video.progress, int) or isinstance(video.progress, bool):
        return f"a progress of {str(video.progress)[:20]!r}"
    for name in ("error_code", "error_message"):
        if getattr(video, name) is not None and not isinstance(getattr(video, name), str):
            return f"an error {name.removeprefix('error_')} that is not text"
    if video.poll_after_ms is not None and not isinstance(video.poll_after_ms, int):
        return "a poll hint that is not a number"
    return None


def _keep_bad_answer(job: Job, message: str) -> str:
    """A job that got a malformed answer keeps saying so: that, not the listing, is what a person must check."""
    if job.error_code == "bad_answer" and job.error_message:
        return job.error_message
    return message

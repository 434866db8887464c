"""RenderService: the facade the UI and CLI use — estimate, submit, cancel, abandon, retry, takes into projects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from composer.animatic.spec import hints_from_shot
from composer.catalog import dialects, pricing
from composer.catalog.drafts import draft_render
from composer.catalog.loader import lookup
from composer.document import names
from composer.document.lineage import chosen_take
from composer.document.models import Project, Shot, Take, TakeKind, utcnow
from composer.errors import SlateError
from composer.lint.engine import lint_shot
from composer.lint.rule import Severity
from composer.media.services import MediaServices
from composer.project import files as project_file
from composer.project import library
from composer.prompt.request import RenderRequest, build_request
from composer.queue.backends.base import Backend, RemoteCharacter
from composer.queue.endpoints import BackendPool, Endpoint
from composer.queue.jobs import REMOTE_ACTIVE, TERMINAL, JobState
from composer.queue.runner import Holder
from composer.queue.store import Job, StaleJob, Store
from composer.queue.worker import Probe, Worker


# How often a cancel or abandon reads a job again when the queue thread moved it on between its read and write.
_CAS_TRIES = 5


@dataclass(frozen=True)
class Estimate:
    jobs: int
    seconds: int
    cost: float  # the known part, USD
    needs_confirmation: bool  # above the threshold, or any price unknown
    unknown: int = 0  # jobs whose price no profile knows (never counted as free)

    def describe(self) -> str:
        """``$3.20``, ``price unknown`` or ``$3.20 + 2 jobs of unknown price``."""
        if self.unknown == self.jobs and self.jobs:
            return "price unknown"
        known = pricing.format_cost(self.cost)
        return known + (f" + {self.unknown} job(s) of unknown price" if self.unknown else "")


TakeFiles = dict[str, str]
"""A take's files copied into a project, by kind (``video``, ``thumb``, ``sprites``), relative to the project."""


class RenderService:
    def __init__(self, store: Store | None = None, backends: dict[str, Backend] | None = None, *,
                 pool: BackendPool | None = None, media: MediaServices | None = None,
                 probe: Probe | None = None) -> None:
        self.store = store or Store()
        self.pool = pool or BackendPool(backends)
        self.media = media or MediaServices.from_env()
        self._listeners: list[Callable[[Job], None]] = []
        self._waiting_listeners: list[Callable[[Holder | None], None]] = []
        self.worker = Worker(self.store, self.pool, listener=self._emit, media=self.media, probe=probe)
        self.worker.on_waiting = self._emit_waiting

    def set_concurrency(self, renders: int) -> None:
        """How many renders run remotely at once (a setting; takes effect at the queue's next step)."""
        self.worker.concurrency = max(1, renders)

    def use_endpoint(self, endpoint: Endpoint) -> None:
        """Send new jobs of ``endpoint.kind`` there; raises SlateError (no key, unknown kind) before any job."""
        self.pool.use(endpoint)

    def backend_for(self, job: Job) -> Backend:
        """The backend of the endpoint the job was queued for (see composer.queue.endpoints)."""
        return self.pool.backend_for(job)

    def subscribe(self, fn: Callable[[Job], None]) -> None:
        """``fn`` is called on worker threads; the UI bridges it to a queued Qt signal."""
        self._listeners.append(fn)

    def on_waiting(self, fn: Callable[[Holder | None], None]) -> None:
        """``fn(holder)`` when another process starts or stops running this queue for us (on the queue thread):
        a second window shows who sends its jobs instead of looking stuck."""
        self._waiting_listeners.append(fn)

    def _emit_waiting(self, holder: Holder | None) -> None:
        for fn in list(self._waiting_listeners):
            fn(holder)

    def _emit(self, job: Job) -> None:
        for fn in list(self._listeners):
            fn(job)

    def jobs(self) -> list[Job]:
        return self.store.jobs()

    def estimate(self, project: Project, shot_ids: Iterable[str], *, backend: str, variants: int = 1,
                 confirm_above: float | None = None, tier: str = "final") -> Estimate:
        total_s, cost, n, unknown = 0, 0.0, 0, 0
        for sid in shot_ids:
            kind, model, size, seconds = self._settings(project, project.shot(sid), backend, tier)
            total_s += seconds * variants
            one = _cost(kind, model, size, seconds)
            if one is None:
                unknown += variants
            else:
                cost += one * variants
            n += variants
        threshold = pricing.confirm_threshold() if confirm_above is None else confirm_above
        return Estimate(n, total_s, round(cost, 2), cost > threshold or unknown > 0, unknown)

    @staticmethod
    def _settings(project: Project, shot: Shot, backend: str, tier: str) -> tuple[str, str, str, int]:
        """(backend, model, size, seconds) a shot renders with in ``tier``: a draft uses its profile's draft."""
        model, size, seconds, _layout = project.effective_render(shot)
        if tier != "draft":
            return backend, model, size, seconds
        d = draft_render(model, size, seconds)
        return ("animatic" if d.animatic else backend), d.model, d.size, d.seconds

    def submit(self, project: Project, shot_ids: Iterable[str], *, backend: str = "animatic", variants: int = 1,
               project_path: Path | None = None, tier: str = "final", chain: bool = False,
               document: str | None = None, media_root: Path | None = None) -> list[Job]:
        """Queue renders of the shots. The prompt is exactly the preview's text.

        Lint errors block a paid render only (issue 16 §12): the offline animatic is free and is how a person sees
        the timing that an overrunning beat gets wrong, so it renders, and the job carries the error codes for the
        queue to show. ``document`` is the open document's ``uid`` (jobs remember which project they belong to,
        saved or not); ``media_root`` is where an unsaved project's reference images are.

        ``tier="draft"`` renders each with its model's draft settings (the prompt stays the final one, so a promote
        sends the same words). ``chain`` renders the shots in order, each starting on the previous one's last frame
        (one take each): the jobs wait in the queue until that frame exists (composer.queue.worker._link).
        """
        ids = list(shot_ids)
        if chain and variants != 1:
            raise SlateError("a chain renders one take per shot", hint="Render variants of a shot on its own.")
        media_root = project_path.parent if project_path else media_root
        prepared = [self._prepare(project, sid, backend, tier, media_root, chain) for sid in ids]
        jobs: list[Job] = []
        previous: Job | None = None
        for i, (sid, req, hints, (kind, model, size, seconds)) in enumerate(prepared):
            endpoint = self.pool.current(kind)  # stored with the job: a resumed job goes back there
            after_job = previous.id if chain and previous is not None else None
            after_frame = None
            if chain and i == 0:
                after_frame = self._chosen_take_before(project, sid, media_root)
            if not after_job and not after_frame and hints.get("input_reference") and size != req.size:
                after_frame = str(hints["input_reference"])  # a draft's own reference, fitted to the draft size
            if document:
                hints["document"] = document
            cost = _cost(kind, model, size, seconds)
            for _ in range(variants):
                jobs.append(self.store.add(
                    backend=kind, prompt=req.text, model=model, size=size, seconds=seconds,
                    shot_id=sid, project_path=str(project_path) if project_path else None, hints=dict(hints),
                    base_url=endpoint.base_url, dialect=endpoint.dialect, organization=endpoint.organization,
                    cost_estimated=cost or 0.0, price_unknown=cost is None, tier=tier, after_job=after_job,
                    after_frame=after_frame))
            previous = jobs[-1]
        for j in jobs:
            self._emit(j)
        self.worker.wake()
        return jobs

    def _prepare(self, project: Project, sid: str, backend: str, tier: str, media_root: Path | None,
                 chain: bool) -> tuple[str, RenderRequest, dict[str, Any], tuple[str, str, str, int]]:
        """Lint, build the request and the hints of one shot; raises before any job of the batch is queued."""
        shot = project.shot(sid)
        settings = self._settings(project, shot, backend, tier)
        errors = [f for f in lint_shot(shot, project, media_root=media_root) if f.severity is Severity.ERROR]
        if errors and Endpoint(kind=settings[0]).is_paid:
            listed = "; ".join(f"{f.code} {f.name}: {f.message}" for f in errors)
            raise SlateError(f"shot '{shot.title or sid}' has lint errors that block a paid render: {listed}",
                             hint="Fix them in the lint panel (Fix applies the automatic fix where there is one), "
                                  "or render the free animatic to see the timing first.")
        req = build_request(shot, project)  # the preview shows this same request
        profile = lookup(settings[1])
        if chain and Endpoint(kind=settings[0]).is_paid and profile is not None and not profile.reference_images:
            raise SlateError(f"shot '{shot.title or sid}' renders with {profile.label}, which takes no reference "
                             "image, so it cannot start on the previous shot's last frame",
                             hint="Pick a model that takes a first frame (Veo 3.1, Wan 2.2 I2V, Seedance 2.0…).")
        hints = hints_from_shot(shot, project)
        if errors:
            hints["lint_errors"] = sorted({f.code for f in errors})
        label = names.shot_label(project, sid)
        if label:
            hints["shot_label"] = label  # what the queue shows once the project is closed
        hints["params"] = dict(req.params)
        if req.fps:
            hints["fps"] = req.fps
        if req.reference_image and media_root is not None:
            hints["input_reference"] = hints["source_reference"] = str(media_root / req.reference_image)
        if req.end_frame and media_root is not None:
            hints["end_frame"] = str(media_root / req.end_frame)
        if tier == "draft":  # what a promote re-renders it with
            hints["final"] = {"backend": backend, "model": req.model, "size": req.size, "seconds": req.seconds}
        return sid, req, hints, settings

    @staticmethod
    def _chosen_take_before(project: Project, sid: str, media_root: Path | None) -> str | None:
        """The video of the chosen take (hero, else the newest completed) of the shot before ``sid``, if any."""
        ids = [s.id for s in project.shots]
        i = ids.index(sid)
        if i == 0 or media_root is None:
            return None
        take = chosen_take(project.shots[i - 1])
        if take is None or not take.video_path or not (media_root / take.video_path).exists():
            return None
        return str(media_root / take.video_path)

    def promote_cost(self, draft: Job, backend: str | None = None) -> float | None:
        """The estimated cost of promoting ``draft`` (None: no profile prices it)."""
        final = draft.hints.get("final") or {}
        return _cost(backend or str(final.get("backend") or draft.backend), str(final.get("model") or draft.model),
                     str(final.get("size") or draft.size), int(final.get("seconds") or draft.seconds))

    def promote(self, draft: Job, *, project_path: Path | None = None) -> Job:
        """Re-render a draft with its final settings and the same prompt; lineage links the final to the draft."""
        final = draft.hints.get("final")
        if draft.tier != "draft" or not isinstance(final, dict):
            raise SlateError(f"{draft.id} is not a draft", hint="Promote a take rendered with 'Draft all'.")
        if draft.state is not JobState.COMPLETED:
            raise SlateError(f"{draft.id} is {draft.state}; only a finished draft can be promoted")
        kind, model, size, seconds = (str(final["backend"]), str(final["model"]), str(final["size"]),
                                      int(final["seconds"]))
        hints = {k: v for k, v in draft.hints.items() if k not in ("final", "chained_from")}
        hints["parent_job"] = draft.id
        # A chained draft started on the previous draft's frame: its final goes without (re-render the chain for
        # a chained final); any other starts where the draft did, on the shot's reference or the take before it.
        source = None if draft.after_job else (draft.after_frame or draft.hints.get("source_reference"))
        after_frame = str(source) if source else None
        if after_frame is None:
            hints.pop("input_reference", None)
        endpoint = self.pool.current(kind)
        cost = _cost(kind, model, size, seconds)
        job = self.store.add(backend=kind, prompt=draft.prompt, model=model, size=size, seconds=seconds,
                             shot_id=draft.shot_id, project_path=str(project_path) if project_path
                             else draft.project_path, hints=hints, base_url=endpoint.base_url,
                             dialect=endpoint.dialect, organization=endpoint.organization,
                             cost_estimated=cost or 0.0, price_unknown=cost is None, tier="final",
                             after_frame=after_frame)
        self._emit(job)
        self.worker.wake()
        return job

    def derive(self, parent: Job, kind: TakeKind, prompt: str, *, seconds: int | None = None,
               project_path: Path | None = None, document: str | None = None) -> Job:
        """Remix, edit or extend a completed take's remote video; lineage goes into the project take.

        The new job belongs to the project the take is in now (``project_path``, ``document``): the parent may have
        been rendered before the project was first saved, or under another name.
        """
        if parent.state is not JobState.COMPLETED or not parent.remote_id:
            raise SlateError("only a completed take can be remixed, edited or extended")
        secs = seconds if seconds is not None else parent.seconds
        cost = _cost(parent.backend, parent.model, parent.size, secs)
        hints = dict(parent.hints, parent_job=parent.id)
        hints.pop("lint_errors", None)
        if document:
            hints["document"] = document
        where = str(project_path) if project_path else parent.project_path
        job = self.store.add(backend=parent.backend, prompt=prompt, model=parent.model, size=parent.size,
                             seconds=secs, kind=str(kind), shot_id=parent.shot_id, project_path=where,
                             parent_remote_id=parent.remote_id, hints=hints,
                             base_url=parent.base_url, dialect=parent.dialect, organization=parent.organization,
                             cost_estimated=cost or 0.0, price_unknown=cost is None)
        self._emit(job)
        self.worker.wake()
        return job

    def cancel(self, job_id: str) -> str:
        """Stop a job if that can still spare the money; otherwise say what is true of it.

        Each write expects the state it was decided on: a cancel that reads "confirmed" while the queue thread
        claims the job to send it must not mark a sent job cancelled (it would be billed and never fetched), so a
        job that moved on meanwhile is read again and answered for its new state.
        """
        for _ in range(_CAS_TRIES):
            job = self._job(job_id)
            try:
                return self._cancel(job)
            except StaleJob:
                continue
        return f"{job_id} keeps changing state; try again in a moment"

    def _cancel(self, job: Job) -> str:
        if job.state in TERMINAL:
            return f"{job.id} is already {job.state}"
        if job.state in (JobState.CONFIRMED, JobState.DRAFT, JobState.ESTIMATED) or not Endpoint.of(job).is_paid:
            self._emit(self.store.update(job.id, state=JobState.CANCELLED, expect=job.state))
            return f"{job.id} cancelled (nothing was charged)"
        if job.state in REMOTE_ACTIVE and job.remote_id and dialects.get(job.dialect).delete_cancels:
            self.backend_for(job).delete(job.remote_id)  # vLLM-Omni: DELETE aborts the running job
            now = self._job(job.id)
            if now.state not in TERMINAL:  # it may have finished while the DELETE went out: keep what it became
                self._emit(self.store.update(job.id, state=JobState.CANCELLED, expect=now.state))
                return f"{job.id} cancelled on the endpoint (DELETE stopped it)"
            return f"{job.id} is already {now.state}"
        return (f"{job.id} is already running remotely and the API has no cancel: the money may be spent. "
                "Abandon it to stop polling, or let it finish.")

    def abandon(self, job_id: str) -> str:
        for _ in range(_CAS_TRIES):
            job = self._job(job_id)
            if job.state not in REMOTE_ACTIVE | {JobState.UNKNOWN}:
                return f"{job_id} is {job.state}; only a running or unknown job can be abandoned"
            try:
                self._emit(self.store.update(job_id, state=JobState.ABANDONED, expect=job.state))
            except StaleJob:
                continue
            return f"{job_id} abandoned: Slate stops polling; the remote job may still finish and be billed"
        return f"{job_id} keeps changing state; try again in a moment"

    def retry_download(self, job_id: str) -> None:
        job = self.store.get(job_id)
        if job.state is JobState.FAILED and job.error_code == "download_failed":
            self._emit(self.store.update(job_id, state=JobState.DOWNLOADING, attempts=0, next_poll_at=0))
            self.worker.wake()

    def _job(self, job_id: str) -> Job:
        try:
            return self.store.get(job_id)
        except KeyError:
            raise SlateError(f"job {job_id} is not in this queue",
                             hint="It was made by another Slate data folder; open that one to manage it.") from None

    def delete_remote(self, job_id: str) -> None:
        """Delete the job's video on the endpoint that made it (never on today's default endpoint)."""
        job = self._job(job_id)
        if job.remote_id:
            self.backend_for(job).delete(job.remote_id)

    def create_character(self, job_id: str, name: str, video: Path) -> RemoteCharacter:
        """Upload a take as a character on the endpoint that rendered it (character ids are per endpoint)."""
        return self.backend_for(self._job(job_id)).create_character(name, video)

    def copy_take_files(self, job: Job, project_path: Path) -> TakeFiles:
        """Copy a completed job's files into the project's media folder (file I/O: the GUI runs it as an operation).

        Returns the copies' paths relative to the project folder, by kind (video, thumb, sprites).
        """
        media = project_file.media_dir(project_path)
        rel: TakeFiles = {}
        for key, src in (("video", job.take_path), ("thumb", job.thumbnail_path), ("sprites", job.spritesheet_path)):
            if src and Path(src).exists():
                dest = media / "takes" / f"{job.id}{''.join(Path(src).suffixes)}"
                dest.parent.mkdir(parents=True, exist_ok=True)
                library.copy_take(Path(src), dest, video=key == "video")  # whole and checked, or SlateError
                rel[key] = str(dest.relative_to(project_path.parent))
        return rel

    def take_for(self, job: Job, project: Project, project_path: Path) -> Take | None:
        """A project Take for a completed job, its files copied into the project's media folder."""
        if job.state is not JobState.COMPLETED or not job.take_path or _shot(project, job.shot_id) is None:
            return None
        return self.take_from(job, project, self.copy_take_files(job, project_path))

    def take_from(self, job: Job, project: Project, files: TakeFiles) -> Take | None:
        """The project Take for a completed job whose files were copied (``copy_take_files``); no I/O.

        None when the job is not a finished take of a shot that is still in the project.
        """
        shot = _shot(project, job.shot_id)
        if job.state is not JobState.COMPLETED or shot is None:
            return None
        parent_take = next((t.id for s in project.shots for t in s.takes if t.job_id == job.hints.get("parent_job")),
                           None)
        params: dict[str, str | int | float | None] = {"model": job.model, "size": job.size, "seconds": job.seconds}
        if job.tier == "draft":
            params["tier"] = "draft"
        if job.after_job or job.after_frame:
            params["chained_from"] = str(job.hints.get("chained_from") or "")
        return Take(kind=TakeKind(job.kind), parent_take_id=parent_take, job_id=job.id, backend=job.backend,
                    remote_id=job.remote_id, prompt_sent=job.prompt, params=params, status="completed",
                    video_path=files.get("video"), thumbnail_path=files.get("thumb"),
                    spritesheet_path=files.get("sprites"),
                    completed_at=utcnow(), cost_estimated=job.cost_estimated, cost_actual=job.cost_actual,
                    hero=job.tier == "final" and not any(t.hero for t in shot.takes))  # a draft is never the hero


    @staticmethod
    def belongs(job: Job, document: str | None, project_path: Path | None) -> bool:
        """Whether ``job`` renders for this open document: queued from it (saved or not, whatever it was called
        then), or queued for the file it is saved as."""
        if document and job.hints.get("document") == document:
            return True
        return project_path is not None and job.project_path == str(project_path)

    def follow(self, document: str, project_path: Path) -> int:
        """The document was saved as ``project_path``: its unfinished jobs now belong to that file, so a take that
        arrives after Slate was closed still finds it (the next ``record_takes`` or the next open)."""
        moved = 0
        for job in self.store.jobs():
            if job.state in TERMINAL or job.hints.get("document") != document:
                continue
            if job.project_path != str(project_path):
                self.store.update(job.id, project_path=str(project_path))
                moved += 1
        return moved

    def missing_takes(self, project: Project, project_path: Path, *, since: float) -> list[Job]:
        """Completed jobs of this file whose takes the project lacks, finished after ``since`` (the file's last
        save): takes that arrived while the project was closed, or after its last save was discarded. Older ones
        are not offered again: the person saved the project without them (deleted them, for instance)."""
        known = {t.job_id for s in project.shots for t in s.takes}
        return [j for j in self.store.jobs({JobState.COMPLETED})
                if j.project_path == str(project_path) and j.id not in known and j.updated_at > since
                and _shot(project, j.shot_id) is not None and j.take_path]

    def record_takes(self, project: Project, project_path: Path, *, errors: list[str] | None = None) -> int:
        """Add every finished take of this project to its shot (once each); the CLI's --wait path.

        A take whose copy fails is left out (and its message put in ``errors``, else raised): the others still count.
        """
        known = {t.job_id for s in project.shots for t in s.takes}
        added = 0
        for job in self.store.jobs({JobState.COMPLETED}):
            if job.project_path != str(project_path) or job.id in known:
                continue
            try:
                take = self.take_for(job, project, project_path)
            except SlateError as e:
                if errors is None:
                    raise
                errors.append(f"{job.id}: {e.describe()}")
                continue
            if take is not None:
                project.shot(job.shot_id or "").takes.append(take)
                added += 1
        return added


def _shot(project: Project, shot_id: str | None) -> Shot | None:
    try:
        return project.shot(shot_id or "")
    except KeyError:
        return None


def _cost(kind: str, model: str, size: str, seconds: int) -> float | None:
    """Estimated USD for one render (None: no profile knows the price); nothing where the backend class says a
    create is free (``is_paid``)."""
    return pricing.estimate_cost(model, size, seconds) if Endpoint(kind=kind).is_paid else 0.0

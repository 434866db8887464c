"""`slate render` and `slate queue …`: thin wrappers over RenderService."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from composer.document.models import Project
from composer.errors import InputError, SlateError
from composer.project import files as project_file
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import NEXT_STEP, REMOTE_ACTIVE, TERMINAL, JobState
from composer.queue.service import Estimate, RenderService
from composer.queue.store import Job
from composer.runtime.net import plain_http_warning


def add_render_parsers(sub: Any) -> None:
    r = sub.add_parser("render", help="render shots (offline animatic by default) and wait for the takes")
    r.add_argument("project", help="a .slate project")
    r.add_argument("--shot", action="append", help="only this shot id (repeatable)")
    r.add_argument("--backend", choices=("animatic", "openai"), default="animatic")
    r.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8765/v1")
    r.add_argument("--dialect", choices=("openai", "litellm", "vllm-omni"), default="openai",
                   help="the endpoint's shape: OpenAI Videos API, a LiteLLM proxy, or vLLM-Omni")
    r.add_argument("--variants", type=int, default=1, help="takes per shot")
    r.add_argument("--yes", action="store_true", help="do not ask before spending money")
    r.add_argument("--wait", action="store_true", help="wait until every take is downloaded")
    r.add_argument("--timeout", type=float, default=1800)
    r.add_argument("--chain", action="store_true",
                   help="render the shots in order, each starting on the previous take's last frame")
    r.add_argument("--from", dest="first", type=int, metavar="N", help="first shot of the run (1 = the first shot)")
    r.add_argument("--to", dest="last", type=int, metavar="M", help="last shot of the run (inclusive)")
    r.add_argument("--draft", action="store_true",
                   help="render with each model's cheap draft settings (promote the keepers with 'slate promote')")
    r.set_defaults(func=cmd_render)
    pr = sub.add_parser("promote", help="re-render a draft take with its final settings and the same prompt")
    pr.add_argument("project", help="a .slate project")
    pr.add_argument("take", help="the draft take's id (see the Takes tab or 'slate log')")
    for flag in ("--backend", "--base-url", "--dialect"):
        pr.add_argument(flag, default=None, help="where the final goes (default: where the draft said)")
    pr.add_argument("--yes", action="store_true", help="do not ask before spending money")
    pr.add_argument("--wait", action="store_true", help="wait until the final take is downloaded")
    pr.add_argument("--timeout", type=float, default=1800)
    pr.set_defaults(func=cmd_promote)
    q = sub.add_parser("queue", help="list, resume, cancel or abandon render jobs")
    qs = q.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    ls = qs.add_parser("list", help="list jobs")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(func=cmd_queue_list)
    rs = qs.add_parser("resume", help="resume unfinished jobs (after a crash or restart)")
    rs.add_argument("--wait", action="store_true")
    rs.add_argument("--timeout", type=float, default=1800)
    rs.set_defaults(func=cmd_queue_resume)
    for name, fn in (("cancel", cmd_queue_cancel), ("abandon", cmd_queue_abandon)):
        p = qs.add_parser(name, help=f"{name} a job")
        p.add_argument("id")
        p.set_defaults(func=fn)


def _service(backend: str | None = None, base_url: str | None = None, dialect: str = "openai") -> RenderService:
    svc = RenderService()
    if backend:
        endpoint = Endpoint.configured(backend, base_url=base_url, dialect=dialect)
        if backend != "animatic" and (warning := plain_http_warning(endpoint.base_url)) is not None:
            sys.stderr.write(f"slate: warning: {warning}\n")
        svc.use_endpoint(endpoint)
    return svc


def _bar(done: int, total: int, width: int = 30) -> str:
    fill = int(width * done / max(total, 1))
    return f"[{'#' * fill}{'.' * (width - fill)}] {done}/{total}"


def _wait(svc: RenderService, ids: set[str], timeout: float, out: TextIO) -> bool:
    last = [""]
    told: list[object] = [None]

    def tick() -> None:
        holder = svc.worker.waiting_for
        if holder is not None and holder != told[0]:  # say once whom we wait for: it advances our jobs too
            sys.stderr.write(f"slate: the queue is being run by {holder.describe()}; waiting for it to finish "
                             "these jobs (it sends them, this one will not).\n")
            told[0] = holder
        jobs = [j for j in svc.store.jobs() if j.id in ids]
        done = sum(j.state in TERMINAL for j in jobs)
        pct = sum(j.progress for j in jobs) // max(len(jobs), 1)
        # What it waits for, when something is in the way (nothing listening, a slow endpoint, a busy slot).
        note = next((j.error_message for j in jobs if j.state not in TERMINAL and j.error_message), "")
        line = f"{_bar(done, len(jobs))} {pct:3d}%" + (f"  {note[:110]}" if note else "")
        if line != last[0]:  # redraw only when something moved
            out.write(("\r" if out.isatty() else "\n" if last[0] else "") + line)
            out.flush()
            last[0] = line
    ok = svc.worker.run_until_idle(timeout, on_tick=tick)
    tick()
    out.write("\n")
    return ok


def _run(project: Project, args: argparse.Namespace, path: Path) -> list[str]:
    """The shot ids to render: ``--shot`` ids, or the shots ``--from N --to M`` (1-based, inclusive), or all."""
    ids = [s.id for s in project.shots]
    if args.shot and (args.first or args.last):
        raise InputError("--shot and --from/--to both pick shots", hint="Use one or the other.")
    if args.shot:
        missing = [s for s in args.shot if s not in ids]
        if missing:
            raise SlateError(f"no shot with id {', '.join(missing)} in {path.name}",
                             hint=f"Shot ids: {', '.join(ids) or '(none)'} ('slate assemble' lists them).")
        return list(args.shot)
    first, last = args.first or 1, args.last or len(ids)
    if not 1 <= first <= last <= len(ids):
        raise InputError(f"--from {first} --to {last} is not a run of this project's {len(ids)} shot(s)",
                         hint=f"Shots are numbered 1 to {len(ids)} in shot-list order.")
    return ids[first - 1:last]


def _confirm(est: Estimate, yes: bool, out: TextIO) -> bool:
    """Ask before spending (an unknown price asks too: it is not free); never blocks a script (--yes)."""
    if not (est.cost or est.unknown) or yes:
        return True
    if not sys.stdin.isatty():
        raise SlateError(f"this render costs about {est.describe()} ({est.jobs} jobs, {est.seconds} s)",
                         hint="Pass --yes to confirm spending it.")
    if input(f"Render {est.jobs} jobs ({est.seconds} s) for about {est.describe()}? [y/N] ").lower() != "y":
        out.write("Nothing submitted.\n")
        return False
    return True


def cmd_render(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.project).resolve()
    project = project_file.load(path)
    shots = _run(project, args, path)
    tier = "draft" if args.draft else "final"
    svc = _service(args.backend, args.base_url, args.dialect)
    est = svc.estimate(project, shots, backend=args.backend, variants=args.variants, tier=tier)
    if not _confirm(est, args.yes, out):
        return 0
    jobs = svc.submit(project, shots, backend=args.backend, variants=args.variants, project_path=path, tier=tier,
                      chain=args.chain)
    for j in jobs:
        cost = "price unknown" if j.price_unknown else f"${j.cost_estimated:.2f}"
        after = f"  after {j.after_job}" if j.after_job else ""
        out.write(f"{j.id}  shot {j.shot_id}  {j.backend}  {j.tier} {j.model} {j.size} {j.seconds}s  {cost}{after}\n")
    return _finish(svc, project, path, jobs, args, out)


def _finish(svc: RenderService, project: Project, path: Path, jobs: list[Job], args: argparse.Namespace,
            out: TextIO) -> int:
    if not args.wait:
        out.write("Queued. Run 'slate queue resume --wait' to process and download.\n")
        return 0
    ok = _wait(svc, {j.id for j in jobs}, args.timeout, out)
    copy_errors: list[str] = []
    added = _record(svc, path, copy_errors)
    failed = [svc.store.get(j.id) for j in jobs if svc.store.get(j.id).state is not JobState.COMPLETED]
    _report(svc, failed, out)
    out.write(f"{added} take(s) added to {path.name}\n")
    return _copy_failed(copy_errors) or (0 if ok and not failed else 1)


def _record(svc: RenderService, path: Path, errors: list[str]) -> int:
    """Add the finished takes to the project as it is on disk now (never over a save made meanwhile)."""
    return project_file.update(path, lambda project: svc.record_takes(project, path, errors=errors))


def _copy_failed(errors: list[str]) -> int:
    for e in errors:
        sys.stderr.write(f"slate: {e}\n")
    return 2 if errors else 0


def reason(svc: RenderService, job: Job) -> str:
    """Why a job is not completed, in words: never an empty reason (issue 19 printed 'confirmed — ')."""
    if job.error_message:
        return job.error_message
    resume = "'slate queue resume --wait' carries on with it"
    if job.state is JobState.CONFIRMED:
        busy = [j.id for j in svc.store.jobs(REMOTE_ACTIVE | {JobState.SUBMITTING}) if not svc.worker.stalled(j)]
        if busy:
            return (f"not sent yet: the {svc.worker.concurrency} render slot(s) were busy with {', '.join(busy)} "
                    f"when the wait ended; {resume}.")
        return f"not sent yet when the wait ended; {resume}."
    if job.state in REMOTE_ACTIVE:
        return f"still rendering remotely ({job.progress}%) when the wait ended; {resume}."
    if job.state is JobState.DOWNLOADING:
        return f"finished remotely, still downloading when the wait ended; {resume}."
    return NEXT_STEP.get(job.state, str(job.state))


def _report(svc: RenderService, jobs: list[Job], out: TextIO) -> None:
    for j in jobs:
        out.write(f"{j.id}: {j.state} — {reason(svc, j)}\n")


def cmd_promote(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.project).resolve()
    project = project_file.load(path)
    take = next((t for s in project.shots for t in s.takes if t.id == args.take), None)
    if take is None:
        raise InputError(f"no take '{args.take}' in {path.name}", hint="Take ids are listed by 'slate log PROJECT'.")
    svc = _service()
    if not take.job_id:
        raise InputError(f"take {take.id} has no render job to promote")
    try:
        draft = svc.store.get(take.job_id)
    except KeyError:
        raise InputError(f"take {take.id}'s render job is not in this queue",
                         hint="It was made by another Slate data folder.") from None
    final = dict(draft.hints.get("final") or {})
    backend = args.backend or str(final.get("backend") or "animatic")
    if backend != "animatic":
        svc.use_endpoint(Endpoint.configured(backend, base_url=args.base_url, dialect=args.dialect or "openai"))
    if final:
        final["backend"] = backend
        draft.hints["final"] = final
    cost = svc.promote_cost(draft, backend)
    est = Estimate(1, int(final.get("seconds") or draft.seconds), cost or 0.0, True, int(cost is None))
    if not _confirm(est, args.yes, out):
        return 0
    job = svc.promote(draft, project_path=path)
    out.write(f"{job.id}  shot {job.shot_id}  {job.backend}  final {job.model} {job.size} {job.seconds}s  "
              f"promoted from {take.id}\n")
    return _finish(svc, project, path, [job], args, out)


def cmd_queue_list(args: argparse.Namespace, out: TextIO) -> int:
    jobs = _service().store.jobs()
    if args.format == "json":
        json.dump([j.public() for j in jobs], out, indent=2)
        out.write("\n")
        return 0
    for j in jobs:
        out.write(f"{j.id}  {j.state:<18} {j.backend:<9} shot={j.shot_id}  remote={j.remote_id or '-'}  "
                  f"{j.progress:3d}%  {j.take_path or j.error_message or ''}\n")
    if not jobs:
        out.write("No jobs.\n")
    return 0


def cmd_queue_resume(args: argparse.Namespace, out: TextIO) -> int:
    svc = _service()
    pending = {j.id for j in svc.store.jobs() if j.state not in TERMINAL}
    if not args.wait:
        svc.worker.recover()
        svc.worker.step()
        svc.worker.runner.release()
        if svc.worker.waiting_for is not None:
            out.write(f"{len(pending)} unfinished job(s): the queue is being run by "
                      f"{svc.worker.waiting_for.describe()}, which advances them.\n")
        else:
            out.write(f"{len(pending)} unfinished job(s) advanced one step.\n")
        return 0
    ok = _wait(svc, pending, args.timeout, out)
    _report(svc, [j for j in svc.store.jobs() if j.id in pending and j.state is not JobState.COMPLETED], out)
    copy_errors: list[str] = []
    for path in sorted({j.project_path for j in svc.store.jobs() if j.project_path}):
        p = Path(path)
        if p.exists():
            _record(svc, p, copy_errors)
    return _copy_failed(copy_errors) or (0 if ok else 1)


def cmd_queue_cancel(args: argparse.Namespace, out: TextIO) -> int:
    out.write(_service().cancel(args.id) + "\n")
    return 0


def cmd_queue_abandon(args: argparse.Namespace, out: TextIO) -> int:
    out.write(_service().abandon(args.id) + "\n")
    return 0

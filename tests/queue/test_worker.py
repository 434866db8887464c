"""The worker against the real animatic backend: lifecycle, restart recovery, unknown reconciliation, downloads."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import av

from composer.errors import BackendUnavailable, DownloadError, RateLimited
from composer.media.services import MediaServices
from composer.queue.backends.animatic import AnimaticBackend
from composer.queue.backends.base import CreateRequest, RemoteVideo, Variant
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from composer.queue.worker import Worker
from tests.queue.conftest import tiny_job


def _done(store: Store, worker: Worker) -> None:
    assert worker.run_until_idle(120)


def test_full_lifecycle_downloads_a_decodable_take(store: Store, animatic: AnimaticBackend) -> None:
    job = tiny_job(store)
    seen: list[JobState] = []
    w = Worker(store, {"animatic": animatic}, listener=lambda j: seen.append(j.state))
    _done(store, w)
    job = store.get(job.id)
    assert job.state is JobState.COMPLETED and job.remote_id and job.take_path
    assert seen[0] is JobState.SUBMITTING and JobState.DOWNLOADING in seen
    with av.open(job.take_path) as c:
        assert c.streams.video[0].width == 160
    assert Path(job.thumbnail_path or "").exists() and Path(job.spritesheet_path or "").exists()


def test_submit_committed_with_remote_id_resumes_polling_after_restart(store: Store,
                                                                       animatic: AnimaticBackend) -> None:
    job = tiny_job(store)
    store.update(job.id, state=JobState.SUBMITTING)
    remote = animatic.create(CreateRequest(prompt=job.prompt, model=job.model, size=job.size, seconds=job.seconds,
                                           idempotency_key=job.idempotency_key))
    store.update(job.id, remote_id=remote.id)  # "crash" right after the id was stored
    w = Worker(Store(store.path), {"animatic": animatic})
    _done(store, w)
    assert store.get(job.id).state is JobState.COMPLETED
    assert len(list(animatic.root.iterdir())) == 1, "no second create"


def test_crash_between_post_and_id_is_reconciled_not_resubmitted(store: Store, animatic: AnimaticBackend) -> None:
    job = tiny_job(store, prompt="A lighthouse beam sweeps the fog.")
    store.update(job.id, state=JobState.SUBMITTING, submitted_at=job.created_at)
    animatic.create(CreateRequest(prompt=job.prompt, model=job.model, size=job.size, seconds=job.seconds,
                                  idempotency_key=job.idempotency_key))  # the POST happened; its answer was lost
    w = Worker(Store(store.path), {"animatic": animatic})
    w.recover()
    assert store.get(job.id).state is JobState.UNKNOWN
    _done(store, w)
    assert store.get(job.id).state is JobState.COMPLETED
    assert len(list(animatic.root.iterdir())) == 1


class Paid(AnimaticBackend):
    """The animatic backend posing as a paid endpoint, so 'never resend a paid create' is observable."""

    is_paid = True


def test_unknown_paid_job_that_never_reached_the_server_stays_unknown_with_advice(store: Store,
                                                                                  data_dir: Path) -> None:
    paid = Paid(data_dir / "paid")
    job = tiny_job(store, prompt="Never sent.")
    store.update(job.id, state=JobState.SUBMITTING)
    w = Worker(store, {"animatic": paid})
    assert w.run_until_idle(30), "an unresolved unknown job does not keep --wait waiting"
    job = store.get(job.id)
    assert job.state is JobState.UNKNOWN and "check the provider" in (job.error_message or "")
    assert not list(paid.root.iterdir()), "nothing was created on our behalf"


def test_unknown_free_job_is_sent_again_because_it_costs_nothing(store: Store, animatic: AnimaticBackend) -> None:
    job = tiny_job(store, prompt="Lost before the POST.")
    store.update(job.id, state=JobState.SUBMITTING)
    assert Worker(store, {"animatic": animatic}).run_until_idle(60)
    assert store.get(job.id).state is JobState.COMPLETED


class Flaky(AnimaticBackend):
    """Fault injection on top of the real animatic backend (the stand-in server's faults, in-process)."""

    def __init__(self, root: Path, *, create_faults: list[Exception] | None = None,
                 download_faults: int = 0) -> None:
        super().__init__(root)
        self.create_faults = create_faults or []
        self.download_faults = download_faults
        self.create_calls = 0

    def create(self, req: CreateRequest) -> RemoteVideo:
        self.create_calls += 1
        if self.create_faults:
            raise self.create_faults.pop(0)
        return super().create(req)

    def download(self, video_id: str, variant: Variant, dest: Path) -> Path:
        if variant == "video" and self.download_faults:
            self.download_faults -= 1
            dest.write_bytes(b"\x00\x00\x00\x18ftypmp42 truncated")
            return dest
        return super().download(video_id, variant, dest)


def test_rate_limited_create_is_retried_because_nothing_was_created(store: Store, data_dir: Path) -> None:
    b = Flaky(data_dir / "a", create_faults=[RateLimited("slow down", retry_after=0)])
    job = tiny_job(store)
    _done(store, Worker(store, {"animatic": b}))
    assert store.get(job.id).state is JobState.COMPLETED and b.create_calls == 2


def test_5xx_on_create_is_never_resent_automatically(store: Store, data_dir: Path) -> None:
    b = Flaky(data_dir / "a", create_faults=[BackendUnavailable("502 Bad Gateway")])
    b.is_paid = True  # type: ignore[misc]  # the rule is about money: act as a paid endpoint
    job = tiny_job(store)
    w = Worker(store, {"animatic": b})
    for _ in range(5):
        w.step()
    assert b.create_calls == 1 and store.get(job.id).state is JobState.UNKNOWN


def test_truncated_download_is_retried_without_re_rendering(store: Store, data_dir: Path,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("composer.queue.retry.backoff", lambda *a, **k: 0.0)
    b = Flaky(data_dir / "a", download_faults=2)
    job = tiny_job(store)
    _done(store, Worker(store, {"animatic": b}))
    assert store.get(job.id).state is JobState.COMPLETED and b.create_calls == 1


def test_download_that_keeps_failing_ends_in_a_retryable_state(store: Store, data_dir: Path,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("composer.queue.retry.backoff", lambda *a, **k: 0.0)
    b = Flaky(data_dir / "a", download_faults=99)
    job = tiny_job(store)
    _done(store, Worker(store, {"animatic": b}))
    job = store.get(job.id)
    assert job.state is JobState.FAILED and job.error_code == "download_failed"
    assert "Retry download" in (job.error_message or "")
    from composer.queue.service import RenderService

    b.download_faults = 0
    svc = RenderService(store, {"animatic": b})
    svc.retry_download(job.id)
    _done(store, svc.worker)
    assert store.get(job.id).state is JobState.COMPLETED and b.create_calls == 1


def test_verify_rejects_wrong_duration(tmp_path: Path) -> None:
    from composer.animatic.render import render_clip
    from composer.animatic.spec import ClipSpec
    from composer.project.library import verify_video

    clip = render_clip(ClipSpec(160, 96, 2), tmp_path)
    assert abs(verify_video(clip.video, 2) - 2) < 0.1
    try:
        verify_video(clip.video, 8)
    except DownloadError as e:
        assert "lasts 2.00 s, not 8 s" in str(e)
    else:
        raise AssertionError("a 2 s file passed as 8 s")


def test_start_imports_pyav_before_the_queue_thread_runs(tmp_path: Path) -> None:
    """PyAV's first import holds the GIL for milliseconds: on the starting thread, not mid-run on the queue's."""
    code = (
        "import sys\n"
        "from composer.queue.store import Store\n"
        "from composer.queue.worker import Worker\n"
        "assert 'av' not in sys.modules, 'imported before start: this test proves nothing'\n"
        "w = Worker(Store(sys.argv[1]), {})\n"
        "w.start()\n"
        "w.stop()\n"
        "print('av' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "q.sqlite3")], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "True"


def test_a_lazily_made_backend_is_frozen(store: Store) -> None:
    """A backend, and the SDK it imports, made on the queue thread mid-run leave the collector's walks at once."""
    service = RenderService(store)
    gc.unfreeze()
    try:
        backend = service.pool.get(Endpoint())  # made on first use, as the queue thread does
        assert gc.get_freeze_count() > 0
        assert not any(o is backend for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_a_downloaded_take_gets_its_frame_cache_copy(store: Store, animatic: AnimaticBackend,
                                                     media: MediaServices) -> None:
    """The compare view's first seeks into a take the queue brought in are lookups, not GOP decodes."""
    from composer.media.decode import FrameReader, display_size

    job = tiny_job(store)
    _done(store, Worker(store, {"animatic": animatic}, media=media))
    take = Path(store.get(job.id).take_path or "")
    assert media.cache.wait_prepared(60)
    copy = media.cache.open(take, *display_size(160, 96))
    assert copy is not None
    frames = FrameReader(take).frames
    assert copy.frames == frames and copy.planes(frames - 1) is not None
    copy.close()


def test_an_animatic_render_reports_its_progress_while_it_runs(animatic: AnimaticBackend) -> None:
    """Pollers (the queue dock's bar) see the render move, from ticks written beside the durable status writes."""
    seen: list[int] = []
    remote = animatic.create(CreateRequest(prompt="A red kite over dunes.", model="sora-2", size="320x180", seconds=4,
                                           idempotency_key="progress-ticks"))
    while (v := animatic.retrieve(remote.id)).status in ("queued", "in_progress"):
        seen.append(v.progress)
    assert v.status == "completed" and v.progress == 100
    assert any(0 < p < 100 for p in seen), seen
    assert not [p for p in (animatic.root / remote.id).iterdir() if p.suffix == ".tmp"]  # no tick left behind

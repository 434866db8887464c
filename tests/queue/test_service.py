"""RenderService: whether a job costs money is the backend class's answer (is_paid), asked in one place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from composer.document.models import Project, Shot
from composer.queue.backends.animatic import AnimaticBackend
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.media import write_clip


def _project() -> Project:
    return Project(shots=[Shot(subject="A red kite over dunes.", render={"model": "veo-3.1", "seconds": 8,
                                                                         "size": "1280x720"})])


def test_cost_and_cancel_follow_the_backend_class_not_its_name(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flip the class's ``is_paid``: the estimate, the job's cost and the cancel answer all follow it."""
    service = RenderService(store)
    project = _project()
    sid = project.shots[0].id
    assert service.estimate(project, [sid], backend="animatic").cost == 0.0

    monkeypatch.setattr(AnimaticBackend, "is_paid", True)  # an offline backend that charged
    assert service.estimate(project, [sid], backend="animatic").cost > 0
    [job] = service.submit(project, [sid], backend="animatic")
    assert job.cost_estimated > 0
    store.update(job.id, state=JobState.SUBMITTING)
    store.update(job.id, state=JobState.QUEUED, remote_id="video_1")
    assert "money may be spent" in service.cancel(job.id)

    monkeypatch.setattr(AnimaticBackend, "is_paid", False)
    assert "nothing was charged" in service.cancel(job.id)


def test_a_take_is_built_from_copied_files_without_touching_the_disk(store: Store, tmp_path: Path) -> None:
    """The GUI copies a take's files as an operation, then builds the Take on its own thread from what was copied."""
    service = RenderService(store)
    project = _project()
    sid = project.shots[0].id
    job = store.add(backend="animatic", prompt="p", model="sora-2", size="1280x720", seconds=4, shot_id=sid)
    take_file = tmp_path / "library" / "take.mp4"
    take_file.parent.mkdir()
    write_clip(take_file, (np.full((32, 48, 3), 10 * n, np.uint8) for n in range(6)))  # copies are decoded to count
    for state in (JobState.SUBMITTING, JobState.QUEUED, JobState.DOWNLOADING):
        store.update(job.id, state=state)
    job = store.update(job.id, state=JobState.COMPLETED, take_path=str(take_file))
    files = service.copy_take_files(job, tmp_path / "film.slate")
    assert files == {"video": f"film.slate-media/takes/{job.id}.mp4"}
    assert (tmp_path / files["video"]).read_bytes() == take_file.read_bytes()
    take = service.take_from(job, project, files)
    assert take is not None and take.video_path == files["video"] and take.hero and take.job_id == job.id
    project.shots.clear()
    assert service.take_from(job, project, files) is None, "the shot was deleted while the files were copied"


def test_a_cancel_that_loses_the_race_to_the_queue_thread_never_marks_a_sent_job_cancelled(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue thread claims the job (confirmed -> submitting, the create about to go out) between the cancel's
    read and its write. A real thread cannot be made to land in that gap every run, so the read is wrapped to claim
    the job right after it returns: the interleaving, made certain."""
    monkeypatch.setattr(AnimaticBackend, "is_paid", True)  # a job that costs money, as on a real endpoint
    service = RenderService(store)
    project = _project()
    [job] = service.submit(project, [project.shots[0].id], backend="animatic")
    assert job.state is JobState.CONFIRMED
    real_get, raced = store.get, []

    def get_then_the_queue_claims_it(job_id: str) -> object:
        seen = real_get(job_id)
        if not raced:
            raced.append(None)  # once: the claim reads the job too
            raced[0] = store.claim(job_id)
        return seen

    monkeypatch.setattr(store, "get", get_then_the_queue_claims_it)
    said = service.cancel(job.id)
    assert raced and raced[0] is not None  # the queue thread won the job
    assert real_get(job.id).state is JobState.SUBMITTING  # still being sent: it will be polled and fetched
    assert "money may be spent" in said and "nothing was charged" not in said

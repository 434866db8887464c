from __future__ import annotations

import contextlib
import sqlite3

import pytest

from composer.queue.endpoints import Endpoint
from composer.queue.jobs import IllegalTransition, JobState, transition
from composer.queue.store import MIGRATIONS, Store
from tests.queue.conftest import tiny_job


def test_migrations_are_recorded_by_name_and_reopen_cleanly(store: Store) -> None:
    assert store.migrations() == ["0001_jobs_and_ledger", "0002_job_endpoint", "0003_price_unknown",
                                  "0004_chains_and_draft_tier"]
    again = Store(store.path)
    assert again.migrations() == ["0001_jobs_and_ledger", "0002_job_endpoint", "0003_price_unknown",
                                  "0004_chains_and_draft_tier"]


def test_a_job_queued_before_endpoint_columns_keeps_its_endpoint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Rows written by the first schema kept the URL in their hints; the migration moves it into its column."""
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0][1])
    db.execute("CREATE TABLE _slate_migrations (name TEXT PRIMARY KEY, applied_at REAL)")
    db.execute("INSERT INTO _slate_migrations VALUES ('0001_jobs_and_ledger', 0)")
    db.execute("INSERT INTO jobs (id, backend, kind, prompt, model, size, seconds, idempotency_key, state, hints, "
               "created_at, updated_at) VALUES ('job_old', 'openai', 'create', 'p', 'm', '1280x720', 4, 'k', "
               "'queued', '{\"base_url\": \"http://127.0.0.1:9/v1\"}', 0, 0)")
    db.commit()
    db.close()
    store = Store(path)
    job = store.get("job_old")
    assert job.base_url == "http://127.0.0.1:9/v1"
    assert Endpoint.of(job).base_url == "http://127.0.0.1:9/v1"
    # 0004: an old job is a final with no chain parent, and the ledger splits it as final spend
    assert (job.tier, job.after_job, job.after_frame) == ("final", None, None)
    assert store.spend_by_tier()["draft"] == {"estimated": 0.0, "actual": 0.0}


def test_job_row_and_idempotency_key_exist_before_anything_is_sent(store: Store) -> None:
    job = tiny_job(store)
    raw = sqlite3.connect(store.path).execute("SELECT state, idempotency_key FROM jobs WHERE id=?",
                                              (job.id,)).fetchone()
    assert raw[0] == "confirmed" and raw[1].startswith("slate-")


def test_updates_follow_the_transition_table(store: Store) -> None:
    job = tiny_job(store)
    store.update(job.id, state=JobState.SUBMITTING)
    with pytest.raises(IllegalTransition):
        store.update(job.id, state=JobState.COMPLETED)
    assert store.get(job.id).state is JobState.SUBMITTING


def test_every_state_has_a_row_in_the_table() -> None:
    for s in JobState:
        for t in JobState:
            with contextlib.suppress(IllegalTransition):
                transition(s, t)


def test_ledger_keeps_estimate_and_actual(store: Store) -> None:
    job = tiny_job(store, cost_estimated=0.8)
    store.update(job.id, cost_actual=0.8)
    assert store.ledger() == {"estimated": 0.8, "actual": 0.8, "unknown_price": 0.0}


def test_wal_and_integrity(store: Store) -> None:
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal" and store.integrity_ok()


def test_estimate_prices_per_model_and_confirms_above_the_threshold(store: Store) -> None:
    from composer.project import files as project_file
    from composer.queue.service import RenderService

    p = project_file.load(project_file.examples()[0])  # veo-3.1 ($0.40/s, resources/models/veo.toml), 1280x720, 8 s
    svc = RenderService(store, {})
    ids = [s.id for s in p.shots]
    est = svc.estimate(p, ids, backend="openai", variants=2, confirm_above=1.0)
    assert (est.jobs, est.seconds, est.cost, est.needs_confirmation) == (2, 16, 6.4, True)
    assert not svc.estimate(p, ids, backend="openai", confirm_above=5.0).needs_confirmation
    assert svc.estimate(p, ids, backend="animatic", variants=3).cost == 0.0


def test_an_unknown_price_is_unknown_never_zero_and_still_asks(store: Store) -> None:
    from composer.document.models import Project, Shot
    from composer.queue.service import RenderService

    p = Project(shots=[Shot(id="k", render={"model": "kling-v2.5-turbo-pro", "size": "1920x1080", "seconds": 5}),
                       Shot(id="a", render={"model": "acme-video-9"}), Shot(id="v")])
    svc = RenderService(store, {})
    est = svc.estimate(p, ["k", "a"], backend="openai", confirm_above=1000.0)
    assert (est.unknown, est.cost, est.needs_confirmation) == (2, 0.0, True)
    assert est.describe() == "price unknown"
    mixed = svc.estimate(p, ["k", "v"], backend="openai", confirm_above=1000.0)
    assert mixed.describe() == "$3.20 + 1 job(s) of unknown price" and mixed.needs_confirmation
    job = store.add(backend="openai", prompt="x", model="acme-video-9", size="1280x720", seconds=8,
                    price_unknown=True)
    assert store.get(job.id).price_unknown and store.ledger()["unknown_price"] == 1.0
    assert store.ledger()["estimated"] == 0.0

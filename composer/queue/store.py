"""SQLite store for jobs and the spend ledger. WAL, versioned by named migrations, one short transaction per write.

The job row (with its idempotency key) is committed before a request leaves, and the remote id the moment
it is known, so a crash at any point leaves enough on disk to resume without paying twice.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from composer.errors import SlateError
from composer.project import paths
from composer.queue.jobs import JobState, transition


class UnknownJob(SlateError, KeyError):
    """No job with that id in this queue (a KeyError too, for callers that look jobs up)."""

    __str__ = Exception.__str__


class StaleJob(SlateError):
    """The job changed under the caller (another thread or process moved it): its write was not applied."""


class QueueStoreError(SlateError):
    """The queue database could not be read or written (full disk, read-only folder, damaged file)."""


def _store_error(path: str, e: sqlite3.Error) -> QueueStoreError:
    text = str(e)
    if "full" in text or "disk i/o" in text.lower():
        hint = ("The disk is full (or failing): free some space, then run 'slate queue resume'. Nothing was sent "
                "twice.")
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        hint = "Slate's data folder is not writable: fix its permissions, or point SLATE_DATA_DIR elsewhere."
    else:
        hint = "Close other Slate windows and try again; if it persists, move the file aside (jobs are listed in it)."
    return QueueStoreError(f"the queue database {path} could not be used: {text}", hint=hint)

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_jobs_and_ledger", """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY, shot_id TEXT, project_path TEXT, backend TEXT NOT NULL, kind TEXT NOT NULL,
            parent_remote_id TEXT, prompt TEXT NOT NULL, model TEXT NOT NULL, size TEXT NOT NULL,
            seconds INTEGER NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, state TEXT NOT NULL,
            remote_id TEXT, progress INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT,
            take_path TEXT, thumbnail_path TEXT, spritesheet_path TEXT, cost_estimated REAL NOT NULL DEFAULT 0,
            cost_actual REAL, hints TEXT NOT NULL DEFAULT '{}', attempts INTEGER NOT NULL DEFAULT 0,
            next_poll_at REAL NOT NULL DEFAULT 0, deadline_at REAL, submitted_at REAL,
            created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE INDEX jobs_state ON jobs(state);
        CREATE TABLE ledger (id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, kind TEXT NOT NULL,
                             amount REAL NOT NULL, at REAL NOT NULL);
    """),
    # The endpoint a job was queued for, in columns of its own (it was a hint): every call about the job uses it.
    ("0002_job_endpoint", """
        ALTER TABLE jobs ADD COLUMN base_url TEXT;
        ALTER TABLE jobs ADD COLUMN dialect TEXT;
        ALTER TABLE jobs ADD COLUMN organization TEXT;
        UPDATE jobs SET base_url = json_extract(hints, '$.base_url')
            WHERE json_extract(hints, '$.base_url') IS NOT NULL
    """),
    # A model no profile prices: the estimate is unknown, not $0 (issue 15); the ledger says so too.
    ("0003_price_unknown", """
        ALTER TABLE jobs ADD COLUMN price_unknown INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ledger ADD COLUMN known INTEGER NOT NULL DEFAULT 1
    """),
    # Sequences (issue 20): a chained job names the job (or the take file) whose last frame it starts on, and is not
    # sent before that frame exists; drafts and finals are told apart in the jobs and in the ledger.
    ("0004_chains_and_draft_tier", """
        ALTER TABLE jobs ADD COLUMN after_job TEXT;
        ALTER TABLE jobs ADD COLUMN after_frame TEXT;
        ALTER TABLE jobs ADD COLUMN tier TEXT NOT NULL DEFAULT 'final';
        ALTER TABLE ledger ADD COLUMN tier TEXT NOT NULL DEFAULT 'final';
        CREATE INDEX jobs_after ON jobs(after_job)
    """),
]
TIERS = ("draft", "final")


@dataclass
class Job:
    id: str
    backend: str
    kind: str
    prompt: str
    model: str
    size: str
    seconds: int
    idempotency_key: str
    state: JobState
    shot_id: str | None = None
    project_path: str | None = None
    parent_remote_id: str | None = None
    remote_id: str | None = None
    progress: int = 0
    error_code: str | None = None
    error_message: str | None = None
    take_path: str | None = None
    thumbnail_path: str | None = None
    spritesheet_path: str | None = None
    cost_estimated: float = 0.0
    cost_actual: float | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    next_poll_at: float = 0.0
    deadline_at: float | None = None
    submitted_at: float | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    base_url: str | None = None
    dialect: str | None = None
    organization: str | None = None
    price_unknown: bool = False
    after_job: str | None = None  # the job whose take's last frame this one starts on (a chain)
    after_frame: str | None = None  # or a take file already made (the shot before a chain's first)
    tier: str = "final"  # "draft" (cheap settings, see ModelProfile.draft) or "final"

    def public(self) -> dict[str, Any]:
        """The JSON shape of `slate queue list --format json`."""
        d = asdict(self)
        d["shot"] = d.pop("shot_id")
        d["state"] = str(self.state)
        d.pop("hints")
        return d


def default_path() -> Path:
    return paths.data_dir() / "queue.sqlite3"


class Store:
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path or default_path())
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._lock = threading.RLock()
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.row_factory = sqlite3.Row
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.Error as e:
            raise _store_error(self.path, e) from None
        except OSError as e:
            raise QueueStoreError(f"the queue database {self.path} could not be created: {e.strerror or e}",
                                  hint="Slate's data folder is not writable: fix its permissions, or point "
                                       "SLATE_DATA_DIR elsewhere.") from None

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise _store_error(self.path, e) from None
            try:
                yield self._db
            except BaseException as e:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise _store_error(self.path, e) from None
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as e:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise _store_error(self.path, e) from None

    def _migrate(self) -> None:
        with self._tx() as db:
            db.execute("CREATE TABLE IF NOT EXISTS _slate_migrations (name TEXT PRIMARY KEY, applied_at REAL)")
            done = {r[0] for r in db.execute("SELECT name FROM _slate_migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    for stmt in filter(str.strip, sql.split(";")):
                        db.execute(stmt)
                    db.execute("INSERT INTO _slate_migrations VALUES (?, ?)", (name, time.time()))

    def migrations(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM _slate_migrations ORDER BY name")]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- jobs ------------------------------------------------------------------------------
    def add(self, *, backend: str, prompt: str, model: str, size: str, seconds: int, kind: str = "create",
            shot_id: str | None = None, project_path: str | None = None, parent_remote_id: str | None = None,
            cost_estimated: float = 0.0, hints: dict[str, Any] | None = None,
            state: JobState = JobState.CONFIRMED, deadline_s: float = 3600, base_url: str | None = None,
            dialect: str | None = None, organization: str | None = None, price_unknown: bool = False,
            after_job: str | None = None, after_frame: str | None = None, tier: str = "final") -> Job:
        """Commit a new job (and its estimate in the ledger); a job with ``after_job``/``after_frame`` waits."""
        if tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}, not {tier!r}")
        if after_job or after_frame:
            state = JobState.WAITING
        now = time.time()
        job = Job(id=f"job_{uuid.uuid4().hex[:12]}", backend=backend, kind=kind, prompt=prompt, model=model,
                  size=size, seconds=seconds, idempotency_key=f"slate-{uuid.uuid4().hex}", state=state,
                  shot_id=shot_id, project_path=project_path, parent_remote_id=parent_remote_id,
                  cost_estimated=cost_estimated, hints=hints or {}, deadline_at=now + deadline_s,
                  created_at=now, updated_at=now, base_url=base_url, dialect=dialect, organization=organization,
                  price_unknown=price_unknown, after_job=after_job, after_frame=after_frame, tier=tier)
        row = asdict(job)
        row["hints"] = json.dumps(job.hints)
        row["state"] = str(job.state)
        row["price_unknown"] = int(price_unknown)
        with self._tx() as db:
            db.execute(f"INSERT INTO jobs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
            db.execute("INSERT INTO ledger (job_id, kind, amount, at, known, tier) VALUES (?, 'estimate', ?, ?, ?, ?)",
                       (job.id, cost_estimated, now, int(not price_unknown), tier))
        return job

    def _job(self, r: sqlite3.Row) -> Job:
        d = dict(r)
        d["hints"] = json.loads(d["hints"] or "{}")
        d["state"] = JobState(d["state"])
        d["price_unknown"] = bool(d.get("price_unknown"))
        return Job(**d)

    def get(self, job_id: str) -> Job:
        with self._lock:
            try:
                r = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            except sqlite3.Error as e:
                raise _store_error(self.path, e) from None
        if r is None:
            raise UnknownJob(f"there is no job '{job_id}' in this queue",
                             hint="'slate queue list' shows the jobs; ids look like job_0123456789ab.")
        return self._job(r)

    def jobs(self, states: set[JobState] | frozenset[JobState] | None = None) -> list[Job]:
        """All jobs, or those in ``states`` (filtered in SQL: the worker asks ten times a second)."""
        with self._lock:
            try:
                if states is None:
                    rows = self._db.execute("SELECT * FROM jobs ORDER BY created_at").fetchall()
                else:
                    marks = ",".join("?" * len(states))
                    rows = self._db.execute(f"SELECT * FROM jobs WHERE state IN ({marks}) ORDER BY created_at",
                                            [s.value for s in states]).fetchall()
            except sqlite3.Error as e:
                raise _store_error(self.path, e) from None
        return [self._job(r) for r in rows]

    def update(self, job_id: str, *, state: JobState | None = None, expect: JobState | None = None,
               **values: Any) -> Job:
        """Commit new values (and a legal state change) for one job, immediately.

        ``expect``: the state the caller read; if the row has moved on since (another thread or process wrote it),
        nothing is written and StaleJob is raised. Read and write share one IMMEDIATE transaction, so this is an
        atomic compare-and-set across processes: of two runners claiming one confirmed job, only one gets it.
        A change to the state the job already has is checked like any other (issue 19: skipping that check let a
        second runner "move" a job to submitting that the first was already sending, and send it again).
        """
        with self._tx() as db:
            r = db.execute("SELECT state, tier FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if r is None:
                raise UnknownJob(f"there is no job '{job_id}' in this queue")
            current = JobState(r[0])
            if expect is not None and current is not expect:
                raise StaleJob(f"{job_id} is {current} now, not {expect}")
            if state is not None:
                values["state"] = str(transition(current, state))
            if isinstance(values.get("hints"), dict):
                values["hints"] = json.dumps(values["hints"])
            values["updated_at"] = time.time()
            db.execute(f"UPDATE jobs SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                       [*values.values(), job_id])
            if "cost_actual" in values and values["cost_actual"] is not None:
                db.execute("INSERT INTO ledger (job_id, kind, amount, at, tier) VALUES (?, 'actual', ?, ?, ?)",
                           (job_id, values["cost_actual"], time.time(), r[1]))
        return self.get(job_id)

    def claim(self, job_id: str) -> Job | None:
        """Move a confirmed job to submitting, atomically; None if it is not confirmed any more (another has it)."""
        try:
            return self.update(job_id, state=JobState.SUBMITTING, expect=JobState.CONFIRMED, submitted_at=time.time())
        except StaleJob:
            return None

    def ledger(self) -> dict[str, float]:
        """Spend so far; ``unknown_price`` counts estimates no profile could price (they are not in the sums)."""
        rows = self._db.execute("SELECT kind, SUM(amount) FROM ledger WHERE known = 1 GROUP BY kind").fetchall()
        totals = {k: round(v or 0.0, 2) for k, v in rows}
        unknown = self._db.execute("SELECT COUNT(*) FROM ledger WHERE known = 0").fetchone()[0]
        return {"estimated": totals.get("estimate", 0.0), "actual": totals.get("actual", 0.0),
                "unknown_price": float(unknown)}

    def spend_by_tier(self) -> dict[str, dict[str, float]]:
        """The ledger split into draft and final spend (estimated and actual, known prices only)."""
        out = {t: {"estimated": 0.0, "actual": 0.0} for t in TIERS}
        rows = self._db.execute("SELECT tier, kind, SUM(amount) FROM ledger WHERE known = 1 GROUP BY tier, kind")
        for tier, kind, total in rows.fetchall():
            out.setdefault(tier, {"estimated": 0.0, "actual": 0.0})
            out[tier]["estimated" if kind == "estimate" else "actual"] = round(total or 0.0, 2)
        return out

    def children(self, job_id: str) -> list[Job]:
        """Jobs that wait on ``job_id``'s take (its chain successors)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM jobs WHERE after_job = ? ORDER BY created_at", (job_id,)).fetchall()
        return [self._job(r) for r in rows]

    def integrity_ok(self) -> bool:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"

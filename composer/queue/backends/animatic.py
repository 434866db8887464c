"""The offline default backend: renders animatics locally, costs nothing, and survives restarts.

It speaks the same protocol as a remote endpoint (create -> id, retrieve -> status, download -> file) so
the queue, its crash recovery and the UI are exercised by the default path too. A render interrupted by a
restart is simply rendered again under the same id: it is free, and the take is written once.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from composer.animatic.render import render_clip
from composer.animatic.spec import pinned, spec_from_hints
from composer.errors import DownloadError, Rejected
from composer.project import files as project_file
from composer.project import paths
from composer.queue.backends.base import CreateRequest, RemoteCharacter, RemoteVideo, Variant

_FILES = {"video": "take.mp4", "thumbnail": "take.webp", "spritesheet": "take.sprites.jpg"}


class AnimaticBackend:
    name = "animatic"
    is_paid = False

    def __init__(self, root: Path | None = None, *, max_parallel: int = 1) -> None:
        self.root = root or paths.data_dir() / "animatic"
        self.root.mkdir(parents=True, exist_ok=True)
        self._threads: dict[str, threading.Thread] = {}
        self._slots = threading.Semaphore(max_parallel)
        self._lock = threading.Lock()

    def _dir(self, vid: str) -> Path:
        return self.root / vid

    def _read(self, vid: str) -> dict:  # type: ignore[type-arg]
        try:
            return json.loads((self._dir(vid) / "job.json").read_text())  # type: ignore[no-any-return]
        except FileNotFoundError:
            raise Rejected(f"no animatic job {vid}", code="not_found") from None

    def _write(self, vid: str, data: dict, *, durable: bool = True) -> None:  # type: ignore[type-arg]
        d = self._dir(vid)
        d.mkdir(parents=True, exist_ok=True)
        if durable:
            project_file.atomic_write(d / "job.json", json.dumps(data).encode(), keep_backup=False)
            return
        # A progress tick: renamed into place whole, but not fsynced. It changes nothing a crash could lose (the
        # status was written durably before it), and ten fsyncs cost the render ~0.1 s it waits for.
        tmp = d / f".job.json.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_bytes(json.dumps(data).encode())
        os.replace(tmp, d / "job.json")

    def create(self, req: CreateRequest) -> RemoteVideo:
        vid = f"anim_{uuid.uuid5(uuid.NAMESPACE_URL, req.idempotency_key).hex}"  # same key -> same job
        if not (self._dir(vid) / "job.json").exists():
            # The first and last frame a request pins (a chain's previous frame, Veo's last_frame): copied in, so
            # the render does not depend on files elsewhere staying put.
            pins: dict[str, str] = {}
            for name, src in (("first_frame", req.input_reference), ("last_frame", req.end_frame)):
                if src is not None and src.exists():
                    dest = self._dir(vid) / f"{name}{src.suffix.lower() or '.png'}"
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dest)
                    pins[name] = str(dest)
            self._write(vid, {"id": vid, "status": "queued", "progress": 0, "prompt": req.prompt, "model": req.model,
                              "size": req.size, "seconds": req.seconds, "hints": req.animatic,
                              "created_at": int(time.time()), **pins})
        self._ensure_running(vid)
        return self.retrieve(vid)

    def _ensure_running(self, vid: str) -> None:
        with self._lock:
            t = self._threads.get(vid)
            if t is not None and t.is_alive():
                return
            data = self._read(vid)
            if data["status"] in ("completed", "failed"):
                return
            t = threading.Thread(target=self._render, args=(vid,), name=f"animatic-{vid}", daemon=True)
            self._threads[vid] = t
            t.start()

    def _render(self, vid: str) -> None:
        with self._slots:
            data = self._read(vid)
            w, h = (int(x) for x in data["size"].split("x"))
            spec = pinned(spec_from_hints(data.get("hints") or {}, width=w, height=h, seconds=data["seconds"],
                                          prompt=data["prompt"]), data.get("first_frame"), data.get("last_frame"))
            data.update(status="in_progress")
            self._write(vid, data)

            def progress(p: float) -> None:
                pct = int(p * 100)
                if pct - int(data.get("progress", 0)) >= 10:  # a few small writes, so pollers see it move
                    data["progress"] = pct
                    self._write(vid, data, durable=False)

            try:
                render_clip(spec, self._dir(vid), stem="take", progress=progress)
            except Exception as e:  # a failed local render is a failed job with its reason, not a crash
                data.update(status="failed", error_code="render_failed", error_message=str(e))
            else:
                data.update(status="completed", progress=100, completed_at=int(time.time()))
            self._write(vid, data)

    def retrieve(self, video_id: str) -> RemoteVideo:
        data = self._read(video_id)
        if data["status"] in ("queued", "in_progress"):
            self._ensure_running(video_id)  # after a restart, pick the render up again
        return RemoteVideo(id=video_id, status=data["status"], progress=int(data.get("progress", 0)),
                           model=data["model"], size=data["size"], seconds=int(data["seconds"]),
                           prompt=data["prompt"], created_at=data.get("created_at"),
                           completed_at=data.get("completed_at"), error_code=data.get("error_code"),
                           error_message=data.get("error_message"), poll_after_ms=50)  # local: a poll is a file read

    def list(self, *, limit: int = 100, after: str | None = None) -> list[RemoteVideo]:
        ids = sorted(p.name for p in self.root.iterdir() if (p / "job.json").exists())
        return [self.retrieve(i) for i in ids][:limit]

    def delete(self, video_id: str) -> None:
        shutil.rmtree(self._dir(video_id), ignore_errors=True)

    def download(self, video_id: str, variant: Variant, dest: Path) -> Path:
        src = self._dir(video_id) / _FILES[variant]
        if not src.exists():
            raise DownloadError(f"the animatic {variant} for {video_id} is missing")
        shutil.copyfile(src, dest)
        return dest

    def _derived(self, video_id: str, prompt: str, idempotency_key: str, seconds: int | None = None) -> RemoteVideo:
        parent = self._read(video_id)
        if parent["status"] != "completed":
            raise Rejected(f"{video_id} is not completed yet", code="invalid_state")
        # The new prompt is what changed (a remix is one change): the spec is read from it, and the parent's
        # hints only lend what text cannot carry (hex colours, beat times, who the figures are).
        req = CreateRequest(prompt=prompt, model=parent["model"], size=parent["size"],
                            seconds=seconds if seconds is not None else parent["seconds"],
                            idempotency_key=idempotency_key, animatic=dict(parent.get("hints") or {}, derived=True))
        return self.create(req)

    def remix(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(video_id, prompt, idempotency_key)

    def edit(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(video_id, prompt, idempotency_key)

    def extend(self, video_id: str, prompt: str, seconds: int, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(video_id, prompt, idempotency_key, seconds)

    def create_character(self, name: str, video: Path) -> RemoteCharacter:
        return RemoteCharacter(id=f"char_{uuid.uuid4().hex}", name=name, created_at=int(time.time()))

    def get_character(self, character_id: str) -> RemoteCharacter:
        return RemoteCharacter(id=character_id, name=None)

    def wait_idle(self, timeout: float = 60) -> None:
        """Tests: wait until no render thread is running."""
        end = time.time() + timeout
        for t in list(self._threads.values()):
            t.join(max(0.0, end - time.time()))

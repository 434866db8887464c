"""A wire-faithful local stand-in of the (shut down) OpenAI Videos API, with fault injection.

The real openai SDK talks to it unmodified through ``base_url`` (shared/reference/videos-api.md §10):
multipart and JSON bodies, the error envelope, string ``seconds``, cursor pagination with ``last_id``,
``openai-poll-after-ms``, binary content variants. Acknowledged jobs are persisted, so a restarted
stand-in loses nothing; a repeated ``Idempotency-Key`` answers with the first job; ``/_standin/stats``
counts creates per prompt so tests can prove nothing was paid twice.

Every profiled model (``resources/models/``) is served with that model's sizes and durations; a wrong one gets
OpenAI's error envelope. ``dialect="vllm-omni"`` speaks vLLM-Omni's shape instead: width/height/num_frames/fps
fields, a bare ``{id, status, created_at}`` create answer, ``video-…`` ids, DELETE at any state, one served model.
``/_standin/requests`` returns the form fields of the last creates as received (the preview's byte-equality test);
``/_standin/stats`` lists every create (``creates_log``) with whether it carried a reference image (and a last
frame) and their SHA-256, so a chain test can prove which frame was sent.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from composer.catalog import families, loader
from composer.catalog.profiles import Mode
from composer.errors import redact
from composer.project import files as project_file
from composer.standin.faults import Faults

VARIANTS = {"video": ("take.mp4", "video/mp4"), "thumbnail": ("take.webp", "image/webp"),
            "spritesheet": ("take.sprites.jpg", "image/jpeg")}


@dataclass
class StandinConfig:
    state_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="slate-standin-")))
    speed: float = 1.0  # a job takes job_seconds / speed to finish
    job_seconds: float = 3.0
    poll_after_ms: int = 200
    faults: str = ""
    seed: int = 0
    mode: Mode = Mode.STRICT
    content_scale: float = 1.0  # render content smaller than the requested size (tests); 1.0 is faithful
    ttl: int = 3600
    bad_key: str | None = None
    dialect: str = "openai"  # or "vllm-omni"
    served_model: str = "Wan-AI/Wan2.2-T2V-A14B-Diffusers"  # vllm-omni serves one model
    # False: ignore Idempotency-Key, as many compatible endpoints do, so every create POST makes (and bills) a job.
    # The race tests use it: only Slate itself may then keep a job from being paid twice.
    idempotency: bool = True


def _err(status: int, message: str, *, type_: str = "invalid_request_error", param: str | None = None,
         code: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": type_, "param": param, "code": code}},
                        status_code=status, headers=headers)


class State:
    """Jobs, characters and counters, persisted to ``state.json`` on every acknowledged change."""

    def __init__(self, config: StandinConfig) -> None:
        self.config = config
        self.path = config.state_dir / "state.json"
        self.lock = threading.RLock()
        self.videos: dict[str, dict[str, Any]] = {}
        self.characters: dict[str, dict[str, Any]] = {}
        self.idempotency: dict[str, str] = {}
        self.stats: dict[str, Any] = {"creates": 0, "create_requests": 0, "creates_by_prompt": {},
                                      "requests_by_path": {}, "received": [], "creates_log": []}
        self.render_locks: dict[str, threading.Lock] = {}
        if self.path.exists():
            data = json.loads(self.path.read_text())
            self.videos, self.characters = data["videos"], data["characters"]
            self.idempotency, self.stats = data["idempotency"], data["stats"]

    def save(self) -> None:
        with self.lock:
            data = {"videos": self.videos, "characters": self.characters, "idempotency": self.idempotency,
                    "stats": self.stats}
            project_file.atomic_write(self.path, json.dumps(data).encode(), keep_backup=False)

    def view(self, v: dict[str, Any], *, at: float | None = None) -> dict[str, Any]:
        """The Video object at this moment (or at ``at``): status and progress follow the wall clock."""
        now = time.time() if at is None else at
        out = {k: v[k] for k in ("id", "object", "model", "prompt", "seconds", "size", "created_at",
                                 "remixed_from_video_id")}
        out.update(status="queued", progress=0, completed_at=None, expires_at=None, error=None)
        duration = self.config.job_seconds / max(self.config.speed, 1e-6)
        t = (now - v["accepted_at"]) / duration
        if v.get("fail_code") and t >= 0.5:
            out.update(status="failed", completed_at=int(v["accepted_at"] + duration / 2),
                       error={"code": v["fail_code"], "message": v.get("fail_message") or "The render failed."})
        elif v.get("stuck"):
            out.update(status="in_progress", progress=min(99, int(t * 100)))
        elif t >= 1:
            done = int(v["accepted_at"] + duration)
            expire = Faults.parse(self.config.faults).expire_after()
            out.update(status="completed", progress=100, completed_at=done,
                       expires_at=done + int(expire if expire is not None else self.config.ttl))
        elif t >= 0.15:
            out.update(status="in_progress", progress=max(1, int(t * 100)))
        return out


def create_app(config: StandinConfig | None = None) -> Starlette:
    config = config or StandinConfig()
    config.state_dir.mkdir(parents=True, exist_ok=True)
    state = State(config)
    faults = Faults.parse(config.faults, config.seed)

    def count(request: Request) -> None:
        key = f"{request.method} {request.url.path}"
        with state.lock:
            state.stats["requests_by_path"][key] = state.stats["requests_by_path"].get(key, 0) + 1

    async def inject(request: Request, scope: str, prompt: str = "") -> Response | None:
        scenario = request.headers.get("x-standin-scenario", "")
        fired = faults.pick(scope, prompt)
        kinds = [r.kind for r in fired] + [s for s in scenario.split(",") if s and ":" not in s]
        request.state.fired = kinds
        request.state.fired_rules = fired
        for rule in fired:
            if rule.kind == "slow":
                await asyncio.sleep(rule.seconds or 2)
            if rule.kind == "timeout":
                await asyncio.sleep(rule.seconds or 30)  # then answers, to a client that may have given up
        if "reset" in kinds:
            raise ConnectionResetError("injected reset")
        if "timeout" in kinds and not any(r.kind == "timeout" for r in fired):
            await asyncio.sleep(30)
        if "moderation-sync" in kinds:
            return _err(400, "Your request was blocked by our moderation system.", code="moderation_blocked")
        if "429-bare" in kinds:
            return _err(429, "Rate limit reached for sora-2 in organization org-standin on requests per min (RPM).",
                        type_="requests", code="rate_limit_exceeded")
        if "429" in kinds:
            return _err(429, "Rate limit reached for sora-2 in organization org-standin on requests per min (RPM): "
                             "Limit 25, Used 25, Requested 1. Please try again in 0.05s.", type_="requests",
                        code="rate_limit_exceeded",
                        headers={"retry-after": "0", "retry-after-ms": "50", "x-ratelimit-limit-requests": "25",
                                 "x-ratelimit-remaining-requests": "0"})
        for status in ("500", "502", "503"):
            if status in kinds:
                return _err(int(status), "The server had an error while processing your request. Sorry about that!",
                            type_="server_error")
        return None

    def auth(request: Request) -> Response | None:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not token or token == config.bad_key:
            return _err(401, "Incorrect API key provided. You can find your API key in your account settings.",
                        code="invalid_api_key")
        return None

    async def body(request: Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        ctype = request.headers.get("content-type", "")
        fields: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        request.state.filenames = {}
        if ctype.startswith("multipart/form-data"):
            form = await request.form()
            for key, value in form.multi_items():
                if hasattr(value, "read"):
                    files[key] = await value.read()
                    request.state.filenames[key] = getattr(value, "filename", None) or "upload"
                elif key == "characters[][id]":
                    fields.setdefault("characters", []).append({"id": value})
                elif key.endswith("[id]") or key.endswith("[file_id]") or key.endswith("[image_url]"):
                    name, _, sub = key.partition("[")
                    fields.setdefault(name, {})[sub.rstrip("]")] = value
                else:
                    fields[key] = value
        elif ctype.startswith("application/json"):
            raw = await request.body()
            try:
                fields = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                raise ValueError("We could not parse the JSON body of your request.") from None
            if not isinstance(fields, dict):
                raise ValueError("The request body must be a JSON object.")
        return fields, files

    vllm = config.dialect == "vllm-omni"

    def validate(fields: dict[str, Any], *, need_model: bool = True) -> Response | tuple[str, str, str, int]:
        prompt = fields.get("prompt")
        limit = 32000
        model = str(fields.get("model") or (config.served_model if vllm else "sora-2"))
        profile = loader.lookup(model)
        if profile is not None and profile.prompt_max_chars:
            limit = profile.prompt_max_chars
        if not isinstance(prompt, str) or not 1 <= families.prompt_length(model, prompt) <= limit:
            return _err(400, "Missing required parameter: 'prompt'." if not prompt else
                        "Invalid 'prompt': string too long.", param="prompt", code="invalid_value")
        if profile is None:
            known = ", ".join(f"'{p.name}'" for p in loader.catalog().profiles)
            return _err(400, f"Invalid value: '{model}'. Supported values are: {known}.",
                        param="model", code="invalid_value")
        sizes, durations = profile.sizes_in(config.mode), profile.durations_in(config.mode)
        if vllm and fields.get("width") and fields.get("height") and not fields.get("size"):
            fields["size"] = f"{fields['width']}x{fields['height']}"
        size = str(fields.get("size") or sizes[0])
        if size not in sizes:
            allowed = ", ".join(f"'{s}'" for s in sizes)
            return _err(400, f"Invalid value: '{size}'. Supported values are: {allowed}.", param="size",
                        code="invalid_value")
        try:
            if vllm and not fields.get("seconds") and fields.get("num_frames") and fields.get("fps"):
                seconds = int(fields["num_frames"]) // int(fields["fps"])
            else:
                seconds = int(str(fields.get("seconds") or durations[0]))
        except ValueError:
            seconds = -1
        if seconds not in durations:
            allowed = ", ".join(f"'{s}'" for s in durations)
            return _err(400, f"Invalid value: '{fields.get('seconds')}'. Supported values are: {allowed}.",
                        param="seconds", code="invalid_value")
        return prompt, model, size, seconds

    def new_video(prompt: str, model: str, size: str, seconds: int, **extra: Any) -> dict[str, Any]:
        vid = ("video-" + secrets.token_hex(8)) if vllm else ("video_" + secrets.token_hex(24))
        v = {"id": vid, "object": "video", "model": model, "prompt": prompt, "seconds": str(seconds), "size": size,
             "created_at": int(time.time()), "accepted_at": time.time(), "remixed_from_video_id": None, **extra}
        if "[[fail:" in prompt:
            v["fail_code"] = prompt.split("[[fail:", 1)[1].split("]]", 1)[0]
        return v

    async def accept(request: Request, make: Any) -> Response:
        """Shared path of every paid POST: auth, faults, idempotency, persistence, counting."""
        count(request)
        if (r := auth(request)) is not None:
            return r
        try:
            fields, files = await body(request)
        except ValueError as e:
            return _err(400, str(e))
        prompt = str(fields.get("prompt") or "")
        if (r := await inject(request, "create", prompt)) is not None:
            return r
        key = request.headers.get("idempotency-key")
        with state.lock:
            state.stats["create_requests"] += 1
            if key and config.idempotency and key in state.idempotency and state.idempotency[key] in state.videos:
                return JSONResponse(state.view(state.videos[state.idempotency[key]]))
        # What arrived, field by field (files by name), for the preview's byte-equality test.
        got = {k: v for k, v in fields.items() if isinstance(v, str)}
        got.update({k: f"@{request.state.filenames.get(k, 'upload')}" for k in files})
        made = make(fields, files)
        if isinstance(made, Response):
            return made
        with state.lock:
            state.stats["received"] = [*state.stats.get("received", [])[-49:], got]
            state.stats.setdefault("creates_log", []).append(_create_record(made, files))
        scenario = request.headers.get("x-standin-scenario", "")
        for rule in faults.rules:
            if rule.kind == "moderation" and rule.keyword and rule.keyword in prompt.lower():
                made["fail_code"] = "moderation_blocked"
                made["fail_message"] = "Your request was blocked by our moderation system."
            if rule.kind == "stuck" and rule.keyword and rule.keyword in prompt.lower():
                made["stuck"] = True
        for rule in getattr(request.state, "fired_rules", ()):
            if rule.kind == "fail":  # the job is made (and billed) but its render fails
                made["fail_code"] = rule.code or "internal_error"
        if "stuck" in scenario:
            made["stuck"] = True
        if "fail:" in scenario:
            made["fail_code"] = scenario.split("fail:", 1)[1].split(",")[0]
        with state.lock:
            state.videos[made["id"]] = made
            if key:
                state.idempotency[key] = made["id"]
            state.stats["creates"] += 1
            by = state.stats["creates_by_prompt"]
            by[made["prompt"]] = by.get(made["prompt"], 0) + 1
            state.save()  # acknowledged only once it is on disk
        if "lost" in getattr(request.state, "fired", ()):
            raise ConnectionResetError("injected lost answer: the job exists, the client never hears of it")
        if vllm:  # vLLM-Omni's create answers with the bare job record
            return JSONResponse({"id": made["id"], "status": "queued", "created_at": made["created_at"]})
        return JSONResponse(state.view(made, at=made["accepted_at"]))  # as accepted: queued, as the API answers

    async def create(request: Request) -> Response:
        def make(fields: dict[str, Any], files: dict[str, bytes]) -> Any:
            ok = validate(fields)
            if isinstance(ok, Response):
                return ok
            prompt, model, size, seconds = ok
            if isinstance(fields.get("input_reference"), str):
                return _err(400, "Invalid type for 'input_reference': expected a file, but got a string instead.",
                            param="input_reference", code="invalid_type")
            chars = fields.get("characters") or []
            cap = getattr(loader.lookup(model), "characters", 0)
            if len(chars) > cap:
                return _err(400, f"At most {cap} characters are supported per video.", param="characters")
            if "input_reference" in files:
                problem = _check_image(files["input_reference"], size)
                if problem:
                    return _err(400, problem, param=None)
                ref = config.state_dir / f"ref_{secrets.token_hex(6)}"
                ref.write_bytes(files["input_reference"])
                extra = {"reference": str(ref)}
                if "last_frame" in files:  # Veo's end frame: the content ends on it
                    last = config.state_dir / f"last_{secrets.token_hex(6)}"
                    last.write_bytes(files["last_frame"])
                    extra["last_frame"] = str(last)
                return new_video(prompt, model, size, seconds, **extra)
            return new_video(prompt, model, size, seconds)
        return await accept(request, make)

    def source(vid: str) -> dict[str, Any] | Response:
        v = state.videos.get(vid)
        if v is None or v.get("deleted"):
            return _err(404, f"Video with id '{vid}' not found.")
        if state.view(v)["status"] != "completed":
            return _err(400, f"Video '{vid}' is not completed yet.", param="video_id", code="invalid_state")
        return v

    async def remix(request: Request) -> Response:
        vid = request.path_params["video_id"]

        def make(fields: dict[str, Any], _files: dict[str, bytes]) -> Any:
            src = source(vid)
            if isinstance(src, Response):
                return src
            prompt = fields.get("prompt")
            if not isinstance(prompt, str) or not prompt:
                return _err(400, "Missing required parameter: 'prompt'.", param="prompt")
            return new_video(prompt, src["model"], src["size"], int(src["seconds"]), remixed_from_video_id=vid)
        return await accept(request, make)

    def derived(extend: bool) -> Any:
        async def handler(request: Request) -> Response:
            def make(fields: dict[str, Any], files: dict[str, bytes]) -> Any:
                ref = fields.get("video")
                vid = ref.get("id") if isinstance(ref, dict) else None
                if vid is None:
                    if "video" in files:
                        return _err(400, "Editing uploaded videos is limited to eligible customers.", param="video")
                    return _err(400, "Missing required parameter: 'video'.", param="video")
                src = source(vid)
                if isinstance(src, Response):
                    return src
                prompt = fields.get("prompt")
                if not isinstance(prompt, str) or not prompt:
                    return _err(400, "Missing required parameter: 'prompt'.", param="prompt")
                seconds = int(src["seconds"])
                chain = int(src.get("extensions", 0))
                if extend:
                    add = int(str(fields.get("seconds") or "4"))
                    prof = loader.lookup(src["model"])
                    most, total = (prof.max_extensions, prof.max_extension_seconds) if prof else (0, 0)
                    if chain + 1 > most or seconds + add > total:
                        return _err(400, f"A video can be extended at most {most} times and to at most "
                                         f"{total} seconds.", param="video")
                    return new_video(prompt, src["model"], src["size"], seconds + add, extensions=chain + 1)
                return new_video(prompt, src["model"], src["size"], seconds)
            return await accept(request, make)
        return handler

    async def retrieve(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        vid = request.path_params["video_id"]
        if (r := await inject(request, "poll")) is not None:
            return r
        v = state.videos.get(vid)
        if v is None or v.get("deleted"):
            return _err(404, f"Video with id '{vid}' not found.")
        view = state.view(v)
        headers = {"openai-poll-after-ms": str(config.poll_after_ms)} if view["status"] in ("queued",
                                                                                              "in_progress") else {}
        return JSONResponse(view, headers=headers)

    async def delete(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        vid = request.path_params["video_id"]
        v = state.videos.get(vid)
        if v is None or v.get("deleted"):
            return _err(404, f"Video with id '{vid}' not found.")
        if state.view(v)["status"] not in ("completed", "failed") and not vllm:  # vLLM-Omni: DELETE aborts a job
            return _err(400, "Only completed or failed videos can be deleted.", param="video_id")
        with state.lock:
            v["deleted"] = True
            state.save()
        return JSONResponse({"id": vid, "object": "video.deleted", "deleted": True})

    async def list_videos(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        if (r := await inject(request, "list")) is not None:
            return r
        try:
            limit = int(request.query_params.get("limit", "20"))
        except ValueError:
            limit = -1
        if not 1 <= limit <= 100:
            return _err(400, "Invalid 'limit': must be between 1 and 100.", param="limit")
        order = request.query_params.get("order", "desc")
        items = sorted((v for v in state.videos.values() if not v.get("deleted")),
                       key=lambda v: (v["accepted_at"], v["id"]), reverse=order != "asc")
        after = request.query_params.get("after")
        if after:
            ids = [v["id"] for v in items]
            if after not in ids:
                return _err(400, f"Invalid 'after': no video '{after}'.", param="after")
            items = items[ids.index(after) + 1:]
        page = [state.view(v) for v in items[:limit]]
        return JSONResponse({"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                             "last_id": page[-1]["id"] if page else None, "has_more": len(items) > limit})

    async def content(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        vid = request.path_params["video_id"]
        variant = request.query_params.get("variant", "video")
        if variant not in VARIANTS:
            return _err(400, f"Invalid value: '{variant}'. Supported values are: 'video', 'thumbnail', and "
                             "'spritesheet'.", param="variant")
        v = state.videos.get(vid)
        if v is None or v.get("deleted"):
            return _err(404, f"Video with id '{vid}' not found.")
        view = state.view(v)
        if view["status"] != "completed":
            return _err(400, f"Video '{vid}' is not ready: its status is {view['status']}.", code="not_ready")
        if view["expires_at"] is not None and time.time() > view["expires_at"]:
            return _err(404, f"The content of video '{vid}' has expired.", code="expired")
        fired = [r.kind for r in faults.pick("download", v["prompt"])]
        if (r := await inject(request, "download")) is not None:
            return r
        path = await asyncio.to_thread(_render, config, state, v, variant)
        data = path.read_bytes()
        if "zero-byte" in fired:
            data = b""
        elif "truncate" in fired:
            data = data[: len(data) // 3]
        return Response(data, media_type=VARIANTS[variant][1])

    async def create_character(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        fields, files = await body(request)
        name = fields.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 80:
            return _err(400, "Missing required parameter: 'name'.", param="name")
        clip = files.get("video", b"")
        if clip[4:8] != b"ftyp":
            return _err(400, "The character video must be an MP4 file.", param="video", code="invalid_type")
        cid = "char_" + secrets.token_hex(16)
        with state.lock:
            state.characters[cid] = {"id": cid, "name": name, "created_at": int(time.time())}
            state.save()
        return JSONResponse(state.characters[cid])

    async def get_character(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        c = state.characters.get(request.path_params["character_id"])
        return JSONResponse(c) if c else _err(404, "Character not found.")

    async def models(request: Request) -> Response:
        count(request)
        if (r := auth(request)) is not None:
            return r
        if (r := await inject(request, "models")) is not None:
            return r
        if "garbage" in request.state.fired:  # a proxy's login page, say: 200, but not a model list
            return Response("<html><body>Sign in</body></html>", media_type="text/html")
        if vllm:
            data = [{"id": config.served_model, "object": "model", "created": 0, "owned_by": "vllm-omni"}]
        else:
            data = [{"id": p.name, "object": "model", "created": 0, "owned_by": "system"}
                    for p in loader.catalog().profiles]
        return JSONResponse({"object": "list", "data": data})

    async def received(_request: Request) -> Response:
        with state.lock:
            return JSONResponse({"creates": state.stats.get("received", [])})

    async def stats(_request: Request) -> Response:
        with state.lock:
            return JSONResponse(dict(state.stats, jobs=len(state.videos), faults_injected=dict(faults.injected)))

    async def reset(_request: Request) -> Response:
        with state.lock:
            state.videos.clear()
            state.characters.clear()
            state.idempotency.clear()
            state.stats.update(creates=0, create_requests=0, creates_by_prompt={}, requests_by_path={}, received=[],
                               creates_log=[])
            state.save()
        return JSONResponse({"reset": True})

    routes = [
        Route("/v1/videos/characters", create_character, methods=["POST"]),
        Route("/v1/videos/characters/{character_id}", get_character, methods=["GET"]),
        Route("/v1/videos/edits", derived(False), methods=["POST"]),
        Route("/v1/videos/extensions", derived(True), methods=["POST"]),
        Route("/v1/videos", create, methods=["POST"]),
        Route("/v1/videos", list_videos, methods=["GET"]),
        Route("/v1/videos/{video_id}", retrieve, methods=["GET"]),
        Route("/v1/videos/{video_id}", delete, methods=["DELETE"]),
        Route("/v1/videos/{video_id}/content", content, methods=["GET"]),
        Route("/v1/videos/{video_id}/remix", remix, methods=["POST"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/_standin/stats", stats, methods=["GET"]),
        Route("/_standin/requests", received, methods=["GET"]),
        Route("/_standin/reset", reset, methods=["POST"]),
    ]

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _err(404, f"Unknown route {request.method} {redact(request.url.path)}.")

    async def method_not_allowed(request: Request, _exc: Exception) -> Response:
        return _err(405, f"Method {request.method} not allowed on {request.url.path}.")

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: method_not_allowed},
                    middleware=[Middleware(_RequestId), Middleware(_DropOnReset)])
    app.state.standin = state
    return app


class _DropOnReset:
    """The ``reset`` and ``lost`` faults drop the TCP connection, as a dying proxy does, instead of answering 500.

    The server that runs the app sets ``app.state.drop_connection(scope)`` (composer.standin.server); without one the
    fault still ends the request, as an error (issue 19: they answered 500, which the SDK treats differently).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        except ConnectionResetError:
            drop = getattr(scope["app"].state, "drop_connection", None) if scope["type"] == "http" else None
            if drop is None or not drop(scope):
                raise


class _RequestId:
    """Every response carries ``x-request-id``, as OpenAI's do (the SDK exposes it via with_raw_response)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", b"req_" + secrets.token_hex(8).encode()))
            await send(message)
        await self.app(scope, receive, send_with_id)


def _create_record(made: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """What one create carried, for tests that prove what was sent: which images, and their SHA-256."""
    import hashlib

    ref, last = files.get("input_reference"), files.get("last_frame")
    return {"id": made["id"], "prompt": made["prompt"], "model": made["model"], "size": made["size"],
            "seconds": made["seconds"], "reference": ref is not None,
            "reference_sha256": hashlib.sha256(ref).hexdigest() if ref is not None else None,
            "last_frame": last is not None,
            "last_frame_sha256": hashlib.sha256(last).hexdigest() if last is not None else None}


def _check_image(data: bytes, size: str) -> str | None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, (w, h) = img.format, img.size
    except (UnidentifiedImageError, OSError):
        return "Invalid file format for 'input_reference'. Supported formats are: image/jpeg, image/png, image/webp."
    if fmt not in ("JPEG", "PNG", "WEBP"):
        return "Invalid file format for 'input_reference'. Supported formats are: image/jpeg, image/png, image/webp."
    if f"{w}x{h}" != size:
        return "Inpaint image must match the requested width and height"
    return None


def _render(config: StandinConfig, state: State, v: dict[str, Any], variant: str) -> Path:
    """Content comes from the animatic renderer, made once per video on first download."""
    from composer.animatic.render import render_clip
    from composer.animatic.spec import pinned, spec_from_hints

    folder = config.state_dir / "content" / v["id"]
    path: Path = folder / VARIANTS[variant][0]
    with state.lock:
        lock = state.render_locks.setdefault(v["id"], threading.Lock())
    with lock:
        if not (folder / "take.mp4").exists():
            w, h = (int(x) for x in v["size"].split("x"))
            s = config.content_scale
            w, h = max(64, int(w * s) // 2 * 2), max(64, int(h * s) // 2 * 2)
            hints = {"reference_image": v.get("reference"), "title": v["id"][:18]}
            spec = spec_from_hints(hints, width=w, height=h, seconds=int(v["seconds"]), prompt=v["prompt"])
            render_clip(pinned(spec, v.get("reference"), v.get("last_frame")), folder)  # opens on the reference
    return path

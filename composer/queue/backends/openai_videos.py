"""Any OpenAI-compatible Videos endpoint through the real openai SDK (base URL and dialect are settings).

Every paid POST goes out once: ``max_retries=0`` and an ``Idempotency-Key`` the queue stored before
sending (the SDK builds none). Reads may retry. SDK exceptions never leave this module: they become
``composer.errors`` with a sentence a person can act on, and keys are redacted.

Dialects (``composer.catalog.dialects``): the create form comes from ``wire_fields`` (the preview shows the same
fields). LiteLLM encodes ids, so a retrieve may answer with an id other than the create's: this backend reports
the id it was asked about, so the job keeps its create id for life and is never lost or created twice; its list
needs a provider hint. vLLM-Omni takes width/height/num_frames/fps and answers a create with a bare ``{id, status}``.
"""

from __future__ import annotations

import contextlib
import mimetypes
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from composer.catalog import dialects
from composer.errors import AuthError, BackendUnavailable, DownloadError, RateLimited, Rejected, redact
from composer.queue.backends.answers import answers
from composer.queue.backends.base import CreateRequest, RemoteCharacter, RemoteVideo, Variant

LITELLM_PROVIDER = "openai"  # the provider hint LiteLLM's list needs when nothing else names one
_LITELLM_ID = "litellm:custom_llm_provider:{};model_id:{};video_id:{}"  # base64 after "video_" (LiteLLM 1.106)


def _litellm_parts(video_id: str) -> list[str] | None:
    import base64
    import binascii

    if not video_id.startswith("video_"):
        return None
    raw = video_id[6:]
    try:
        text = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    parts = text.split(";")
    return [p.split(":", 2)[-1] if i == 0 else p.split(":", 1)[-1] for i, p in enumerate(parts)] \
        if len(parts) == 3 and text.startswith("litellm:") else None


def litellm_keep_route(new_id: str, parent_id: str) -> str:
    """The id of a video LiteLLM made from ``parent_id`` (remix/edit/extend), with the parent's route kept.

    LiteLLM 1.106.12 encodes the deployment in the id; the id a remix answers with has an empty ``model_id``, and
    the next call with it goes to the provider's default host instead of the configured upstream (measured:
    api.openai.com). Filled from the parent, the id routes to the deployment that made the parent.
    """
    import base64

    new, parent = _litellm_parts(new_id), _litellm_parts(parent_id)
    if new is None or parent is None or new[1] or not parent[1]:
        return new_id
    text = _LITELLM_ID.format(new[0] or parent[0], parent[1], new[2])
    return "video_" + base64.b64encode(text.encode()).decode()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Every videos method is marked deprecated (the service closed on 2026-09-24); that is known, not news."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _video(v: Any, poll_after_ms: int | None = None, *, asked_id: str | None = None) -> RemoteVideo:
    err = getattr(v, "error", None)
    try:
        seconds = int(v.seconds) if getattr(v, "seconds", None) is not None else None
    except (TypeError, ValueError):
        seconds = None
    g = getattr  # a vLLM-Omni create answers {id, status, created_at} only: every other field may be absent
    return RemoteVideo(id=asked_id or v.id, status=v.status, progress=int(g(v, "progress", 0) or 0),
                       model=g(v, "model", None), size=g(v, "size", None), seconds=seconds, prompt=g(v, "prompt", None),
                       created_at=g(v, "created_at", None), completed_at=g(v, "completed_at", None),
                       expires_at=g(v, "expires_at", None), remixed_from=getattr(v, "remixed_from_video_id", None),
                       error_code=getattr(err, "code", None) if err else None,
                       error_message=getattr(err, "message", None) if err else None, poll_after_ms=poll_after_ms)


class OpenAIVideosBackend:
    name = "openai"
    is_paid = True

    def __init__(self, *, base_url: str | None, api_key: str, organization: str | None = None,
                 timeout: float = 60.0, dialect: str = "openai") -> None:
        import openai  # ~0.4 s: only when a job really goes to an endpoint

        from composer.queue.backends.transport import guarded_client

        self._openai = openai
        self.base_url = base_url
        self.organization = organization
        self.dialect = dialects.get(dialect).name
        d = dialects.get(dialect)
        headers = {d.key_header: api_key} if d.key_header else None
        self.client = openai.OpenAI(api_key=api_key, base_url=base_url or None, organization=organization,
                                    timeout=timeout, max_retries=2, default_headers=headers,
                                    http_client=guarded_client())
        self.paid = self.client.with_options(max_retries=0)
        # The SDK builds its platform headers on the first request, and platform.architecture() forks `file`
        # for that: done here, once, where the backend is made, not on the queue thread mid-run (a fork stalls
        # every thread of the app, the GUI included).
        with contextlib.suppress(Exception):
            self.client.platform_headers()
        # Likewise the videos resource: the SDK imports it, and builds its pydantic models, at first use (~20 ms,
        # much of it holding the GIL); warmed where the backend is made, not in the first create.
        _ = self.client.videos

    # --- error mapping ----------------------------------------------------------------------
    def _map(self, e: Exception, what: str) -> Exception:
        o = self._openai
        msg = redact(getattr(e, "message", None) or str(e))
        if isinstance(e, o.AuthenticationError):
            return AuthError(f"The endpoint refused the API key ({what}).",
                             hint="Check the key in Settings (stored in the OS keychain) or OPENAI_API_KEY.")
        if isinstance(e, o.RateLimitError):
            headers = getattr(getattr(e, "response", None), "headers", {}) or {}
            retry_after = None
            with contextlib.suppress(TypeError, ValueError):
                retry_after = (float(headers["retry-after-ms"]) / 1000 if "retry-after-ms" in headers
                               else float(str(headers.get("retry-after"))))
            return RateLimited(f"Rate limited while trying to {what}: {msg}", retry_after=retry_after,
                               hint="Slate waits and tries again; nothing was created.")
        if isinstance(e, o.APIStatusError) and e.status_code >= 500:
            return BackendUnavailable(f"The endpoint failed ({e.status_code}) while trying to {what}: {msg}",
                                      hint="Slate retries reads; a create is never sent twice automatically.")
        if isinstance(e, o.NotFoundError):
            return Rejected(f"Not found while trying to {what}: {msg}", code=getattr(e, "code", None) or "not_found")
        if isinstance(e, o.APIStatusError):
            code = getattr(e, "code", None)
            hint = ("Moderation blocked it: remove real people, brands or unsafe content, then render again."
                    if code == "moderation_blocked" else "Fix the named parameter and render again.")
            return Rejected(f"The endpoint rejected the request to {what}: {msg}", code=code,
                            param=getattr(e, "param", None), hint=hint)
        if isinstance(e, (o.APIConnectionError, o.APITimeoutError)):
            return BackendUnavailable(f"Could not reach the endpoint to {what}.",
                                      hint="Check the base URL in Settings and your connection.")
        if isinstance(e, o.APIResponseValidationError | ValueError):
            return BackendUnavailable(f"The endpoint answered with something that is not the Videos API ({what}).",
                                      hint="Check that the base URL points at an OpenAI-compatible /v1 endpoint.")
        return e

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with _quiet():
            try:
                return fn(*args, **kwargs)
            except self._openai.OpenAIError as e:
                raise self._map(e, what) from None

    # --- protocol ---------------------------------------------------------------------------
    @answers("create a video")
    def create(self, req: CreateRequest) -> RemoteVideo:
        uploads = {name: path for name, path in (("input_reference", req.input_reference),
                                                 ("last_frame", req.end_frame)) if path is not None}
        form = dialects.wire_fields(self.dialect, prompt=req.prompt, model=req.model, size=req.size,
                                    seconds=req.seconds, params=req.params, fps=req.fps,
                                    files={k: p.name for k, p in uploads.items()})
        body: dict[str, Any] = {k: v for k, v in form if not v.startswith("@") or k == "prompt"}
        files = [(k, (p.name, p.read_bytes(), mimetypes.guess_type(p.name)[0] or "application/octet-stream"))
                 for k, p in uploads.items() if k in dict(form)]
        if req.character_ids:
            body["characters"] = [{"id": c} for c in req.character_ids]
        # Multipart always (as the SDK's own create sends it), the fields exactly as wire_fields made them.
        options = {"headers": {"Content-Type": "multipart/form-data", "Idempotency-Key": req.idempotency_key}}
        return _video(self._call("create a video", self.paid.post, "/videos", body=body, files=files or None,
                                 cast_to=self._openai.types.Video, options=options))

    def _derived(self, v: RemoteVideo, parent_id: str) -> RemoteVideo:
        if self.dialect != "litellm":
            return v
        from dataclasses import replace

        return replace(v, id=litellm_keep_route(v.id, parent_id))

    @answers("remix a video")
    def remix(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(_video(self._call("remix a video", self.paid.videos.remix, video_id, prompt=prompt,
                                               extra_headers={"Idempotency-Key": idempotency_key})), video_id)

    def _by_id(self, path: str, what: str, body: dict[str, Any], idempotency_key: str) -> RemoteVideo:
        # The SDK cannot send {"id": ...} for `video` (reference §2.3): post the JSON form directly.
        return _video(self._call(what, self.paid.post, path, body=body, cast_to=self._openai.types.Video,
                                 options={"headers": {"Idempotency-Key": idempotency_key}}))

    @answers("edit a video")
    def edit(self, video_id: str, prompt: str, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(self._by_id("/videos/edits", "edit a video",
                                         {"prompt": prompt, "video": {"id": video_id}}, idempotency_key), video_id)

    @answers("extend a video")
    def extend(self, video_id: str, prompt: str, seconds: int, *, idempotency_key: str) -> RemoteVideo:
        return self._derived(self._by_id("/videos/extensions", "extend a video",
                                         {"prompt": prompt, "seconds": str(seconds), "video": {"id": video_id}},
                                         idempotency_key), video_id)

    @answers("create a character")
    def create_character(self, name: str, video: Path) -> RemoteCharacter:
        r = self._call("create a character", self.paid.videos.create_character, name=name,
                       video=(video.name, video.read_bytes(), "video/mp4"))
        return RemoteCharacter(id=r.id, name=r.name, created_at=r.created_at)

    @answers("read a character")
    def get_character(self, character_id: str) -> RemoteCharacter:
        r = self._call("read a character", self.client.videos.get_character, character_id)
        return RemoteCharacter(id=r.id, name=r.name, created_at=r.created_at)

    @answers("check a video")
    def retrieve(self, video_id: str) -> RemoteVideo:
        raw = self._call("check a video", self.client.videos.with_raw_response.retrieve, video_id)
        hint = raw.headers.get("openai-poll-after-ms")
        with _quiet():
            v = raw.parse()
        # The asked id, always: LiteLLM answers with a re-encoded id that loses the route on the next call.
        return _video(v, int(hint) if hint and hint.isdigit() else None, asked_id=video_id)

    @answers("list videos")
    def list(self, *, limit: int = 100, after: str | None = None) -> list[RemoteVideo]:
        kwargs: dict[str, Any] = {"limit": min(limit, 100)}
        if after:
            kwargs["after"] = after
        if dialects.get(self.dialect).list_provider_hint:
            kwargs["extra_headers"] = {"custom-llm-provider": LITELLM_PROVIDER}
        page = self._call("list videos", self.client.videos.list, **kwargs)
        out = []
        with _quiet():
            for v in page:
                out.append(_video(v))
                if len(out) >= limit:
                    break
        return out

    @answers("delete a video")
    def delete(self, video_id: str) -> None:
        self._call("delete a video", self.client.videos.delete, video_id)

    def close(self) -> None:
        """Close the SDK's connection pool (a backend made for one question, e.g. discovery, not for the queue)."""
        self.client.close()

    def is_litellm(self) -> bool:
        """Whether the endpoint is a LiteLLM proxy: it has a ``/model/info`` route (its /models looks like OpenAI's)."""
        try:
            with _quiet():
                info = self.client.with_options(max_retries=0).get("/model/info", cast_to=object)
            return isinstance(info, dict) and isinstance(info.get("data"), list)
        except (self._openai.OpenAIError, ValueError):
            return False

    @answers("list the endpoint's models")
    def models(self) -> tuple[dict[str, str], object]:
        """``GET /models``: the answer's headers and parsed JSON (or its raw text when it is not JSON)."""
        raw = self._call("list the endpoint's models", self.client.with_raw_response.models.list)
        text = raw.http_response.text
        try:
            import json

            body: object = json.loads(text)
        except ValueError:
            body = text
        return dict(raw.headers), body

    @answers("download a video")
    def download(self, video_id: str, variant: Variant, dest: Path) -> Path:
        def stream() -> Path:
            with self.client.videos.with_streaming_response.download_content(video_id, variant=variant) as r:
                r.stream_to_file(dest)
            return dest
        try:
            return self._call(f"download the {variant}", stream)  # type: ignore[no-any-return]
        except Rejected as e:
            if e.code in ("expired", "not_found") or "expired" in str(e):
                raise Rejected(str(e), code="expired") from None
            raise
        except BackendUnavailable as e:
            raise DownloadError(str(e), hint="The download will be retried; the render is not repeated.") from None

"""Endpoint dialects: how OpenAI-shaped video endpoints differ, and the one function that builds the form sent.

``wire_fields`` is the single place a create's form fields are made: the queue's backend sends them and the preview
shows them (``composer.prompt.request``), so what a person reads is what leaves. Dialects (reference/models-2026.md):
- ``openai``: the OpenAI Videos API shape (multipart; ``seconds`` a string; ``size`` WxH).
- ``litellm``: the LiteLLM proxy. Same form; it encodes ids, so the retrieve answer may carry another id than the
  create (Slate keeps the create id for the life of the job); list needs a provider hint (``custom-llm-provider``);
  the key may go as Bearer or ``x-litellm-api-key``.
- ``vllm-omni``: vLLM-Omni's server. Multipart with ``width``/``height``, ``num_frames``, ``fps``, ``seed``,
  ``negative_prompt``, ``generate_sound``; ``DELETE`` cancels; a create answers with a bare ``{id, status}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from composer.catalog.profiles import parse_size


@dataclass(frozen=True)
class Dialect:
    name: str
    label: str
    list_provider_hint: bool = False  # GET /videos needs ``custom-llm-provider``
    key_header: str | None = None  # a second header that carries the key, besides Authorization: Bearer
    frames: bool = False  # sends width/height/num_frames/fps
    delete_cancels: bool = False  # DELETE on a running job stops it (and its cost)


DIALECTS: dict[str, Dialect] = {
    "openai": Dialect("openai", "OpenAI Videos API"),
    "litellm": Dialect("litellm", "LiteLLM proxy", list_provider_hint=True, key_header="x-litellm-api-key"),
    "vllm-omni": Dialect("vllm-omni", "vLLM-Omni (self-hosted)", frames=True, delete_cancels=True),
}
DEFAULT = "openai"

# The order fields are shown in (and compared in): request fields first, the prompt last.
_ORDER = ("model", "seconds", "size", "width", "height", "num_frames", "fps", "negative_prompt", "seed",
          "generate_audio", "generate_sound", "input_reference", "last_frame", "prompt")


def get(name: str | None) -> Dialect:
    return DIALECTS.get(name or DEFAULT) or DIALECTS[DEFAULT]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def wire_fields(dialect: str | None, *, prompt: str, model: str, size: str, seconds: int,
                params: Mapping[str, object] | None = None, fps: int | None = None,
                files: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The form fields of one create, in display order; ``files`` maps a file field to its file name.

    ``params`` holds the per-model parameters the request carries (already chosen from the profile): keys
    ``negative_prompt``, ``seed``, ``audio``. Every value is a string, as multipart sends it.
    """
    d = get(dialect)
    p = dict(params or {})
    out: dict[str, str] = {"model": model, "seconds": str(seconds), "size": size}
    if d.frames:
        wh = parse_size(size)
        if wh is not None:
            out["width"], out["height"] = str(wh[0]), str(wh[1])
        if fps:
            out["fps"] = str(fps)
            out["num_frames"] = str(seconds * fps)
    if p.get("negative_prompt"):
        out["negative_prompt"] = _text(p["negative_prompt"])
    if p.get("seed") is not None:
        out["seed"] = _text(p["seed"])
    if p.get("audio") is not None:
        out["generate_sound" if d.frames else "generate_audio"] = _text(p["audio"])
    for name, filename in (files or {}).items():
        if d.frames and name == "last_frame":
            continue  # vLLM-Omni takes one input_reference, no end frame
        out[name] = f"@{filename}"
    out["prompt"] = prompt
    return sorted(out.items(), key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else len(_ORDER) - 1)


def describe(fields: list[tuple[str, str]] | Mapping[str, str]) -> str:
    """The request as a person reads it: one ``name: value`` line per field, then the prompt text verbatim."""
    items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
    items.sort(key=lambda kv: _ORDER.index(kv[0]) if kv[0] in _ORDER else len(_ORDER) - 1)
    head = [f"{k}: {v}" for k, v in items if k != "prompt"]
    prompt = next((v for k, v in items if k == "prompt"), "")
    return "\n".join(head) + "\n\n" + prompt


def detect(headers: Mapping[str, str], models_body: object) -> str | None:
    """Guess an endpoint's dialect from its ``GET /v1/models`` answer; None when nothing says."""
    lower = {k.lower(): v for k, v in headers.items()}
    if any(k.startswith("x-litellm") for k in lower):
        return "litellm"
    data = models_body.get("data") if isinstance(models_body, dict) else None
    rows = data if isinstance(data, list) else []
    owners = {str(m.get("owned_by", "")).lower() for m in rows if isinstance(m, dict)}
    if any("vllm" in o for o in owners):
        return "vllm-omni"
    if "openai" in owners or "system" in owners:
        return "openai"
    return None

"""Every configuration the user guide documents ("Render on a real model today") is proven against the stand-in:
each LiteLLM config parses, names profiled models and real LiteLLM video providers, and — with the stand-in playing
each provider — a real proxy started from the documented model names renders one shot per model through Slate's
queue; each documented `vllm serve` model renders through the stand-in's vLLM-Omni dialect."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from composer.catalog.loader import lookup
from composer.document.models import Project, Shot
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.gateway.conftest import ROOT, routes_to
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.gateway
GUIDE = ROOT / "docs" / "user-guide.md"
# The video providers LiteLLM 1.106.12 routes (litellm/llms/<provider>/videos in that release).
LITELLM_VIDEO_PROVIDERS = {"openai", "azure", "gemini", "vertex_ai", "runwayml", "fal_ai", "hosted_vllm", "edenai"}


def _blocks(kind: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [b for b in re.findall(r"```(?:yaml|bash)\n(.*?)```", text, re.S) if f"slate-doc-config: {kind}" in b]


def _litellm_configs() -> list[dict]:  # type: ignore[type-arg]
    return [yaml.safe_load(b) for b in _blocks("litellm")]


def _frame(model: str) -> dict[str, object]:
    p = lookup(model)
    assert p is not None
    return {"model": model, "size": p.sizes[0], "seconds": p.durations[0]}


def _render(tmp_path: Path, base_url: str, dialect: str, key: str, models: list[str], monkeypatch) -> RenderService:  # type: ignore[no-untyped-def]
    from PIL import Image

    monkeypatch.setenv("OPENAI_API_KEY", key)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    svc.use_endpoint(Endpoint.configured("openai", base_url=base_url, dialect=dialect))
    shots = []
    for i, m in enumerate(models):
        frame = _frame(m)
        Image.new("RGB", tuple(int(x) for x in str(frame["size"]).split("x")), "#246").save(tmp_path / f"r{i}.png")
        shots.append(Shot(id=f"s{i}", subject=f"A lighthouse at dawn, take {i}.", render=frame,  # type: ignore[arg-type]
                          reference_image=f"r{i}.png"))
    project = Project(shots=shots)
    jobs = svc.submit(project, [s.id for s in shots], backend="openai", project_path=tmp_path / "p.slate")
    assert svc.worker.run_until_idle(240)
    for j in jobs:
        j = svc.store.get(j.id)
        assert j.state is JobState.COMPLETED, (j.model, j.error_message)
    return svc


def test_the_guide_documents_veo_runway_and_seedance_and_each_parses() -> None:
    configs = _litellm_configs()
    names = {e["model_name"] for c in configs for e in c["model_list"]}
    assert {"veo-3.1", "gen4_turbo", "seedance-2.0"} <= names
    for c in configs:
        assert c["general_settings"]["master_key"].startswith("os.environ/")  # never a key in a doc
        for e in c["model_list"]:
            upstream = e["litellm_params"]["model"]
            assert upstream.split("/", 1)[0] in LITELLM_VIDEO_PROVIDERS, upstream
            profile = lookup(e["model_name"])
            assert profile is not None and not profile.retired and lookup(upstream) is profile, e


def test_each_documented_litellm_model_renders_through_a_real_proxy(start_standin: Start, gateway, tmp_path: Path,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    names = [e["model_name"] for c in _litellm_configs() for e in c["model_list"]]
    s = start_standin(speed=20.0)
    gw = gateway(routes_to(s, names))  # the documented names; the stand-in plays each provider
    _render(tmp_path, gw.base_url, "litellm", gw.master_key, names, monkeypatch)
    assert sorted(r["model"] for r in __import__("httpx").get(s.root_url + "/_standin/requests").json()["creates"]) \
        == sorted(names)
    assert stats(s)["creates"] == len(names)


def test_each_documented_vllm_omni_model_renders_through_the_vllm_dialect(start_standin: Start, tmp_path: Path,
                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    served = []
    for block in _blocks("vllm-omni"):
        for line in block.splitlines():
            if line.startswith("vllm serve"):
                args = shlex.split(line)
                assert "--omni" in args
                served.append(args[2])
    assert {lookup(m).name for m in served} == {"wan2.2-t2v-a14b", "ltx-2"}  # type: ignore[union-attr]
    for i, model in enumerate(served):
        s = start_standin(dialect="vllm-omni", served_model=model, state_dir=tmp_path / f"st{i}")
        _render(tmp_path / f"r{i}", s.base_url, "vllm-omni", "sk-placeholder-local", [model], monkeypatch)
        assert stats(s)["creates"] == 1

"""Per-model requests and dialects against the stand-in: the preview is byte-equal to what arrived; vLLM-Omni's
shape renders end to end; every profile's limits are served with the OpenAI error envelope; discovery survives
missing or garbage model lists."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from PIL import Image

from composer.catalog import dialects
from composer.catalog.loader import catalog
from composer.document.models import Project, Shot
from composer.errors import Rejected
from composer.prompt.request import build_request
from composer.queue.backends.base import CreateRequest
from composer.queue.backends.openai_videos import OpenAIVideosBackend
from composer.queue.discovery import discover, parse_models
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.standin.conftest import Start, stats

KEY = "sk-" + "dialect-test-0123456789"


def _service(tmp_path: Path, base_url: str, dialect: str, monkeypatch) -> RenderService:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    svc.use_endpoint(Endpoint.configured("openai", base_url=base_url, dialect=dialect))
    return svc


def _shot_project(tmp_path: Path, **render: object) -> tuple[Project, Path]:
    Image.new("RGB", (1280, 720), "#335").save(tmp_path / "first.png")
    Image.new("RGB", (1280, 720), "#533").save(tmp_path / "last.png")
    project = Project(shots=[Shot(id="s", subject="A lighthouse keeper lights the lamp at dusk.", scene="A gale.",
                                  reference_image="first.png", render=render)])  # type: ignore[arg-type]
    return project, tmp_path / "p.slate"


@pytest.mark.parametrize(("model", "dialect"), [("veo-3.1", "openai"), ("gen4_turbo", "litellm"),
                                                ("Wan-AI/Wan2.2-T2V-A14B-Diffusers", "vllm-omni")])
def test_the_preview_is_byte_equal_to_what_the_standin_received(start_standin: Start, tmp_path: Path,
                                                                 monkeypatch, model: str, dialect: str) -> None:  # type: ignore[no-untyped-def]
    vllm = dialect == "vllm-omni"
    s = start_standin(dialect="vllm-omni", served_model=model) if vllm else start_standin()
    size, seconds = ("832x480", 5) if vllm else ("1280x720", 10 if model == "gen4_turbo" else 8)
    project, path = _shot_project(tmp_path, model=model, size=size, seconds=seconds, negative_prompt="text, frame",
                                  seed=42, audio=True, end_frame="last.png")
    preview = build_request(project.shots[0], project).describe(dialect)
    svc = _service(tmp_path, s.base_url, dialect, monkeypatch)
    [job] = svc.submit(project, ["s"], backend="openai", project_path=path)
    assert svc.worker.run_until_idle(60)
    assert svc.store.get(job.id).state is JobState.COMPLETED, svc.store.get(job.id).error_message
    [got] = httpx.get(s.root_url + "/_standin/requests").json()["creates"]
    assert dialects.describe(got).encode() == preview.encode()
    # Only what the model takes went out: Runway Gen-4 has no negative prompt, audio or end frame.
    if model == "gen4_turbo":
        assert {"negative_prompt", "generate_audio", "last_frame"}.isdisjoint(got) and got["seed"] == "42"
    if model == "veo-3.1":
        assert got["negative_prompt"] == "text, frame" and got["last_frame"] == "@last.png"
    if vllm:
        assert (got["num_frames"], got["fps"], got["width"], got["height"]) == ("80", "16", "832", "480")
        assert "last_frame" not in got and got["negative_prompt"] == "text, frame"


def test_a_render_through_the_vllm_omni_dialect_completes_once(start_standin: Start, tmp_path: Path,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import av

    s = start_standin(dialect="vllm-omni", served_model="ltx-2")
    svc = _service(tmp_path, s.base_url, "vllm-omni", monkeypatch)
    project = Project(shots=[Shot(id="s", subject="A paper boat drifts down a gutter in the rain.",
                                  render={"model": "ltx-2", "size": "768x512", "seconds": 4, "audio": True})])
    [job] = svc.submit(project, ["s"], backend="openai")
    assert job.cost_estimated == 0.0 and not job.price_unknown  # self-hosted: no vendor price
    assert svc.worker.run_until_idle(60)
    job = svc.store.get(job.id)
    assert job.state is JobState.COMPLETED and job.remote_id and job.remote_id.startswith("video-")
    with av.open(str(job.take_path)) as c:
        assert abs(float(c.duration / 1e6) - 4) < 0.5
    assert stats(s)["creates"] == 1
    assert httpx.get(s.root_url + "/_standin/requests").json()["creates"][0]["generate_sound"] == "true"
    found = discover(Endpoint.configured("openai", base_url=s.base_url, dialect="vllm-omni"))
    assert found.dialect == "vllm-omni" and [(m.id, m.matched) for m in found.models] == [("ltx-2", "LTX-2 "
                                                                                          "(self-hosted)")]


@pytest.mark.parametrize("profile", catalog().profiles, ids=lambda p: p.name)
def test_the_standin_serves_every_profile_with_its_limits(standin, profile) -> None:  # type: ignore[no-untyped-def]
    b = OpenAIVideosBackend(base_url=standin.base_url, api_key=KEY)
    ok = b.create(CreateRequest(prompt="A kite.", model=profile.name, size=profile.sizes[0],
                                seconds=profile.durations[0], idempotency_key=f"ok-{profile.name}"))
    assert ok.status == "queued"
    bad_seconds = max(profile.durations_in()) + 1
    for size, seconds, param in (("333x222", profile.durations[0], "size"), (profile.sizes[0], bad_seconds,
                                                                             "seconds")):
        with pytest.raises(Rejected) as e:
            b.create(CreateRequest(prompt="A kite.", model=profile.name, size=size, seconds=seconds,
                                   idempotency_key=f"bad-{param}-{profile.name}"))
        assert e.value.param == param and e.value.code == "invalid_value" and "Supported values" in str(e.value)


def test_the_standin_counts_a_runway_prompt_in_utf16_units_as_runway_does(standin) -> None:  # type: ignore[no-untyped-def]
    """Runway's cap is 1,000 UTF-16 units: 600 emoji are 600 characters but 1,200 units, refused there (and here);
    the same text is within a cap counted in characters (Kling: 2,500)."""
    b = OpenAIVideosBackend(base_url=standin.base_url, api_key=KEY)
    runway = next(p for p in catalog().profiles if p.guide == "runway" and p.prompt_max_chars)
    other = next(p for p in catalog().profiles if p.guide != "runway" and (p.prompt_max_chars or 0) >= 600)
    text = "🌧" * 600
    with pytest.raises(Rejected) as e:
        b.create(CreateRequest(prompt=text, model=runway.name, size=runway.sizes[0], seconds=runway.durations[0],
                               idempotency_key="utf16-runway"))
    assert e.value.param == "prompt" and "too long" in str(e.value)
    ok = b.create(CreateRequest(prompt=text, model=other.name, size=other.sizes[0], seconds=other.durations[0],
                                idempotency_key="utf16-other"))
    assert ok.status == "queued"


def test_discovery_matches_profiles_and_survives_missing_or_garbage_lists(standin, tmp_path: Path,
                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    found = discover(Endpoint.configured("openai", base_url=standin.base_url))
    by_id = {m.id: m.matched for m in found.models}
    assert by_id["veo-3.1"] == "Veo 3.1" and by_id["sora-2"] == "Sora 2 (retired)" and not found.problem
    assert parse_models({}, {"data": [{"id": "acme-video-9"}, {"nope": 1}]}).models[0].matched == "unknown"
    for body in ("<html>oops</html>", {"data": "x"}, None, {"object": "list"}):
        got = parse_models({}, body)
        assert got.models == () and "type the model name" in got.problem
    missing = discover(Endpoint.configured("openai", base_url="http://127.0.0.1:9/v1"))
    assert missing.models == () and "typed model name" in missing.problem
    # ...and a typed model no profile knows still renders there, sent exactly as set.
    svc = _service(tmp_path, standin.base_url, "openai", monkeypatch)
    project = Project(shots=[Shot(id="s", subject="A kite.", render={"model": "veo-3.1-fast", "seconds": 4})])
    [job] = svc.submit(project, ["s"], backend="openai")
    assert svc.worker.run_until_idle(60) and svc.store.get(job.id).state is JobState.COMPLETED


def test_cancel_on_vllm_omni_deletes_the_running_job(start_standin: Start, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = start_standin(dialect="vllm-omni", served_model="ltx-2", faults="stuck:keyword=forever")
    svc = _service(tmp_path, s.base_url, "vllm-omni", monkeypatch)
    project = Project(shots=[Shot(id="s", subject="A lantern that burns forever.",
                                  render={"model": "ltx-2", "size": "768x512", "seconds": 4})])
    [job] = svc.submit(project, ["s"], backend="openai")
    for _ in range(50):
        svc.worker.step()
        if svc.store.get(job.id).state is JobState.IN_PROGRESS:
            break
    assert "DELETE stopped it" in svc.cancel(job.id)
    assert svc.store.get(job.id).state is JobState.CANCELLED
    assert stats(s)["requests_by_path"].get(f"DELETE /v1/videos/{svc.store.get(job.id).remote_id}") == 1


@pytest.mark.parametrize("faults", ["garbage@models", "500@models:first=9"])
def test_an_endpoint_with_a_broken_model_list_still_renders_a_typed_model(start_standin: Start, tmp_path: Path,
                                                                          monkeypatch, faults: str) -> None:  # type: ignore[no-untyped-def]
    s = start_standin(faults=faults)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    found = discover(Endpoint.configured("openai", base_url=s.base_url))
    assert found.models == () and "type" in found.problem and "model name" in found.problem, found.problem
    svc = _service(tmp_path, s.base_url, "openai", monkeypatch)
    project = Project(shots=[Shot(id="s", subject="A kite.", render={"model": "seedance-2.0", "seconds": 5})])
    [job] = svc.submit(project, ["s"], backend="openai")
    assert svc.worker.run_until_idle(60) and svc.store.get(job.id).state is JobState.COMPLETED

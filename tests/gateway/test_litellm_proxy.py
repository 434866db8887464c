"""Slate's real queue through a real LiteLLM proxy in front of the stand-in: create, poll, download, remix, and a
SIGKILL mid-poll with a resume that creates nothing twice — with the proxy changing ids between create and
retrieve (it encodes them), as it does in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import av
import httpx
import pytest

from composer.document.models import Project, Shot, TakeKind
from composer.queue.backends.openai_videos import _litellm_parts
from composer.queue.discovery import discover
from composer.queue.endpoints import Endpoint
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.gateway.conftest import routes_to
from tests.standin.conftest import Start, stats

pytestmark = pytest.mark.gateway
MODELS = ["sora-2", "veo-3.1", "runwayml/gen4_turbo"]


def _service(tmp_path: Path, gw, monkeypatch) -> RenderService:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", gw.master_key)  # the proxy's key is what Slate sends, never upstream's
    monkeypatch.setenv("SLATE_DATA_DIR", str(tmp_path / "data"))
    svc = RenderService(Store(tmp_path / "data" / "queue.sqlite3"))
    svc.use_endpoint(Endpoint.configured("openai", base_url=gw.base_url, dialect="litellm"))
    return svc


def test_render_and_remix_through_the_proxy_keep_the_create_id(start_standin: Start, gateway, tmp_path: Path,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = start_standin(speed=20.0)
    gw = gateway(routes_to(s, MODELS))
    models = httpx.get(gw.base_url + "/models", headers={"Authorization": f"Bearer {gw.master_key}"}).json()
    assert {m["id"] for m in models["data"]} >= set(MODELS)
    svc = _service(tmp_path, gw, monkeypatch)
    found = discover(Endpoint.configured("openai", base_url=gw.base_url))  # Settings' "List models", dialect auto
    assert found.dialect == "litellm" and {(m.id, m.matched) for m in found.models} == {
        ("sora-2", "Sora 2 (retired)"), ("veo-3.1", "Veo 3.1"), ("runwayml/gen4_turbo", "Runway Gen-4 Turbo")}
    project = Project(shots=[Shot(id="a", subject="A lighthouse at dawn, waves breaking on the rocks.",
                                  render={"model": "veo-3.1", "seconds": 8, "size": "1280x720",
                                          "negative_prompt": "text, watermark", "seed": 7})])
    [job] = svc.submit(project, ["a"], backend="openai")
    assert svc.worker.run_until_idle(120)
    job = svc.store.get(job.id)
    assert job.state is JobState.COMPLETED, job.error_message
    assert job.dialect == "litellm" and job.base_url == gw.base_url
    with av.open(str(job.take_path)) as c:
        assert abs(float(c.duration / 1e6) - 8) < 0.5
    remix = svc.derive(job, TakeKind.REMIX, "Same shot, the lamp turns on.")
    assert svc.worker.run_until_idle(120)
    remix = svc.store.get(remix.id)
    assert remix.state is JobState.COMPLETED, remix.error_message
    st = stats(s)
    assert st["creates_by_prompt"] == {job.prompt: 1, "Same shot, the lamp turns on.": 1}
    assert st["requests_by_path"].get("POST /v1/videos") == 1
    # The proxy re-encodes ids: the job polled, downloaded and remixed with the id the create answered.
    assert job.remote_id and _litellm_parts(job.remote_id) is not None
    assert _litellm_parts(remix.remote_id or "") == ["openai", "veo-3.1", _litellm_parts(remix.remote_id or "")[2]]
    got = httpx.get(f"{gw.base_url}/videos/{job.remote_id}", headers={"Authorization": f"Bearer {gw.master_key}"})
    assert got.status_code == 200 and got.json()["id"] != job.remote_id  # the id changes between create/retrieve


def test_sigkill_mid_poll_through_the_proxy_resumes_with_no_duplicate_create(
        start_standin: Start, gateway, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = start_standin(speed=4.0)
    gw = gateway(routes_to(s, MODELS))
    data = tmp_path / "data"
    store = Store(data / "queue.sqlite3")
    jobs = [store.add(backend="openai", prompt=f"Gateway kill shot {i}: a kite over dunes.", model=m,
                      size="1280x720", seconds=s_, base_url=gw.base_url, dialect="litellm")
            for i, (m, s_) in enumerate((("sora-2", 4), ("veo-3.1", 8), ("veo-3.1", 4), ("sora-2", 8)))]
    env = dict(os.environ, SLATE_DATA_DIR=str(data), OPENAI_API_KEY=gw.master_key)
    cmd = [sys.executable, "-m", "composer", "queue", "resume", "--wait"]
    crashing = [sys.executable, str(Path(__file__).parents[1] / "reliability" / "crash_at.py"), "polling:3", *cmd[3:]]
    killed = subprocess.run(crashing, env=env, capture_output=True, text=True, timeout=240)
    assert killed.returncode == -9, f"not killed mid-poll: {killed.stdout[-300:]} {killed.stderr[-800:]}"
    assert any(store.get(j.id).state in (JobState.QUEUED, JobState.IN_PROGRESS) for j in jobs)
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout[-500:] + again.stderr[-2000:]
    final = [store.get(j.id) for j in jobs]
    assert all(j.state is JobState.COMPLETED for j in final), [(j.state, j.error_message) for j in final]
    st = stats(s)
    assert st["creates"] == len(jobs) and set(st["creates_by_prompt"].values()) == {1}, st["creates_by_prompt"]
    (tmp_path / "creates_after_kill.txt").write_text(str(st["creates"]))
    assert store.integrity_ok()

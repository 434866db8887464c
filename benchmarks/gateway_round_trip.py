"""Gateway round trip: Slate's backend straight to the stand-in vs through a real LiteLLM proxy in front of it.

Prints {"create_ms_direct", "create_ms_proxy", "retrieve_ms_direct", "retrieve_ms_proxy", "proxy_overhead_ratio",
"job_s_proxy", "creates"}: medians over N creates and N retrieves each way, and one whole job (create, poll,
download of video + thumbnail + spritesheet) through the proxy with Slate's queue. Needs .venv-gateway
(scripts/setup.sh). Usage: python -m benchmarks.gateway_round_trip --json [--calls 20] [--update-docs]
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks._docs import bench_main


def _ms(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def run(n: int = 20) -> dict[str, object]:
    from composer.queue.backends.base import CreateRequest
    from composer.queue.backends.openai_videos import OpenAIVideosBackend
    from composer.queue.endpoints import Endpoint
    from composer.queue.jobs import JobState
    from composer.queue.service import RenderService
    from composer.queue.store import Store
    from composer.standin.app import StandinConfig
    from composer.standin.server import StandinThread
    from tests.gateway.conftest import routes_to, start_gateway

    tmp = Path(tempfile.mkdtemp(prefix="slate-gw-bench-"))
    os.environ["SLATE_DATA_DIR"] = str(tmp / "data")
    s = StandinThread(StandinConfig(state_dir=tmp / "st", speed=1000.0, poll_after_ms=10, content_scale=0.25)).start()
    gw = start_gateway(routes_to(s, ["veo-3.1"]), tmp)
    try:
        out: dict[str, object] = {}
        for where, url, key in (("direct", s.base_url, "sk-bench-direct-key"), ("proxy", gw.base_url, gw.master_key)):
            b = OpenAIVideosBackend(base_url=url, api_key=key, dialect="litellm" if where == "proxy" else "openai")
            ids: list[str] = []
            out[f"create_ms_{where}"] = _ms(lambda i, b=b, ids=ids, w=where: ids.append(b.create(CreateRequest(
                prompt=f"Bench {w} {i}: a kite.", model="veo-3.1", size="1280x720", seconds=4,
                idempotency_key=f"{w}-{i}")).id), n)
            out[f"retrieve_ms_{where}"] = _ms(lambda i, b=b, ids=ids: b.retrieve(ids[i]), n)
        out["proxy_overhead_ratio"] = round(float(out["create_ms_proxy"]) / float(out["create_ms_direct"]), 1)
        os.environ["OPENAI_API_KEY"] = gw.master_key
        svc = RenderService(Store(tmp / "data" / "q.sqlite3"))
        svc.use_endpoint(Endpoint.configured("openai", base_url=gw.base_url, dialect="litellm"))
        from composer.document.models import Project, Shot

        project = Project(shots=[Shot(id="s", subject="A kite over the dunes.", render={"seconds": 4})])
        t = time.perf_counter()
        [job] = svc.submit(project, ["s"], backend="openai")
        svc.worker.run_until_idle(120)
        out["job_s_proxy"] = round(time.perf_counter() - t, 2)
        assert svc.store.get(job.id).state is JobState.COMPLETED
        import httpx

        out["creates"] = httpx.get(s.root_url + "/_standin/stats").json()["creates"]
        return out
    finally:
        gw.proc.terminate()
        gw.proc.wait(10)
        s.stop()


def main() -> None:
    bench_main("gateway_round_trip", __doc__, run,
               lambda n: f"Median of {n} creates and {n} retrieves, Slate's backend (real openai SDK) to the stand-in "
                         "directly and through LiteLLM 1.106.12 (one worker); one whole job through the proxy with the "
                         "queue (stand-in speed 1000, content at 1/4 size). Measured on the shared 2-core machine "
                         "while other engineers ran tests: read the ratio, not the milliseconds.", size=("--calls", 20))


if __name__ == "__main__":
    main()

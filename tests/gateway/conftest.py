"""A real LiteLLM proxy on a free loopback port, routing model names to ``slate standin`` as its upstream.

The proxy is the package LiteLLM ships (``litellm[proxy]==1.106.12``, the ``gateway`` extra), installed by
scripts/setup.sh into its own ``.venv-gateway``: its pins (rich<14, starlette, ...) would break the app's test tools
in the main venv. It starts with a generated strong master key (it refuses weak ones) and
``LITELLM_LOCAL_MODEL_COST_MAP=True`` (no fetch of its price map: nothing here leaves loopback).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from composer.standin.server import StandinThread, free_port
from tests.standin.conftest import standin, start_standin  # noqa: F401  (the stand-in is the upstream)

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM_KEY = "sk-standin-upstream-key"


def litellm_bin() -> Path | None:
    env = os.environ.get("SLATE_LITELLM")
    for p in ([Path(env)] if env else []) + [ROOT / ".venv-gateway" / "bin" / "litellm"]:
        if p.exists():
            return p
    return None


@dataclass
class Gateway:
    port: int
    master_key: str
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def routes_to(upstream: StandinThread, names: list[str]) -> list[dict[str, object]]:
    """A model_list entry per name, each an ``openai/`` deployment whose upstream is the stand-in."""
    return [{"model_name": n, "litellm_params": {"model": f"openai/{n}", "api_base": upstream.base_url,
                                                  "api_key": UPSTREAM_KEY}} for n in names]


def start_gateway(model_list: list[dict[str, object]], tmp: Path) -> Gateway:
    exe = litellm_bin()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("the LiteLLM proxy is not installed: scripts/setup.sh installs it into .venv-gateway")
        pytest.skip("LiteLLM proxy not installed (run scripts/setup.sh: it installs the gateway extra)")
    master = "sk-" + secrets.token_urlsafe(36)  # the proxy refuses weak master keys
    config = tmp / "litellm.yaml"
    config.write_text(yaml.safe_dump({"model_list": model_list, "general_settings": {"master_key": master},
                                      "litellm_settings": {"drop_params": False}}))
    port = free_port()
    log = tmp / "litellm.log"
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_LOG="ERROR", NO_PROXY="*",
               DISABLE_SCHEMA_UPDATE="True", LITELLM_MASTER_KEY=master)
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([str(exe), "--config", str(config), "--host", "127.0.0.1", "--port", str(port),
                             "--num_workers", "1"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    gw = Gateway(port, master, proc, log)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the proxy exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/liveliness", timeout=1).status_code == 200:
                return gw
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    proc.kill()
    raise AssertionError(f"the proxy did not start within 180 s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Callable[[list[dict[str, object]]], Gateway]]:
    started: list[Gateway] = []

    def start(model_list: list[dict[str, object]]) -> Gateway:
        gw = start_gateway(model_list, tmp_path)
        started.append(gw)
        return gw
    yield start
    for gw in started:
        gw.proc.terminate()
        try:
            gw.proc.wait(10)
        except subprocess.TimeoutExpired:
            gw.proc.kill()
            gw.proc.wait(5)

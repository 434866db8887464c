"""Run the stand-in: in the foreground (CLI) or in a background thread on a free loopback port (tests, demos)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from composer.errors import InputError
from composer.runtime.net import is_loopback
from composer.standin.app import StandinConfig, create_app

__all__ = ["StandinThread", "free_port", "is_loopback", "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StandinThread:
    """A stand-in on 127.0.0.1 in a daemon thread; ``base_url`` is what the SDK takes."""

    def __init__(self, config: StandinConfig | None = None, port: int | None = None) -> None:
        import uvicorn

        self.config = config or StandinConfig()
        self.port = port or free_port()
        self.app = create_app(self.config)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    access_log=False, lifespan="off"))
        self.app.state.drop_connection = _dropper(self.server)
        self.thread = threading.Thread(target=self.server.run, name="standin", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StandinThread:
        self.thread.start()
        end = time.time() + 10
        while not self.server.started and time.time() < end:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


def _dropper(server: Any) -> Callable[[Any], bool]:
    """Abort (RST) the TCP connection a request came on: what the ``reset``/``lost`` faults mean."""
    def drop(scope: Any) -> bool:
        client = tuple(scope.get("client") or ())
        for conn in list(server.server_state.connections):
            if getattr(conn, "client", None) == client and getattr(conn, "transport", None) is not None:
                conn.transport.abort()
                return True
        return False
    return drop


def serve(config: StandinConfig, host: str, port: int, *, allow_remote: bool = False) -> None:
    import uvicorn

    if not is_loopback(host) and not allow_remote:
        raise InputError(f"refusing to serve on {host}: the stand-in binds loopback only",
                         hint="Use --host 127.0.0.1, or pass --allow-remote if you really mean it.")
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    app.state.drop_connection = _dropper(server)
    server.run()

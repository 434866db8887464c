"""A rogue HTTP endpoint on loopback: it answers whatever a test tells it to, byte for byte.

The stand-in answers like the Videos API; this one does not, on purpose: HTML, garbage, a wrong schema, a list, a huge
or trickling body, a dropped connection. It is a real server on a real socket (``http.server``), so the openai SDK and
httpx in front of the backend see exactly what a broken proxy would send them.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes | Iterator[bytes] = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None  # Content-Length to announce (default: len(body) for bytes, chunked for iterators)
    drop: bool = False  # close the socket without answering
    delay_s: float = 0.0  # before each chunk of an iterator body (a trickle)


Responder = Callable[[str, str, bytes], Answer]  # (method, path, request body) -> Answer


class Rogue:
    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.requests: list[tuple[str, str]] = []
        rogue = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_a: object) -> None:
                return None

            def _handle(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(n) if n else b""
                rogue.requests.append((self.command, self.path))
                a = rogue.responder(self.command, self.path, body)
                if a.drop:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    self.close_connection = True
                    return
                self.send_response(a.status)
                self.send_header("content-type", a.content_type)
                for k, v in a.headers.items():
                    self.send_header(k, v)
                try:
                    if isinstance(a.body, bytes):
                        self.send_header("content-length", str(a.length if a.length is not None else len(a.body)))
                        self.end_headers()
                        self.wfile.write(a.body)
                    else:
                        if a.length is not None:
                            self.send_header("content-length", str(a.length))
                        else:
                            self.send_header("transfer-encoding", "chunked")
                        self.end_headers()
                        for chunk in a.body:
                            if a.delay_s:
                                time.sleep(a.delay_s)
                            if a.length is None:
                                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                            else:
                                self.wfile.write(chunk)
                            self.wfile.flush()
                        if a.length is None:
                            self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_POST = do_DELETE = _handle  # noqa: N815

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                return None  # clients dropping the connection (timeouts, the SDK giving up) are the point here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="rogue", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> Rogue:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

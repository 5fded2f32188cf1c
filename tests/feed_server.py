"""A GDELT-like feed on loopback for the follower's tests: an update list and export files that a test can change
while a follower runs, cut short once, delay, and count the requests for."""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FeedState:
    files: dict[str, bytes] = field(default_factory=dict)  # name -> body served
    listed: list[str] = field(default_factory=list)  # names in lastupdate.txt, in order
    wrong_md5: set[str] = field(default_factory=set)  # listed with a checksum that is not the file's
    cut_once: set[str] = field(default_factory=set)  # the next response sends half the body, then closes
    delay: dict[str, float] = field(default_factory=dict)  # seconds to wait before answering
    requests: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, body: bytes) -> None:
        with self.lock:
            self.files[name] = body
            self.listed.append(name)

    def update_list(self, base: str) -> bytes:
        lines = []
        with self.lock:
            for name in self.listed:
                body = self.files[name]
                md5 = hashlib.md5(body, usedforsecurity=False).hexdigest()
                if name in self.wrong_md5:
                    md5 = "0" * 32
                lines.append(f"{len(body)} {md5} {base}/{name}")
                # GDELT lists mentions and GKG files too: the follower must leave them out.
                lines.append(f"10 {'1' * 32} {base}/{name.replace('export', 'mentions')}")
        return ("\n".join(lines) + "\n").encode()


def _handler(state: FeedState, base: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            name = self.path.rsplit("/", 1)[-1]
            state.requests[name] += 1
            if name == "lastupdate.txt":
                self._send(state.update_list(base[0]))
                return
            time.sleep(state.delay.get(name, 0.0))
            body = state.files.get(name)
            if body is None:
                self.send_error(404)
                return
            if name in state.cut_once:
                state.cut_once.discard(name)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body) // 2))  # a proxy that lost the tail
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                return
            self._send(body)

        def _send(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A follower that timed out or was stopped closes its connection while a delayed answer is still being
        # written: expected here, and printing it would land in whatever test captures stderr at that moment.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve_feed(state: FeedState) -> Iterator[str]:
    """The feed's base URL (http://127.0.0.1:<free port>/gdeltv2) while the server runs."""
    base: list[str] = []
    server = _FeedServer(("127.0.0.1", 0), _handler(state, base))
    base.append(f"http://127.0.0.1:{server.server_address[1]}/gdeltv2")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base[0]
    finally:
        server.shutdown()
        server.server_close()

"""A real HTTP server on 127.0.0.1 for the feed-watcher tests: routes the test changes between polls.

Each route serves a body with optional ETag / Last-Modified (answering 304 to a matching
conditional request), or misbehaves: an HTTP error status, a delay longer than the client's
timeout, or an endless body. Every request is recorded with its headers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    endless: bool = False  # stream 64 KB chunks until the client hangs up (or 200 MB)


@dataclass
class FeedServer:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    endless_bytes_sent: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def _handler(server_state: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            server_state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server_state.routes.get(self.path)
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.status != 200:
                self._send(route.status, b"server error", "text/plain", extra={"Retry-After": "1"})
                return
            if route.endless:
                self._stream_endless()
                return
            if_none_match = self.headers.get("If-None-Match")
            # RFC 9110: If-None-Match, when sent, decides; If-Modified-Since only counts without it
            if (if_none_match == route.etag if if_none_match and route.etag
                    else route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
                self._send(304, b"", None, route)
                return
            self._send(200, route.body, route.content_type, route)

        def _send(self, status: int, body: bytes, content_type: str | None, route: Route | None = None,
                  extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if route and route.etag:
                self.send_header("ETag", route.etag)
            if route and route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _stream_endless(self) -> None:
            # no Content-Length: the client only learns the size by reading
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<item><title>padding</title></item>" * 1800
            try:
                self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
                while server_state.endless_bytes_sent < 200 * 1024 * 1024:
                    self.wfile.write(chunk)
                    server_state.endless_bytes_sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    return Handler


@contextmanager
def running_feed_server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()

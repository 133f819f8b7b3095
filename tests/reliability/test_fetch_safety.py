"""URL fetching refuses non-public addresses when asked (redirects included), against a real local server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from warledger.ingest import read_inputs
from warledger.ingest.url import FetchError, fetch_url, non_public_address
from warledger.model import IngestError, RawDocument

ARTICLE = b"Shelling killed 12 civilians in Kharkiv on Tuesday, the regional governor said."


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(ARTICLE)))
        self.end_headers()
        self.wfile.write(ARTICLE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("host", "blocked"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("10.1.2.3", True), ("172.16.0.9", True),
    ("192.168.0.1", True), ("169.254.169.254", True), ("0.0.0.0", True), ("224.0.0.1", True), ("100.64.0.1", True),
    ("fd00::1", True), ("fe80::1", True), ("::ffff:127.0.0.1", True),
    ("8.8.8.8", False), ("2606:4700:4700::1111", False), ("1.1.1.1", False),
])
def test_non_public_addresses(host: str, blocked: bool) -> None:
    assert (non_public_address(host) is not None) == blocked


def test_loopback_is_fetched_by_default_and_refused_when_public_only(server: str) -> None:
    assert fetch_url(f"{server}/a.txt").data == ARTICLE
    with pytest.raises(FetchError, match="private, loopback or reserved"):
        fetch_url(f"{server}/a.txt", public_only=True)


def test_public_only_from_the_environment_is_a_one_line_ingest_error(server: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLEDGER_FETCH_PUBLIC_ONLY", "1")
    items = list(read_inputs([f"{server}/a.txt"]))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert "refused" in items[0].message and "\n" not in items[0].message
    monkeypatch.setenv("WARLEDGER_FETCH_PUBLIC_ONLY", "0")
    assert isinstance(next(iter(read_inputs([f"{server}/a.txt"]))), RawDocument)


def test_other_schemes_are_refused() -> None:
    for url in ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/", "data:text/plain,hi"]:
        with pytest.raises(FetchError, match="scheme"):
            fetch_url(url)

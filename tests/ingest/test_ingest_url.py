"""URL inputs against a real HTTP server on 127.0.0.1 (a thread started by the fixture)."""

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from warledger.ingest import read_inputs
from warledger.ingest.url import FetchError, fetch_url, is_url
from warledger.model import IngestError, RawDocument

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"

LATIN1_STORY = "Two soldiers were wounded near the café on the border road, the ministry said.".encode("latin-1")
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/africa/2023/03/14/shelling": (200, "text/html; charset=utf-8", (FIXTURES / "page_saved.html").read_bytes()),
    "/world/rss": (200, "application/rss+xml", (FIXTURES / "feed_rss.xml").read_bytes()),
    "/export/records": (200, "application/x-ndjson", (FIXTURES / "records.jsonl").read_bytes()),
    "/wire/latin": (200, "text/plain; charset=iso-8859-1", LATIN1_STORY),
    "/empty": (200, "text/plain", b""),
    "/big": (200, "text/plain", b"Shelling continued overnight. " * 2000),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/africa/2023/03/14/shelling")
            self.end_headers()
            return
        if self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/story.txt")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1.5)
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout and size-cap tests)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_page_url(server: str) -> None:
    url = f"{server}/africa/2023/03/14/shelling"
    [doc] = read_inputs([url])
    assert isinstance(doc, RawDocument)
    assert doc.format == "html" and doc.source == url and doc.url == url
    assert "Ménaka" in doc.text


def test_redirect_is_followed_and_the_final_url_kept(server: str) -> None:
    [doc] = read_inputs([f"{server}/moved"])
    assert isinstance(doc, RawDocument)
    assert doc.url == f"{server}/africa/2023/03/14/shelling"


def test_feed_url_gives_entries(server: str) -> None:
    items = list(read_inputs([f"{server}/world/rss"]))
    assert [d.title for d in items] == [
        "Drone strike hits fuel depot near Kramatorsk",
        "Ceasefire talks to resume in Doha next week",
        "Harvest forecast lifted after spring rains",
    ]
    assert items[0].published == dt.date(2024, 5, 21)
    assert items[0].source == f"{server}/world/rss#1"


def test_jsonl_url(server: str) -> None:
    items = list(read_inputs([f"{server}/export/records"]))
    assert [d.id for d in items if isinstance(d, RawDocument)] == ["wire-001", "wire-002", "5"]


def test_declared_charset_is_used(server: str) -> None:
    [doc] = read_inputs([f"{server}/wire/latin"])
    assert isinstance(doc, RawDocument) and "near the café on" in doc.text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/nowhere", "HTTP 404 Not Found"),
        ("/empty", "empty response"),
    ],
)
def test_url_errors(server: str, path: str, message: str) -> None:
    [item] = read_inputs([f"{server}{path}"])
    assert isinstance(item, IngestError)
    assert item.source == f"{server}{path}" and item.message == message


def test_redirect_to_another_scheme_is_not_followed(server: str) -> None:
    [item] = read_inputs([f"{server}/to-ftp"])
    assert isinstance(item, IngestError) and item.message.startswith("cannot fetch")


def test_size_cap(server: str) -> None:
    with pytest.raises(FetchError, match=r"response too large \(60000 bytes; limit 1000\)"):
        fetch_url(f"{server}/big", max_bytes=1000)


def test_timeout(server: str) -> None:
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch_url(f"{server}/slow", timeout=0.3)


def test_unreachable_server_is_an_error_not_a_crash() -> None:
    [item] = read_inputs(["http://127.0.0.1:9/nothing-listens-here"])
    assert isinstance(item, IngestError) and item.message.startswith("cannot fetch")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("ftp://files.example.org/story.txt", "unsupported URL scheme 'ftp'; only http and https are fetched"),
        ("file:///etc/hostname", "unsupported URL scheme 'file'; only http and https are fetched"),
    ],
)
def test_other_schemes_are_refused(arg: str, message: str) -> None:
    [item] = read_inputs([arg])
    assert isinstance(item, IngestError) and item.message == message


@pytest.mark.parametrize(
    ("arg", "expected"),
    [("https://example.org/a", True), ("HTTP://example.org", True), ("ftp://x/y", True),
     ("stories/a.txt", False), ("-", False), ("C:/data/a.txt", False), ("notes://", True)],
)
def test_is_url(arg: str, expected: bool) -> None:
    assert is_url(arg) is expected

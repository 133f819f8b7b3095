"""Public-only fetching (one check for URL ingest, the feed watcher and its page fetches), against a real
HTTP server on 127.0.0.1.

Hosts other than 127.0.0.1 are simulated at the two points the fetcher touches the network: the
system resolver (``socket.getaddrinfo``) answers what each test says, and the TCP connect of
httpcore's socket backend records every address it is asked to reach, routes the one "public"
test address to the local server, and finds any other non-loopback address unreachable. So a
test sees exactly which IP a fetch connected to.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpcore
import pytest
from click.testing import CliRunner

from warledger.cli import main
from warledger.ingest import read_inputs
from warledger.ingest.address_guard import non_public_reason
from warledger.ingest.url import FetchError, fetch_url
from warledger.model import IngestError, RawDocument
from warledger.scale.fetch import FetchFailed, conditional_get, new_client
from warledger.scale.watch import FeedWatcher, WatchState
from warledger.store import Ledger

ARTICLE = b"Shelling killed 12 civilians in Kharkiv on Tuesday, the regional governor said."
PUBLIC_IP = "93.184.215.14"  # a global unicast address; in these tests it "is" the local server
UNREACHABLE_IP = "198.51.100.7"  # not used as public (TEST-NET-2); only to make sure routing is explicit


def rss(base: str, link: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Border Desk</title><link>{base}/</link>'
            f"<item><title>Shelling in Kharkiv</title><link>{link}</link><guid>{link}</guid>"
            "<pubDate>Tue, 17 Nov 2026 07:40:00 GMT</pubDate>"
            "<description>Shelling killed 12 civilians in Kharkiv on Tuesday, the regional governor said.</description>"
            "</item></channel></rss>").encode()


class LocalServer:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _handler(state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            state.requests.append((self.path, self.headers.get("Host", "")))
            url = urlsplit(self.path)
            if url.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", parse_qs(url.query)["to"][0])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind = (rss(f"http://news.example:{state.port}", parse_qs(url.query).get("link", [""])[0]),
                          "application/rss+xml") if url.path == "/feed.rss" else (ARTICLE, "text/plain; charset=utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[LocalServer]:
    state = LocalServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


class FakeNetwork:
    """A resolver answering per name (one answer per lookup, the last repeated) and a recording connect."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, server: LocalServer) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []
        self.connects: list[str] = []
        real_getaddrinfo = socket.getaddrinfo
        real_connect = httpcore.SyncBackend.connect_tcp

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name not in self.answers:
                return real_getaddrinfo(host, port, *args, **kwargs)
            self.lookups.append(name)
            queue = self.answers[name]
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, int(port or 0)))
                    for ip in answer]

        def connect_tcp(backend: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
            if host in self.answers:  # connecting by name: the system resolves it here (what public-only avoids)
                host = str(getaddrinfo(host, port)[0][4][0])
            self.connects.append(host)
            if host == PUBLIC_IP:
                host = "127.0.0.1"  # the simulated public host is the local server
            elif host not in ("127.0.0.1", "localhost"):
                raise httpcore.ConnectError(f"network unreachable: {host} (test network)")
            return real_connect(backend, host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch, server: LocalServer) -> FakeNetwork:
    monkeypatch.delenv("WARLEDGER_FETCH_PUBLIC_ONLY", raising=False)
    return FakeNetwork(monkeypatch, server)


# --- the address classifier ---------------------------------------------------------------------

@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.0.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("fe80::1%eth0", "link-local"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("100.64.0.1", "carrier-grade NAT"), ("240.0.0.1", "reserved"),
    ("192.0.2.10", "private"), ("198.18.0.1", "private"), ("2001:db8::1", "private"),  # documentation, benchmarking
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"), ("::ffff:10.0.0.1", "IPv4-mapped private"),
    ("::ffff:169.254.169.254", "IPv4-mapped link-local"), ("64:ff9b::7f00:1", "NAT64 loopback"),
    ("8.8.8.8", None), ("1.1.1.1", None), (PUBLIC_IP, None), ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None), ("64:ff9b::808:808", None),
])
def test_address_classifier(address: str, reason: str | None) -> None:
    found = non_public_reason(address)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found, found


# --- URL ingest -----------------------------------------------------------------------------------

def test_loopback_is_fetched_by_default_and_refused_when_public_only(server: LocalServer, network: FakeNetwork) -> None:
    url = f"{server.base}/a.txt"
    assert fetch_url(url).data == ARTICLE
    with pytest.raises(FetchError) as info:
        fetch_url(url, public_only=True)
    message = str(info.value)
    assert "\n" not in message and url in message and "127.0.0.1, a loopback address" in message
    assert server.paths() == ["/a.txt"]  # the refused fetch never reached the server


def test_a_public_host_is_fetched_at_its_checked_address_with_its_own_host_header(
        server: LocalServer, network: FakeNetwork) -> None:
    network.answers["news.example"] = [[PUBLIC_IP]]
    fetched = fetch_url(f"http://news.example:{server.port}/a.txt", public_only=True)
    assert fetched.data == ARTICLE
    assert network.connects == [PUBLIC_IP] and network.lookups == ["news.example"]
    assert server.requests == [("/a.txt", f"news.example:{server.port}")]


def test_the_environment_is_the_default_and_the_flag_wins(server: LocalServer, network: FakeNetwork,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"{server.base}/a.txt"
    monkeypatch.setenv("WARLEDGER_FETCH_PUBLIC_ONLY", "1")
    items = list(read_inputs([url]))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert items[0].source == url and "loopback" in items[0].message and "\n" not in items[0].message
    assert isinstance(next(iter(read_inputs([url], public_only=False))), RawDocument)
    monkeypatch.setenv("WARLEDGER_FETCH_PUBLIC_ONLY", "0")
    assert isinstance(next(iter(read_inputs([url]))), RawDocument)
    assert isinstance(next(iter(read_inputs([url], public_only=True))), IngestError)


def test_a_redirect_to_loopback_is_refused(server: LocalServer, network: FakeNetwork) -> None:
    network.answers["news.example"] = [[PUBLIC_IP]]
    url = f"http://news.example:{server.port}/redirect?to=http://127.0.0.1:{server.port}/a.txt"
    assert fetch_url(url).data == ARTICLE  # allowed when the option is off
    server.requests.clear()
    network.connects.clear()
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address") as info:
        fetch_url(url, public_only=True)
    assert url in str(info.value)
    assert server.paths() == [f"/redirect?to=http://127.0.0.1:{server.port}/a.txt"]  # the second hop never left
    # the watcher's client: the same check on every hop
    with new_client(5.0, public_only=True) as client, pytest.raises(FetchFailed, match="loopback"):
        conditional_get(client, url)


def test_a_redirect_to_a_name_for_a_private_address_is_refused(server: LocalServer, network: FakeNetwork) -> None:
    network.answers["news.example"] = [[PUBLIC_IP]]
    network.answers["intranet.example"] = [["10.0.0.8"]]
    url = f"http://news.example:{server.port}/redirect?to=http://intranet.example/admin"
    with pytest.raises(FetchError, match=r"intranet\.example resolves to 10\.0\.0\.8, a private address"):
        fetch_url(url, public_only=True)
    assert "10.0.0.8" not in network.connects


def test_dns_rebinding_cannot_reach_loopback(server: LocalServer, network: FakeNetwork) -> None:
    # answers a public address to the first lookup (the check) and 127.0.0.1 to every later one; a fetcher
    # that checked and then connected by name would reach the local server. The unreachable public address
    # is all this one may try.
    network.answers["rebind.example"] = [["8.8.4.4"], ["127.0.0.1"]]
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch_url(f"http://rebind.example:{server.port}/a.txt", public_only=True)
    assert network.lookups == ["rebind.example"]  # resolved once
    assert network.connects == ["8.8.4.4"]  # and connected to the address that was checked
    assert server.requests == []


def test_a_name_answering_public_and_loopback_together_is_refused(server: LocalServer, network: FakeNetwork) -> None:
    network.answers["mixed.example"] = [[PUBLIC_IP, "127.0.0.1"]]
    with pytest.raises(FetchError, match=r"mixed\.example resolves to 127\.0\.0\.1, a loopback address"):
        fetch_url(f"http://mixed.example:{server.port}/a.txt", public_only=True)
    assert network.connects == [] and server.requests == []


def test_ingest_public_only_flag_refuses_one_input_and_stores_the_rest(server: LocalServer, network: FakeNetwork,
                                                                        tmp_path: Path) -> None:
    local_file = tmp_path / "report.txt"
    local_file.write_bytes(ARTICLE)
    url = f"{server.base}/a.txt"
    db = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    result = CliRunner().invoke(main, ["ingest", "--db", db, "--public-only", url, str(local_file)])
    errors = [line for line in result.stderr.splitlines() if line.startswith("warledger: error:")]
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(errors) == 1 and url in errors[0] and "loopback address" in errors[0], result.stderr
    assert server.requests == []
    ledger = Ledger(db)
    try:
        assert ledger.summary(None)["articles"] == 1  # the local file went on
    finally:
        ledger.close()
    # off (the default, and --allow-private over the environment): the same URL is fetched
    allowed = CliRunner().invoke(main, ["extract", "--format", "jsonl", "--allow-private", url],
                                 env={"WARLEDGER_FETCH_PUBLIC_ONLY": "1"})
    assert allowed.exit_code == 0, allowed.stderr
    assert server.paths() == ["/a.txt"]


# --- the feed watcher -------------------------------------------------------------------------------

def test_the_watcher_refuses_a_loopback_feed_and_a_loopback_page_and_the_other_feeds_go_on(
        server: LocalServer, network: FakeNetwork, tmp_path: Path) -> None:
    network.answers["news.example"] = [[PUBLIC_IP]]
    local_feed = f"{server.base}/feed.rss"
    # a public feed whose item links to a page on the loopback address (summary-only entries have their page fetched)
    public_feed = f"http://news.example:{server.port}/feed.rss?link=http://127.0.0.1:{server.port}/story.html"
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    state = WatchState(tmp_path / "state.watch")
    client = new_client(5.0, public_only=True)
    try:
        watcher = FeedWatcher([local_feed, public_feed], ledger, state, timeout=5.0, client=client)
        reports = {r.feed: r for r in watcher.poll()}
    finally:
        client.close()
        state.close()
        ledger.close()
    refused = reports[local_feed]
    assert refused.status == "error" and refused.error is not None
    assert local_feed in refused.error and "loopback address" in refused.error and "\n" not in refused.error
    ok = reports[public_feed]
    assert ok.status == "ok" and ok.stored == 1, ok
    assert any("127.0.0.1" in p and "loopback" in p for p in ok.problems), ok.problems
    assert [path for path, _ in server.requests] == [f"/feed.rss?link=http://127.0.0.1:{server.port}/story.html"]


def test_watch_command_public_only_flag_and_environment(server: LocalServer, network: FakeNetwork,
                                                        tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}/feed.rss?link={server.base}/a.txt\n")

    def watch(run: str, *extra: str, env: dict[str, str] | None = None) -> Any:
        # a fresh state file per run, so no run is skipped as not yet due
        return CliRunner().invoke(main, ["watch", str(feeds), "--db", f"sqlite:///{tmp_path / 'l.sqlite'}",
                                         "--state", str(tmp_path / f"{run}.watch"), "--once", "--timeout", "5",
                                         *extra], env=env or {})

    refused = watch("flag", "--public-only")
    assert refused.exit_code == 1 and "status=error" in refused.stderr
    assert "refused to fetch" in refused.stderr and "loopback address" in refused.stderr
    assert server.requests == []
    from_env = watch("env", env={"WARLEDGER_FETCH_PUBLIC_ONLY": "1"})
    assert from_env.exit_code == 1 and "refused to fetch" in from_env.stderr and server.requests == []
    allowed = watch("off")
    assert allowed.exit_code == 0 and "status=ok" in allowed.stderr, allowed.stderr
    assert server.requests


def test_other_schemes_are_refused() -> None:
    for url in ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/", "data:text/plain,hi"]:
        with pytest.raises(FetchError, match="scheme"):
            fetch_url(url)

"""The feed watcher against a real HTTP server on 127.0.0.1, storing into a real SQLite ledger."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from feed_server import FeedServer, Route, running_feed_server

from warledger.cli import main
from warledger.model import ArticleResult, RawDocument
from warledger.scale.watch import (
    FeedWatcher,
    WatchError,
    WatchState,
    backoff_delay,
    item_key,
    logfmt_line,
    read_feed_list,
    state_path_for,
)
from warledger.store import Ledger

# --- fixture feeds: written for these tests (fictional reports of realistic events) ---------

SHELLING_ITEM = """
<item>
  <title>Overnight shelling kills three civilians in Kupiansk</title>
  <link>{base}/news/kupiansk-shelling</link>
  <guid>{base}/news/kupiansk-shelling</guid>
  <pubDate>Tue, 17 Nov 2026 07:40:00 GMT</pubDate>
  <description>Three civilians were killed when shells hit a residential street in Kupiansk.</description>
  <content:encoded><![CDATA[
  <p>KHARKIV, Nov 17 (Eastern Wire) - Russian artillery shelled the town of Kupiansk overnight, killing three
  civilians and wounding seven others, the head of the Kharkiv regional administration said on Tuesday.</p>
  <p>Shells struck a residential street and a grocery shop near the railway station shortly after midnight,
  he said in a statement. Two of the wounded were taken to hospital in Kharkiv in serious condition.</p>
  <p>Russia's defence ministry did not comment on the strike. Moscow denies targeting civilians.</p>
  ]]></content:encoded>
</item>"""

DEPOT_ITEM = """
<item>
  <title>Drone strike sets fuel depot ablaze near Kramatorsk</title>
  <link>{base}/news/kramatorsk-depot</link>
  <guid>{base}/news/kramatorsk-depot</guid>
  <pubDate>Wed, 18 Nov 2026 09:15:00 GMT</pubDate>
  <content:encoded><![CDATA[
  <p>KRAMATORSK, Nov 18 (Eastern Wire) - A Russian drone struck a fuel depot on the outskirts of Kramatorsk
  early on Wednesday, wounding two workers and starting a fire that burned for several hours, local
  officials said.</p>
  <p>Firefighters contained the blaze by mid-morning. The city's military administration said air defence
  units had shot down four other drones over the Donetsk region during the night.</p>
  ]]></content:encoded>
</item>"""

HARVEST_ITEM = """
<item>
  <title>Sunflower harvest beats forecasts despite dry autumn</title>
  <link>{base}/news/sunflower-harvest</link>
  <pubDate>Mon, 16 Nov 2026 12:00:00 GMT</pubDate>
  <content:encoded><![CDATA[
  <p>Farmers in central Ukraine have brought in a larger sunflower crop than analysts expected, the
  agriculture ministry said on Monday, as yields held up despite weeks without rain in September.</p>
  <p>Exporters said port capacity on the Danube would limit how quickly the oilseed could be shipped.</p>
  ]]></content:encoded>
</item>"""


def rss(base: str, *items: str) -> bytes:
    body = "".join(item.format(base=base) for item in items)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Eastern Wire</title><link>{base}/</link><description>News from the front</description>"
        f"{body}</channel></rss>"
    ).encode()


def summary_only_atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sahel Monitor</title>
  <id>{base}/atom</id>
  <updated>2026-11-16T18:00:00Z</updated>
  <entry>
    <title>Gunmen kill villagers in central Mali</title>
    <id>tag:sahel-monitor,2026:mali-bankass</id>
    <link href="{base}/pages/mali-bankass.html"/>
    <updated>2026-11-16T18:00:00Z</updated>
    <summary>Suspected jihadists attacked a village in Bankass district, officials said.</summary>
  </entry>
</feed>""".encode()


MALI_PAGE = b"""<!DOCTYPE html>
<html><head><title>Gunmen kill 14 villagers in central Mali - Sahel Monitor</title>
<meta property="article:published_time" content="2026-11-16T17:30:00Z"></head>
<body>
<nav><a href="/">Home</a> <a href="/sahel">Sahel</a> <a href="/about">About us</a></nav>
<article>
<h1>Gunmen kill 14 villagers in central Mali</h1>
<p>BAMAKO, Nov 16 (Sahel Monitor) - Suspected jihadist fighters on motorbikes killed 14 villagers and wounded
at least nine others in an attack on a village in central Mali's Bankass district on Sunday, local officials
said.</p>
<p>The gunmen set fire to granaries and stole livestock before withdrawing towards the border with Burkina Faso,
a local councillor told Sahel Monitor by telephone, asking not to be named for safety reasons.</p>
<p>The army said it had sent reinforcements to the area. No group has claimed responsibility for the attack.</p>
</article>
<footer>Copyright 2026 Sahel Monitor. All rights reserved.</footer>
</body></html>"""

LAST_MODIFIED = "Tue, 17 Nov 2026 08:00:00 GMT"


class RecordingLedger:
    """The real ledger, with a note of every article handed to it."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.results: list[ArticleResult] = []

    def add_results(self, results: Iterable[ArticleResult]) -> Any:
        results = list(results)
        self.results.extend(results)
        return self.ledger.add_results(results)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    with running_feed_server() as srv:
        yield srv


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield led
    led.close()


def _watcher(feeds: list[str], store: Any, state: WatchState, clock: FakeClock | None = None,
             **kwargs: Any) -> FeedWatcher:
    return FeedWatcher(feeds, store, state, interval=300, timeout=kwargs.pop("timeout", 5.0),
                       clock=clock or FakeClock(), **kwargs)


def test_conditional_get_then_only_the_new_item_is_ingested(server: FeedServer, ledger: Ledger,
                                                            tmp_path: Path) -> None:
    server.routes["/wire.rss"] = Route(rss(server.base, SHELLING_ITEM, HARVEST_ITEM), etag='"v1"',
                                       last_modified=LAST_MODIFIED)
    store = RecordingLedger(ledger)
    state = WatchState(tmp_path / "watch.sqlite")
    watcher = _watcher([server.url("/wire.rss")], store, state)

    first = list(watcher.poll(watcher.feeds))[0]
    assert (first.status, first.http_status, first.new_items, first.stored) == ("ok", 200, 2, 2)
    assert first.events_created >= 1
    assert "if-none-match" not in server.requests_for("/wire.rss")[0]

    second = list(watcher.poll(watcher.feeds))[0]
    assert (second.status, second.http_status, second.new_items) == ("not-modified", 304, 0)
    sent = server.requests_for("/wire.rss")[1]
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == LAST_MODIFIED

    # the feed gains an item: only that one is ingested
    server.routes["/wire.rss"] = Route(rss(server.base, DEPOT_ITEM, SHELLING_ITEM, HARVEST_ITEM), etag='"v2"',
                                       last_modified="Wed, 18 Nov 2026 09:20:00 GMT")
    third = list(watcher.poll(watcher.feeds))[0]
    assert (third.status, third.new_items, third.stored) == ("ok", 1, 1)
    assert [r.article.title for r in store.results][-1] == "Drone strike sets fuel depot ablaze near Kramatorsk"
    assert len(store.results) == 3
    assert ledger.stats()["articles"] == 3  # the harvest story is stored too, without events

    # a restart (new state object, same file) remembers the items even when the server re-sends everything
    state.close()
    server.routes["/wire.rss"].etag = '"v3"'
    restarted = _watcher([server.url("/wire.rss")], store, WatchState(tmp_path / "watch.sqlite"))
    again = list(restarted.poll(restarted.feeds))[0]
    assert (again.status, again.http_status, again.new_items) == ("ok", 200, 0)
    assert len(store.results) == 3


def test_failing_feeds_are_logged_backed_off_and_the_others_continue(server: FeedServer, ledger: Ledger,
                                                                     tmp_path: Path) -> None:
    server.routes["/good.rss"] = Route(rss(server.base, SHELLING_ITEM), etag='"g1"')
    server.routes["/error.rss"] = Route(status=500)
    server.routes["/slow.rss"] = Route(rss(server.base, DEPOT_ITEM), delay=3.0)
    server.routes["/broken.rss"] = Route(b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>unclosed")
    server.routes["/huge.rss"] = Route(endless=True)
    feeds = [server.url(p) for p in ("/error.rss", "/slow.rss", "/broken.rss", "/huge.rss", "/good.rss")]
    clock = FakeClock()
    state = WatchState(tmp_path / "watch.sqlite")
    watcher = _watcher(feeds, RecordingLedger(ledger), state, clock, timeout=1.0, max_bytes=512 * 1024)

    reports = {r.feed.rsplit("/", 1)[1]: r for r in watcher.poll(watcher.feeds)}
    assert reports["good.rss"].status == "ok" and reports["good.rss"].stored == 1
    assert reports["error.rss"].error == "HTTP 500 Internal Server Error"
    assert reports["slow.rss"].error == "timed out after 1 s"
    assert reports["broken.rss"].error.startswith("malformed feed XML")
    assert reports["huge.rss"].error == f"response too large (over {512 * 1024} bytes; download stopped)"
    assert server.endless_bytes_sent < 16 * 1024 * 1024  # the download stopped; the server never sent 200 MB
    for name in ("error.rss", "slow.rss", "broken.rss", "huge.rss"):
        assert reports[name].status == "error" and reports[name].failures == 1
        assert reports[name].next_poll == clock.now + 600  # backed off: twice the interval
    assert reports["good.rss"].next_poll == clock.now + 300

    # one interval later only the healthy feed is due
    clock.now += 300
    assert watcher.due() == [server.url("/good.rss")]
    # after the backoff the failing feeds are polled again and back off further
    clock.now += 300
    assert set(watcher.due()) == set(feeds)
    server.routes["/error.rss"] = Route(rss(server.base, DEPOT_ITEM))  # this one recovers
    again = {r.feed.rsplit("/", 1)[1]: r for r in watcher.poll(watcher.due())}
    assert again["error.rss"].status == "ok" and again["error.rss"].stored == 1
    assert again["broken.rss"].failures == 2 and again["broken.rss"].next_poll == clock.now + 1200
    assert again["good.rss"].status == "not-modified"


def test_summary_only_items_have_their_page_fetched(server: FeedServer, ledger: Ledger, tmp_path: Path) -> None:
    server.routes["/sahel.atom"] = Route(summary_only_atom(server.base), content_type="application/atom+xml")
    server.routes["/pages/mali-bankass.html"] = Route(MALI_PAGE, content_type="text/html; charset=utf-8")
    store = RecordingLedger(ledger)
    watcher = _watcher([server.url("/sahel.atom")], store, WatchState(tmp_path / "watch.sqlite"))

    report = list(watcher.poll(watcher.feeds))[0]
    assert (report.status, report.new_items, report.pages_fetched, report.stored) == ("ok", 1, 1, 1)
    assert len(server.requests_for("/pages/mali-bankass.html")) == 1
    article = store.results[0].article
    assert "set fire to granaries" in article.text  # the page's body, not the feed's one-line summary
    assert "All rights reserved" not in article.text
    assert article.url == server.url("/pages/mali-bankass.html")
    killed = [c.best for e in store.results[0].events for c in e.casualties if c.kind == "killed"]
    assert 14 in killed


def test_summary_is_used_when_the_page_cannot_be_fetched(server: FeedServer, ledger: Ledger,
                                                         tmp_path: Path) -> None:
    server.routes["/sahel.atom"] = Route(summary_only_atom(server.base), content_type="application/atom+xml")
    store = RecordingLedger(ledger)
    watcher = _watcher([server.url("/sahel.atom")], store, WatchState(tmp_path / "watch.sqlite"))
    report = list(watcher.poll(watcher.feeds))[0]
    assert report.stored == 1 and report.pages_fetched == 0
    assert report.problems == [f"{server.url('/pages/mali-bankass.html')}: page not fetched (HTTP 404 Not Found); "
                               "the feed summary is used"]


def test_an_item_that_crashes_extraction_is_retried_on_the_next_poll(server: FeedServer, ledger: Ledger,
                                                                   tmp_path: Path) -> None:
    from warledger.pipeline import process_document

    server.routes["/wire.rss"] = Route(rss(server.base, DEPOT_ITEM, SHELLING_ITEM), etag='"v1"')
    crashes = []

    def crash_once_on_the_depot_story(raw: RawDocument) -> ArticleResult:
        if "fuel depot" in raw.text and not crashes:
            crashes.append(raw.source)
            raise KeyError("unexpected")
        return process_document(raw)

    store = RecordingLedger(ledger)
    watcher = _watcher([server.url("/wire.rss")], store, WatchState(tmp_path / "w.sqlite"),
                       process=crash_once_on_the_depot_story)
    first = list(watcher.poll(watcher.feeds))[0]
    assert (first.status, first.new_items, first.stored, first.failed) == ("ok", 2, 1, 1)
    assert first.problems == [f"{server.url('/wire.rss')}#1: extraction failed (KeyError: 'unexpected')"]
    second = list(watcher.poll(watcher.feeds))[0]
    assert "if-none-match" not in server.requests_for("/wire.rss")[1]  # validators kept back: the feed is re-read
    assert (second.status, second.new_items, second.stored, second.failed) == ("ok", 1, 1, 0)
    assert sorted(r.article.title for r in store.results) == [
        "Drone strike sets fuel depot ablaze near Kramatorsk", "Overnight shelling kills three civilians in Kupiansk"]


def test_run_polls_again_when_feeds_are_due_and_stops_after_max_polls(server: FeedServer, ledger: Ledger,
                                                                    tmp_path: Path) -> None:
    server.routes["/wire.rss"] = Route(rss(server.base, SHELLING_ITEM), etag='"v1"')
    clock = FakeClock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    watcher = _watcher([server.url("/wire.rss")], RecordingLedger(ledger), WatchState(tmp_path / "w.sqlite"), clock)
    summary = watcher.run(max_polls=3, sleep=sleep)
    assert slept == [300, 300]
    assert (summary.rounds, summary.polls, summary.stored, summary.not_modified) == (3, 3, 1, 2)
    assert summary.line().startswith("polls: 3 in 3 rounds (not modified: 2, errors: 0); new items: 1, stored: 1")


def test_watch_command_once_logs_one_structured_line_per_poll(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/wire.rss"] = Route(rss(server.base, SHELLING_ITEM, HARVEST_ITEM), etag='"v1"')
    server.routes["/down.rss"] = Route(status=503)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# wires\n{server.url('/wire.rss')}\n\n{server.url('/down.rss')}\n")
    db = f"sqlite:///{tmp_path / 'ledger.sqlite'}"

    result = CliRunner().invoke(main, ["watch", str(feeds), "--db", db, "--once", "--timeout", "5"])
    lines = result.stderr.splitlines()
    polls = [line for line in lines if " event=poll " in line]
    assert len(polls) == 2
    assert f"feed={server.url('/wire.rss')} status=ok http=200 new=2 stored=2" in polls[0]
    assert "next_poll=" in polls[0]
    assert f"feed={server.url('/down.rss')} status=error http=503" in polls[1]
    assert 'error="HTTP 503 Service Unavailable"' in polls[1]
    assert " event=summary " in lines[-1] and "stored=2" in lines[-1]
    assert result.exit_code == 1  # a feed failed
    assert (tmp_path / "ledger.sqlite.watch").exists()

    # a second run sends the validators saved by the first
    feeds.write_text(f"{server.url('/wire.rss')}\n")
    rerun = CliRunner().invoke(main, ["watch", str(feeds), "--db", db, "--once", "--timeout", "5"])
    assert f"feed={server.url('/wire.rss')} status=not-modified http=304 new=0" in rerun.stderr
    assert rerun.exit_code == 0


def test_watch_command_bad_feed_list_is_one_line(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("file:///etc/passwd\n")
    result = CliRunner().invoke(main, ["watch", str(feeds), "--db", f"sqlite:///{tmp_path / 'l.sqlite'}", "--once"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"warledger: error: {feeds}:1: 'file:///etc/passwd' is not an http or https URL"


# --- small pure functions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("https://a.example/rss\n# comment\n\nhttp://b.example/feed.xml  \n", "feeds.txt",
         ["https://a.example/rss", "http://b.example/feed.xml"]),
        ("https://a.example/rss\nhttps://a.example/rss\n", "feeds.txt", ["https://a.example/rss"]),
        ('<?xml version="1.0"?><opml version="2.0"><head><title>Desk</title></head><body>'
         '<outline text="Wires"><outline text="A" type="rss" xmlUrl="https://a.example/rss"/>'
         '<outline text="B" type="rss" xmlUrl="https://b.example/atom.xml" htmlUrl="https://b.example/"/>'
         "</outline></body></opml>", "feeds.opml", ["https://a.example/rss", "https://b.example/atom.xml"]),
    ],
)
def test_read_feed_list(tmp_path: Path, content: str, name: str, expected: list[str]) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert read_feed_list(path) == expected


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("ftp://a.example/rss\n", "feeds.txt", "feeds.txt:1: 'ftp://a.example/rss' is not an http or https URL"),
        ("# nothing yet\n", "feeds.txt", "no feed URLs in the feed list"),
        ("<opml><body><outline xmlUrl='https://a.example/rss'>", "feeds.opml", "not a readable OPML file"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "feeds.opml",
         "not a readable OPML file"),
    ],
)
def test_read_feed_list_errors(tmp_path: Path, content: str, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(WatchError, match=message.replace(".", r"\.").replace("/", "/")):
        read_feed_list(path)


def test_missing_feed_list(tmp_path: Path) -> None:
    with pytest.raises(WatchError, match="cannot read feed list"):
        read_feed_list(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("interval", "failures", "retry_after", "expected"),
    [
        (300, 0, None, 300),  # healthy
        (300, 1, None, 600),  # first failure: twice the interval
        (300, 3, None, 2400),
        (300, 10, None, 6 * 3600),  # capped at six hours
        (300, 1, 3600, 3600),  # the server asked for more time
        (300, 0, 10, 300),  # Retry-After never shortens the interval
    ],
)
def test_backoff_delay(interval: float, failures: int, retry_after: float | None, expected: float) -> None:
    assert backoff_delay(interval, failures, retry_after) == expected


@pytest.mark.parametrize(
    ("db_url", "expected"),
    [
        ("sqlite:////data/ledger.sqlite", Path("/data/ledger.sqlite.watch")),
        ("/data/desk.db", Path("/data/desk.db.watch")),
    ],
)
def test_state_file_lives_next_to_a_sqlite_ledger(db_url: str, expected: Path) -> None:
    assert state_path_for(db_url) == expected


def test_state_file_for_a_server_database_is_in_the_data_dir(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARLEDGER_DATA_DIR", str(tmp_path))
    one = state_path_for("postgresql://desk@db.example/ledger")
    assert one.parent == tmp_path and one != state_path_for("postgresql://desk@db.example/other")


def test_item_key_prefers_the_link() -> None:
    from warledger.model import RawDocument

    linked = RawDocument("f#1", "text", "feed", title="T", url="https://x.example/a")
    unlinked = RawDocument("f#2", "text", "feed", title="T")
    assert item_key(linked) == "https://x.example/a"
    assert item_key(unlinked).startswith("sha256:") and item_key(unlinked) == item_key(
        RawDocument("f#9", "text", "feed", title="T"))


def test_logfmt_line_quotes_values_with_spaces() -> None:
    line = logfmt_line("poll", {"feed": "https://a.example/rss", "status": "error", "error": 'HTTP 500 "x"',
                                "next_poll": None})
    assert line.split(" ", 1)[1] == 'event=poll feed=https://a.example/rss status=error error="HTTP 500 \\"x\\""'

"""Feed watching: poll RSS/Atom feeds, ingest new items into the ledger, remember what was seen.

Per poll of one feed:

1. conditional GET (If-None-Match / If-Modified-Since from the last 200); a 304 costs nothing more;
2. the feed's XML is checked and read by ``warledger.ingest.feed`` (one ``RawDocument`` per entry);
3. entries already seen (by link, else by a hash of title and text) are skipped;
4. an entry that carries only a summary gets its page fetched (the item's link) and goes through
   the normal HTML path; when the page cannot be fetched, the summary is used;
5. new documents go through ``process_document`` and ``Ledger.add_results``; only then are they
   marked seen and the feed's validators saved, so a restart or a failed store never loses an item.

Errors (HTTP >= 400, timeouts, oversize bodies, invalid XML) are logged and the feed is polled
again after an exponential backoff (``interval * 2**failures``, capped, at least Retry-After);
other feeds carry on. The state (validators, backoff, seen items) is a small SQLite file next
to the ledger (``state_path_for``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

import httpx

from warledger.ingest import read_bytes
from warledger.ingest.feed import check_feed_xml, read_feed
from warledger.model import ArticleResult, IngestError, RawDocument
from warledger.paths import data_dir, default_db_url
from warledger.scale.fetch import (
    MAX_BYTES,
    TIMEOUT_SECONDS,
    FetchFailed,
    Response,
    check_scheme,
    conditional_get,
    new_client,
)

DEFAULT_INTERVAL = 300.0
MAX_BACKOFF = 6 * 3600.0
FETCH_THREADS = 8


class WatchError(ValueError):
    """A problem with the watcher's inputs (the feed list, the state file); one line."""


class ResultStore(Protocol):
    """What the watcher needs of ``warledger.store.Ledger``."""

    def add_results(self, results: Iterable[ArticleResult]) -> Any: ...


# --- the feed list -----------------------------------------------------------------------


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a text file (one per line, ``#`` comments) or an OPML file (``xmlUrl`` outlines).

    Raises ``WatchError`` for a missing, unreadable or malformed file, a line that is not an
    http(s) URL, or a list without feeds.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WatchError(f"{path}: cannot read feed list ({exc.strerror or exc})") from None
    head = data.lstrip()[:200].lower()
    if path.suffix.lower() in {".opml", ".xml"} or head.startswith(b"<?xml") or head.startswith(b"<opml"):
        urls = _opml_urls(path, data)
    else:
        urls = _text_urls(path, data)
    if not urls:
        raise WatchError(f"{path}: no feed URLs in the feed list")
    return list(dict.fromkeys(urls))  # same feed listed twice: poll it once


def _text_urls(path: Path, data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WatchError(f"{path}: feed list is not UTF-8 text") from None
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        _check_feed_url(f"{path}:{number}", line)
        urls.append(line)
    return urls


def _opml_urls(path: Path, data: bytes) -> list[str]:
    import defusedxml
    import defusedxml.ElementTree

    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (ParseError, defusedxml.DefusedXmlException) as exc:
        raise WatchError(f"{path}: not a readable OPML file ({str(exc).splitlines()[0]})") from None
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            _check_feed_url(f"{path}: outline {outline.get('text') or outline.get('title') or url!r}", url)
            urls.append(url)
    return urls


def _check_feed_url(where: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise WatchError(f"{where}: {url!r} is not an http or https URL")


# --- state next to the ledger ---------------------------------------------------------------


def state_path_for(db_url: str | None) -> Path:
    """Where the watcher keeps its state for the ledger at ``db_url``.

    A SQLite ledger ``…/ledger.sqlite`` gets ``…/ledger.sqlite.watch``; a server database gets a
    file in the data directory named after a hash of its URL.
    """
    url = db_url or default_db_url()
    if url.startswith("sqlite:///"):
        file = url[len("sqlite:///"):]
        if file and file != ":memory:":
            return Path(file).with_name(Path(file).name + ".watch")
    elif "://" not in url:
        return Path(url).with_name(Path(url).name + ".watch")
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return data_dir() / f"watch-{digest}.sqlite"


@dataclass
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0  # epoch seconds; 0 = due now
    last_status: str | None = None


class WatchState:
    """Validators, backoff and seen items per feed, in a small SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path)
            self.conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS feed (
                    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,
                    failures INTEGER NOT NULL DEFAULT 0, next_poll REAL NOT NULL DEFAULT 0, last_status TEXT);
                CREATE TABLE IF NOT EXISTS seen (
                    feed TEXT NOT NULL, item TEXT NOT NULL, first_seen TEXT NOT NULL, PRIMARY KEY (feed, item));
                """
            )
        except (OSError, sqlite3.Error) as exc:
            raise WatchError(f"{self.path}: cannot open the watch state file ({exc})") from None

    def feed(self, url: str) -> FeedState:
        row = self.conn.execute(
            "SELECT etag, last_modified, failures, next_poll, last_status FROM feed WHERE url = ?", (url,)
        ).fetchone()
        return FeedState(url, *row) if row else FeedState(url)

    def save_feed(self, st: FeedState) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO feed (url, etag, last_modified, failures, next_poll, last_status) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (st.url, st.etag, st.last_modified, st.failures, st.next_poll, st.last_status),
            )

    def seen(self, feed: str, item: str) -> bool:
        return self.conn.execute("SELECT 1 FROM seen WHERE feed = ? AND item = ?", (feed, item)).fetchone() is not None

    def mark_seen(self, feed: str, items: Iterable[str]) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.conn:
            self.conn.executemany("INSERT OR IGNORE INTO seen (feed, item, first_seen) VALUES (?, ?, ?)",
                                  [(feed, item, now) for item in items])

    def close(self) -> None:
        self.conn.close()


def item_key(doc: RawDocument) -> str:
    """How an entry is recognised on the next poll: its link, else a hash of its title and text."""
    if doc.url:
        return doc.url
    digest = hashlib.sha256(f"{doc.title or ''}\n{doc.text}".encode()).hexdigest()
    return f"sha256:{digest}"


def backoff_delay(interval: float, failures: int, retry_after: float | None = None,
                  cap: float = MAX_BACKOFF) -> float:
    """Seconds to the next poll: ``interval`` when healthy, doubled per consecutive failure, capped."""
    delay = interval if failures <= 0 else min(interval * 2 ** failures, max(cap, interval))
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay


# --- polling ----------------------------------------------------------------------------


@dataclass
class PollReport:
    """One poll of one feed: what the log line says."""

    feed: str
    status: str  # "ok" (200), "not-modified" (304), "error"
    http_status: int | None = None
    new_items: int = 0
    stored: int = 0
    failed: int = 0
    events_created: int = 0
    events_updated: int = 0
    pages_fetched: int = 0
    error: str | None = None
    failures: int = 0  # consecutive failed polls
    next_poll: float = 0.0
    problems: list[str] = field(default_factory=list)  # per-item one-line problems

    def fields(self) -> dict[str, Any]:
        return {
            "feed": self.feed, "status": self.status, "http": self.http_status, "new": self.new_items,
            "stored": self.stored, "failed": self.failed, "events_created": self.events_created,
            "events_updated": self.events_updated, "pages": self.pages_fetched, "failures": self.failures,
            "next_poll": _iso(self.next_poll), "error": self.error,
        }


@dataclass
class WatchSummary:
    polls: int = 0
    rounds: int = 0
    errors: int = 0
    not_modified: int = 0
    new_items: int = 0
    stored: int = 0
    failed: int = 0
    events_created: int = 0
    events_updated: int = 0

    def add(self, r: PollReport) -> None:
        self.polls += 1
        self.errors += r.status == "error"
        self.not_modified += r.status == "not-modified"
        self.new_items += r.new_items
        self.stored += r.stored
        self.failed += r.failed
        self.events_created += r.events_created
        self.events_updated += r.events_updated

    def line(self) -> str:
        return (f"polls: {self.polls} in {self.rounds} rounds (not modified: {self.not_modified}, errors: "
                f"{self.errors}); new items: {self.new_items}, stored: {self.stored}, failed: {self.failed}; "
                f"events created: {self.events_created}, updated: {self.events_updated}")


@dataclass
class _Fetched:
    """A feed fetch done in a thread, waiting for the main thread to process and store it."""

    feed: FeedState
    response: Response | None = None
    error: FetchFailed | None = None


class FeedWatcher:
    """Polls a list of feeds and ingests new items into ``store`` (one writer: the calling thread)."""

    def __init__(self, feeds: list[str], store: ResultStore, state: WatchState,
                 interval: float = DEFAULT_INTERVAL, timeout: float = TIMEOUT_SECONDS,
                 max_bytes: int = MAX_BYTES, max_backoff: float = MAX_BACKOFF,
                 process: Callable[[RawDocument], ArticleResult] | None = None,
                 client: httpx.Client | None = None, clock: Callable[[], float] = time.time) -> None:
        if process is None:
            from warledger.pipeline import process_document as process
        self.feeds = feeds
        self.store = store
        self.state = state
        self.interval = interval
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_backoff = max_backoff
        self.process = process
        self.client = client or new_client(timeout)
        self._own_client = client is None
        self.clock = clock

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def due(self, now: float | None = None) -> list[str]:
        now = self.clock() if now is None else now
        return [url for url in self.feeds if self.state.feed(url).next_poll <= now]

    def next_due(self) -> float:
        return min(self.state.feed(url).next_poll for url in self.feeds)

    def poll(self, feeds: list[str] | None = None) -> Iterator[PollReport]:
        """Poll ``feeds`` (default: those due); fetches run in threads, processing and storing here.

        Yields one report per feed, in the order of ``feeds``.
        """
        feeds = self.due() if feeds is None else feeds
        if not feeds:
            return
        with ThreadPoolExecutor(max_workers=min(FETCH_THREADS, len(feeds))) as pool:
            fetches = [pool.submit(self._fetch_feed, self.state.feed(url)) for url in feeds]
            for future in fetches:
                yield self._handle(future.result(), pool)

    def run(self, once: bool = False, max_polls: int | None = None,
            on_report: Callable[[PollReport], None] | None = None,
            sleep: Callable[[float], None] = time.sleep,
            wrap: Callable[[Iterator[PollReport], int], Iterator[PollReport]] | None = None) -> WatchSummary:
        """Poll until stopped: ``once`` polls every feed one time; ``max_polls`` stops after that many rounds.

        ``wrap`` may wrap each round's report iterator (a progress bar). Ctrl-C ends the run after
        the poll in progress; the summary covers everything done.
        """
        summary = WatchSummary()
        try:
            while True:
                feeds = list(self.feeds) if once else self.due()
                if feeds:
                    reports = self.poll(feeds)
                    for report in wrap(reports, len(feeds)) if wrap else reports:
                        summary.add(report)
                        if on_report:
                            on_report(report)
                    summary.rounds += 1
                if once or (max_polls is not None and summary.rounds >= max_polls):
                    return summary
                sleep(max(0.0, min(self.next_due() - self.clock(), self.interval)))
        except KeyboardInterrupt:
            return summary

    # --- one feed ---

    def _fetch_feed(self, feed: FeedState) -> _Fetched:
        try:
            response = conditional_get(self.client, feed.url, feed.etag, feed.last_modified,
                                       max_bytes=self.max_bytes, timeout=self.timeout)
        except FetchFailed as exc:
            return _Fetched(feed, error=exc)
        return _Fetched(feed, response=response)

    def _handle(self, fetched: _Fetched, pool: ThreadPoolExecutor) -> PollReport:
        feed = fetched.feed
        report = PollReport(feed.url, "ok")
        if fetched.error is not None:
            return self._failed(feed, report, str(fetched.error), fetched.error.status, fetched.error.retry_after)
        response = fetched.response
        assert response is not None
        report.http_status = response.status
        if response.status == 304:
            report.status = "not-modified"
            return self._succeeded(feed, report, response, keep_validators=True)
        problem = check_feed_xml(response.data)
        if problem:
            return self._failed(feed, report, problem, response.status)
        all_stored = self._ingest_entries(feed.url, response.data, report, pool)
        return self._succeeded(feed, report, response, keep_validators=not all_stored)

    def _ingest_entries(self, feed_url: str, data: bytes, report: PollReport, pool: ThreadPoolExecutor) -> bool:
        """Ingest the feed's new entries; True when every new entry was stored or is unusable for good."""
        new: list[tuple[str, RawDocument]] = []
        for item in read_feed(feed_url, data):
            if isinstance(item, IngestError):
                if item.source != feed_url:  # an entry without content; "no entries" is not a problem
                    report.problems.append(str(item))
                continue
            key = item_key(item)
            if not self.state.seen(feed_url, key) and all(key != k for k, _ in new):
                new.append((key, item))
        report.new_items = len(new)
        pages = [pool.submit(self._full_page, doc) if doc.summary_only and doc.url else None for _, doc in new]
        done: list[str] = []
        all_stored = True
        for (key, entry), page in zip(new, pages, strict=True):
            doc = entry
            if page is not None:
                doc, problem = page.result()
                if problem:
                    report.problems.append(f"{entry.url}: page not fetched ({problem}); the feed summary is used")
                else:
                    report.pages_fetched += 1
            try:
                result = self.process(doc)
            except ValueError as exc:
                report.failed += 1
                report.problems.append(f"{doc.source}: {exc}")
                done.append(key)  # unusable now, unusable on the next poll too
                continue
            except Exception as exc:  # a bug on one item must not stop the watcher; retried on the next change
                report.failed += 1
                report.problems.append(f"{doc.source}: extraction failed ({type(exc).__name__}: {exc})")
                all_stored = False
                continue
            summary = self.store.add_results([result])
            if summary.failed:
                report.failed += 1
                report.problems.extend(f"{item}: {reason}" for item, reason in summary.failed)
                all_stored = False  # not marked seen: the next poll tries again
                continue
            report.stored += 1
            report.events_created += summary.events_created
            report.events_updated += summary.events_updated
            done.append(key)
        self.state.mark_seen(feed_url, done)
        return all_stored

    def _full_page(self, entry: RawDocument) -> tuple[RawDocument, str | None]:
        """The entry's article page as an HTML document, or the entry and why the page could not be used."""
        assert entry.url is not None
        try:
            check_scheme(entry.url)
            response = conditional_get(self.client, entry.url, max_bytes=self.max_bytes, timeout=self.timeout)
        except FetchFailed as exc:
            return entry, str(exc)
        for doc in read_bytes(entry.url, response.data, "html", content_type=response.content_type,
                              url=response.url):
            if isinstance(doc, IngestError):
                return entry, doc.message
            # the feed's metadata is the publisher's own; keep it where the page adds nothing
            doc.title = doc.title or entry.title
            doc.published = doc.published or entry.published
            doc.outlet = doc.outlet or entry.outlet
            doc.url = entry.url
            return doc, None
        return entry, "empty page"

    def _succeeded(self, feed: FeedState, report: PollReport, response: Response, keep_validators: bool) -> PollReport:
        if not keep_validators:
            feed.etag, feed.last_modified = response.etag, response.last_modified
        feed.failures = 0
        feed.last_status = report.status
        feed.next_poll = self.clock() + backoff_delay(self.interval, 0)
        self.state.save_feed(feed)
        report.next_poll = feed.next_poll
        return report

    def _failed(self, feed: FeedState, report: PollReport, message: str, http_status: int | None = None,
                retry_after: float | None = None) -> PollReport:
        feed.failures += 1
        feed.last_status = "error"
        feed.next_poll = self.clock() + backoff_delay(self.interval, feed.failures, retry_after, self.max_backoff)
        self.state.save_feed(feed)
        report.status = "error"
        report.http_status = http_status
        report.error = message
        report.failures = feed.failures
        report.next_poll = feed.next_poll
        return report


# --- log lines --------------------------------------------------------------------------


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def logfmt_line(event: str, values: dict[str, Any]) -> str:
    """``time=… event=… key=value …``: one structured line (logfmt), values quoted when needed."""
    parts = [f"time={_iso(time.time())}", f"event={event}"]
    for key, value in values.items():
        if value is None:
            continue
        text = str(value)
        if not text or any(c in text for c in ' "=\t\n'):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
        parts.append(f"{key}={text}")
    return " ".join(parts)


def human_line(r: PollReport) -> str:
    """The poll line shown on a terminal."""
    when = dt.datetime.fromtimestamp(r.next_poll).strftime("%H:%M:%S")
    if r.status == "error":
        return f"{r.feed}: error: {r.error} (failure {r.failures}; next poll {when})"
    if r.status == "not-modified":
        return f"{r.feed}: not modified; next poll {when}"
    return (f"{r.feed}: {r.new_items} new, {r.stored} stored, {r.failed} failed, "
            f"{r.events_created} events created, {r.events_updated} updated; next poll {when}")

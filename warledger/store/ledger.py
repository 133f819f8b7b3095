"""The ledger: link and store article results, query events, stream them out.

``Ledger`` is the one class the CLI, exports and the API use. Every article is added in its
own transaction, so a crash loses at most the article in flight and a re-run finishes the job:
an article whose text is already stored (same SHA-256) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, tuple_
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import sessionmaker

from warledger.contract import event_to_dict, ledger_event_to_dict
from warledger.link import (
    LINK_THRESHOLD,
    LSH_BANDS,
    MERGE_THRESHOLD,
    NEAR_DUPLICATE_THRESHOLD,
    UNDATED_LOOKBACK_DAYS,
    Profile,
    Report,
    Window,
    actor_keys,
    band_hashes,
    build_ledger_event,
    candidate_date_bounds,
    casualty_totals,
    content_tokens,
    estimated_jaccard,
    event_window,
    fatalities,
    is_linkable_window,
    link_score,
    minhash_signature,
    places_compatible,
    signature_from_bytes,
    signature_to_bytes,
    statuses_compatible,
    type_score,
    windows_overlap,
)
from warledger.model import Article, ArticleResult, Event, EventFilter, LedgerEvent, Location
from warledger.paths import default_db_url
from warledger.store import countries
from warledger.store.codec import event_from_dict, ledger_event_from_dict
from warledger.store.schema import (
    SCHEMA_REVISION,
    ActorRow,
    ArticleBandRow,
    ArticleRow,
    ArticleVersionRow,
    ClaimRow,
    EventActorRow,
    EventDayRow,
    EventLogRow,
    EventRow,
    LocationRow,
    OutletRow,
    ReportRow,
)

SORTS = ("date", "-date", "fatalities", "-fatalities")
MAX_CANDIDATES = 5000
_bp = sa.bindparam


def _ids() -> Any:
    return _bp("ids", expanding=True)


# the write path's statements, built once: building SQLAlchemy expressions per article costs more
# than running them
_DUPLICATE = select(ArticleVersionRow.id).where(ArticleVersionRow.text_sha256 == _bp("sha")).limit(1)
_ARTICLE_COLS = select(ArticleRow.id, ArticleRow.current_version, ArticleRow.source_group)
_ARTICLE_BY_ID = _ARTICLE_COLS.where(ArticleRow.id == _bp("aid"))
_ARTICLE_BY_URL = _ARTICLE_COLS.where(ArticleRow.url == _bp("url")).limit(1)
_BAND_HITS = select(ArticleBandRow.article_id).where(sa.or_(*(
    (ArticleBandRow.band == band) & (ArticleBandRow.band_hash == _bp(f"h{band}")) for band in range(LSH_BANDS)
))).distinct().limit(200)
_SIGNATURES = (select(ArticleVersionRow.minhash, ArticleRow.source_group)
               .join(ArticleRow, ArticleRow.id == ArticleVersionRow.article_id)
               .where(ArticleVersionRow.article_id.in_(_ids()),
                      ArticleVersionRow.version == ArticleRow.current_version))
_CANDIDATES = select(EventRow.id, EventRow.status, EventRow.event_type, EventRow.sub_event_type, EventRow.date_start,
                     EventRow.date_end, EventRow.date_precision, EventRow.location_name, EventRow.country_code,
                     EventRow.admin1, EventRow.lat, EventRow.lon, EventRow.geo_precision).where(
    EventRow.date_start >= _bp("lo"), EventRow.date_start <= _bp("hi"), EventRow.date_end >= _bp("end_min"))
_CANDIDATES_IN_COUNTRY = _CANDIDATES.where(EventRow.country_code == _bp("cc")).limit(MAX_CANDIDATES)
_CANDIDATES_NO_COUNTRY = _CANDIDATES.where(EventRow.country_code.is_(None)).limit(MAX_CANDIDATES)
_CANDIDATES_ANYWHERE = _CANDIDATES.limit(MAX_CANDIDATES)
_GROUPS_OF_EVENTS = select(ReportRow.event_id, ReportRow.source_group).where(ReportRow.event_id.in_(_ids()))
_DOCS_OF_EVENTS = select(EventRow.id, EventRow.doc).where(EventRow.id.in_(_ids()))
# FOR NO KEY UPDATE on PostgreSQL (nothing on SQLite): a rebuild waits for another transaction adding
# reports to the same event and then reads them; it does not conflict with the key-share locks that
# inserting a report (foreign key) takes
_EVENT_EXISTS = select(EventRow.id).where(EventRow.id == _bp("eid")).with_for_update(key_share=True)
# PostgreSQL advisory-lock namespaces (first key of the two-int form) of linking's blocks; see _lock_blocks
_LOCK_ALL_BLOCKS = 0x57A1_0001
_LOCK_COUNTRY_BLOCK = 0x57A1_0002
_LOCK_MIGRATION = 0x57A1_0003
_RETRY_SQLSTATES = ("40P01", "40001")  # deadlock detected, serialization failure: run the article again
_REPORTS_OF_EVENT = (select(ReportRow.article_id, ReportRow.payload, ReportRow.published, ReportRow.outlet,
                            ReportRow.source_group, ReportRow.superseded)
                     .where(ReportRow.event_id == _bp("eid")).order_by(ReportRow.id))
_OUTLET_ID = select(OutletRow.id).where(OutletRow.name == _bp("name"))
_INSERT_OUTLET = sa.insert(OutletRow)
_LOCATION_ID = select(LocationRow.id).where(LocationRow.key == _bp("key"))
_INSERT_LOCATION = sa.insert(LocationRow)
_ACTOR_ID = select(ActorRow.id).where(ActorRow.name == _bp("name"))
_INSERT_ACTOR = sa.insert(ActorRow)
_UPDATE_EVENT = sa.update(EventRow).where(EventRow.id == _bp("eid"))
_DELETE_CLAIMS = sa.delete(ClaimRow).where(ClaimRow.event_id == _bp("eid"))
_DELETE_EVENT_ACTORS = sa.delete(EventActorRow).where(EventActorRow.event_id == _bp("eid"))
BUCKETS = ("day", "week", "month", "year")
_PAGE_DOCS = select(EventRow.id, EventRow.doc, EventRow.updated_at).where(EventRow.id.in_(_ids()))
# the SQLite R-tree over event points (migration 0002_fast_queries); k is the events rowid
# with each event's exact lat/lon, date_start and id beside its box (0004_geo_pages)
_GEO = sa.table("events_geo", sa.column("k"), sa.column("min_lat"), sa.column("max_lat"), sa.column("min_lon"),
                sa.column("max_lon"), sa.column("lat"), sa.column("lon"), sa.column("date_start"),
                sa.column("event_id"))
_EVENT_ROWID = sa.literal_column("events.rowid")


class LedgerError(Exception):
    """A one-line, user-facing problem with the ledger database."""


@dataclass
class IngestSummary:
    """What one ``add_results`` call did."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    new_versions: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id or source, reason)
    events_created: int = 0
    events_updated: int = 0
    events_merged: int = 0

    def add(self, other: IngestSummary) -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.new_versions += other.new_versions
        self.failed.extend(other.failed)
        self.events_created += other.events_created
        self.events_updated += other.events_updated
        self.events_merged += other.events_merged

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "duplicates": self.duplicates,
            "new_versions": self.new_versions, "failed": [{"item": i, "reason": r} for i, r in self.failed],
            "events_created": self.events_created, "events_updated": self.events_updated,
            "events_merged": self.events_merged,
        }


def normalise_url(url: str | None) -> str:
    """A plain path is a SQLite file; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    url = url or default_db_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


_MAX_SQL_INT = 2**63 - 1  # largest integer SQLite and PostgreSQL bind
SQLITE_POOL_SIZE = 15  # connections to a SQLite ledger per process (as many as SQLAlchemy's default allows at once)


def _migrations_dir() -> Path:
    return Path(__file__).with_name("migrations")


class Ledger:
    """The event ledger in SQLite (default) or PostgreSQL."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalise_url(url)
        # linking thresholds (warledger.link.similarity); attributes so evaluations can sweep them
        self.link_threshold = LINK_THRESHOLD
        self.merge_threshold = MERGE_THRESHOLD
        self._shown_url = _safe_url(self.url)
        try:
            parsed = make_url(self.url)
        except Exception:
            hint = "give a file path, sqlite:///PATH or postgresql://..."
            raise LedgerError(f"{self.url}: not a database URL ({hint})") from None
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            self.engine = self._sqlite_engine(parsed)
        else:
            try:
                self.engine = sa.create_engine(self.url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
            except Exception as exc:  # unknown driver and the like
                raise LedgerError(f"cannot open ledger database {self._shown_url}: {_first_line(exc)}") from None
        self._migrate()
        self._geo_index = self._has_geo_index()
        self._writer = self.engine.execution_options(ledger_write=True)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        # ids of rows that are never deleted, cached across articles (cleared when a transaction fails)
        self._outlet_ids: dict[str, int] = {}
        self._actor_ids: dict[str, int] = {}
        self._location_ids: dict[str, int] = {}

    # --- opening -------------------------------------------------------------------------

    def _sqlite_engine(self, parsed: sa.URL) -> Engine:
        path = parsed.database
        if path and path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise LedgerError(f"cannot open ledger database {self._shown_url}: directory {parent} does not exist")
        # every connection is kept (SQLAlchemy's default keeps 5 and opens up to 10 more for a moment):
        # a SQLite connection is cheap to hold, but a new one parses the schema and prepares its statements
        # again (py-spy showed the API's 15 request threads opening connections under load)
        engine = sa.create_engine(self.url, connect_args={"timeout": 30}, pool_size=SQLITE_POOL_SIZE, max_overflow=0)

        @sa_event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun below, so writers can take the lock first
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @sa_event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            # a writer takes the write lock at BEGIN: a deferred transaction that reads first could
            # fail with "database is locked" without waiting when another writer commits in between
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("ledger_write") else "BEGIN")

        return engine

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(_migrations_dir()))
        script = ScriptDirectory.from_config(cfg)
        known = {rev.revision for rev in script.walk_revisions()}
        try:
            with self.engine.begin() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                if current is not None and current not in known:
                    raise LedgerError(
                        f"ledger database {self._shown_url} has schema version {current}, newer than this "
                        f"warledger knows ({SCHEMA_REVISION}); upgrade warledger to use it"
                    )
            if current != script.get_current_head():
                # take the write lock before looking again: two processes opening a new SQLite file at
                # once would both read "no schema", and the second's upgrade of its read failed at once
                # with "database is locked" instead of waiting (BEGIN IMMEDIATE waits on busy_timeout)
                with self.engine.execution_options(ledger_write=True).begin() as conn:
                    if self.dialect == "postgresql":  # the same on PostgreSQL: one upgrader at a time
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:a, 0)"), {"a": _LOCK_MIGRATION})
                    if MigrationContext.configure(conn).get_current_revision() != script.get_current_head():
                        cfg.attributes["connection"] = conn
                        command.upgrade(cfg, "head")
        except LedgerError:
            raise
        except (OperationalError, DBAPIError) as exc:
            raise LedgerError(f"cannot open ledger database {self._shown_url}: {_first_line(exc)}") from None

    def _has_geo_index(self) -> bool:
        """Whether the SQLite R-tree over event points exists (not on PostgreSQL, nor without the module)."""
        if self.dialect != "sqlite":
            return False
        with self.engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events_geo'")).first() is not None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- adding articles -----------------------------------------------------------------

    def add_results(self, results: Iterable[ArticleResult]) -> IngestSummary:
        """Link and store each article in its own transaction; bad items are reported, not fatal."""
        summary = IngestSummary()
        for result in results:
            summary.add(self.add_result(result))
        return summary

    def add_result(self, result: ArticleResult) -> IngestSummary:
        summary = IngestSummary(read=1)
        label = result.article.id or result.article.source or "<article>"
        for attempt in range(3):
            try:
                with self._writer.begin() as conn:
                    self._add_article(conn, result, summary)
                return summary
            except Exception as exc:
                self._forget_ids()  # ids cached during a rolled-back transaction may not exist
                summary = IngestSummary(read=1)
                if isinstance(exc, IntegrityError):
                    # another process stored the same article or name in the meantime: look again
                    if attempt < 2:
                        continue
                    summary.failed.append((label, f"could not be stored: {_first_line(exc)}"))
                elif isinstance(exc, OperationalError):
                    if _sqlstate(exc) in _RETRY_SQLSTATES and attempt < 2:
                        continue
                    summary.failed.append((label, f"could not be stored: {_first_line(exc)}"))
                elif isinstance(exc, (ValueError, TypeError, KeyError, AttributeError)):
                    summary.failed.append((label, f"invalid article result: {exc}"))
                else:
                    raise
                return summary
        return summary

    def _forget_ids(self) -> None:
        self._outlet_ids.clear()
        self._actor_ids.clear()
        self._location_ids.clear()

    def _add_article(self, c: sa.Connection, result: ArticleResult, summary: IngestSummary) -> None:
        art = result.article
        if not art.id:
            raise ValueError("article has no id")
        self._lock_blocks(c, result.events)
        sha = art.text_sha256 or hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        if c.execute(_DUPLICATE, {"sha": sha}).first() is not None:
            summary.duplicates += 1
            return
        now = _now()
        signature = minhash_signature(art.text)
        existing = c.execute(_ARTICLE_BY_ID, {"aid": art.id}).first()
        if existing is None and art.url:
            existing = c.execute(_ARTICLE_BY_URL, {"url": art.url}).first()
        touched: set[str] = set()
        if existing is not None:
            # the same article re-published with a changed text: a new version replaces the old one's reports
            article_id, version, source_group = existing.id, existing.current_version + 1, existing.source_group
            c.execute(sa.update(ArticleRow).where(ArticleRow.id == article_id).values(current_version=version))
            current = (ReportRow.article_id == article_id) & ReportRow.superseded.is_(False)
            touched.update(c.execute(select(ReportRow.event_id).where(current)).scalars())
            c.execute(sa.update(ReportRow).where(current).values(superseded=True))
            c.execute(sa.delete(ArticleBandRow).where(ArticleBandRow.article_id == article_id))
            summary.new_versions += 1
        else:
            article_id, version = art.id, 1
            source_group = self._near_duplicate_group(c, signature) or article_id
            c.execute(sa.insert(ArticleRow), {"id": article_id, "url": art.url,
                                              "outlet_id": self._outlet_id(c, art.outlet), "current_version": 1,
                                              "source_group": source_group, "first_seen": now})
        c.execute(sa.insert(ArticleVersionRow), dict(
            article_id=article_id, version=version, text_sha256=sha, title=art.title, published=art.published,
            published_inferred=art.published_inferred, language=art.language, text=art.text,
            captions=json.dumps(art.captions, ensure_ascii=False), removed=json.dumps(art.removed, ensure_ascii=False),
            source=art.source, minhash=signature_to_bytes(signature), ingested_at=now,
        ))
        c.execute(sa.insert(ArticleBandRow), [{"article_id": article_id, "band": i, "band_hash": h}
                                              for i, h in enumerate(band_hashes(signature))])

        created: set[str] = set()
        linked_here: set[str] = set()  # one report per ledger event per article
        for ev in result.events:
            profile = report_profile(ev, art.published, source_group)
            scored = self._score_candidates(c, profile, exclude=linked_here)
            if scored:
                score, event_id = scored[0]
                for other_score, other_id in scored[1:]:
                    # a report that matches two stored events strongly is the bridge that shows they are one
                    if other_score >= self.merge_threshold and self._mergeable(c, event_id, other_id):
                        self._merge(c, other_id, event_id, f"merged: article {article_id} reports both", now)
                        touched.discard(other_id)
                        created.discard(other_id)
                        summary.events_merged += 1
            else:
                score = 1.0
                event_id = new_event_id(article_id, version, ev.id)
                c.execute(sa.insert(EventRow), {"id": event_id, "status": ev.status, "doc": "{}", "fatalities": 0,
                                                "independent_sources": 0, "search_text": "", "created_at": now,
                                                "updated_at": now})
                created.add(event_id)
            c.execute(sa.insert(ReportRow), dict(
                event_id=event_id, article_id=article_id, article_version=version, report_event_id=ev.id,
                source_group=source_group, published=art.published, outlet=art.outlet, score=round(score, 4),
                superseded=False, payload=json.dumps(event_to_dict(ev), ensure_ascii=False), linked_at=now,
            ))
            linked_here.add(event_id)
            touched.add(event_id)
        for event_id in sorted(touched):
            self._rebuild_event(c, event_id, now)
        summary.stored += 1
        summary.events_created += len(created)
        summary.events_updated += len(touched - created)

    def _lock_blocks(self, c: sa.Connection, events: list[Event]) -> None:
        """Serialise the linking of concurrent PostgreSQL writers whose reports could meet.

        Finding candidates and inserting a new event are two statements: without a lock two
        ingests reporting the same incident could both find nothing and both create an event.
        Candidates of a report with a country are that country's events and those without a country;
        a report without a country may join any event. So a report with country X takes X's lock
        exclusively and the all-blocks lock shared, a report without a country the all-blocks lock
        exclusively: other countries link in parallel. Transaction-scoped advisory locks, taken at
        the start of the article's transaction in one order (all-blocks, then countries sorted),
        released at commit or rollback. SQLite needs none: a writer holds the database's write lock
        from BEGIN IMMEDIATE.
        """
        if self.dialect != "postgresql":
            return
        codes = {(ev.location.country_code or None) if ev.location else None for ev in events}
        if not codes:
            return
        if None in codes:
            c.execute(sa.text("SELECT pg_advisory_xact_lock(:a, 0)"), {"a": _LOCK_ALL_BLOCKS})
            return
        c.execute(sa.text("SELECT pg_advisory_xact_lock_shared(:a, 0)"), {"a": _LOCK_ALL_BLOCKS})
        for code in sorted(codes):  # type: ignore[type-var]
            c.execute(sa.text("SELECT pg_advisory_xact_lock(:a, :b)"),
                      {"a": _LOCK_COUNTRY_BLOCK, "b": _int32(zlib.crc32(str(code).upper().encode()))})

    def _outlet_id(self, c: sa.Connection, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._outlet_ids:
            found = c.execute(_OUTLET_ID, {"name": name}).scalar()
            if found is None:
                found = c.execute(_INSERT_OUTLET, {"name": name}).inserted_primary_key[0]
            self._outlet_ids[name] = found
        return self._outlet_ids[name]

    def _near_duplicate_group(self, c: sa.Connection, signature: Any) -> str | None:
        # one indexed lookup per band: (band, band_hash) pairs ORed
        keys = {f"h{band}": h for band, h in enumerate(band_hashes(signature))}
        hits = c.execute(_BAND_HITS, keys).scalars().all()
        if not hits:
            return None
        rows = c.execute(_SIGNATURES, {"ids": list(hits)}).all()
        best: tuple[float, str] | None = None
        for minhash, group in rows:
            if minhash is None:
                continue
            sim = estimated_jaccard(signature, signature_from_bytes(minhash))
            if sim >= NEAR_DUPLICATE_THRESHOLD and (best is None or (sim, group) > best):
                best = (sim, group)
        return best[1] if best else None

    def _score_candidates(self, c: sa.Connection, profile: Profile, exclude: set[str]) -> list[tuple[float, str]]:
        """Stored events this report may join, best first, all scoring at least the link threshold.

        Blocking runs on the denormalised columns; only the survivors' documents are read and scored.
        """
        window = profile.window
        if window is None or not is_linkable_window(window):
            return []
        lo, hi, end_min = candidate_date_bounds(window)
        params = {"lo": lo, "hi": hi, "end_min": end_min}
        cc = profile.location.country_code if profile.location else None
        queries = [_CANDIDATES_IN_COUNTRY, _CANDIDATES_NO_COUNTRY] if cc else [_CANDIDATES_ANYWHERE]
        survivors = []
        for query in queries:
            for r in c.execute(query, {**params, "cc": cc}):
                if r.id in exclude or not statuses_compatible(profile.status, r.status):
                    continue
                if type_score(profile.event_type, profile.sub_event_type, r.event_type, r.sub_event_type) == 0.0:
                    continue
                loc = None if r.geo_precision is None else Location(
                    name=r.location_name or "", country_code=r.country_code, admin1=r.admin1, lat=r.lat, lon=r.lon,
                    precision=r.geo_precision)
                if not places_compatible(profile.location, loc):
                    continue
                start = r.date_start - dt.timedelta(days=UNDATED_LOOKBACK_DAYS) if r.date_precision is None \
                    else r.date_start
                if not windows_overlap(window, Window(start, r.date_end)):
                    continue
                survivors.append(r.id)
        if not survivors:
            return []
        groups: dict[str, set[str]] = {}
        for event_id, group in c.execute(_GROUPS_OF_EVENTS, {"ids": survivors}):
            groups.setdefault(event_id, set()).add(group)
        scored = []
        for event_id, doc in c.execute(_DOCS_OF_EVENTS, {"ids": survivors}):
            score = link_score(profile, stored_profile(json.loads(doc), frozenset(groups.get(event_id, ()))))
            if score >= self.link_threshold:
                scored.append((score, event_id))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return scored

    def _mergeable(self, c: sa.Connection, a: str, b: str) -> bool:
        """Could two stored events be one? They must pass blocking against each other (a report covering
        several days must not glue together the daily events of a long battle), and two events reported
        side by side in one article are two events, whatever a third article says."""
        rows = {r.id: r for r in c.execute(
            select(EventRow.id, EventRow.date_start, EventRow.date_end, EventRow.location_name,
                   EventRow.country_code, EventRow.admin1, EventRow.lat, EventRow.lon, EventRow.geo_precision)
            .where(EventRow.id.in_([a, b])))}
        if len(rows) != 2:
            return False
        ra, rb = rows[a], rows[b]
        if None not in (ra.date_start, rb.date_start) and not windows_overlap(
                Window(ra.date_start, ra.date_end), Window(rb.date_start, rb.date_end)):
            return False
        locs = [None if r.geo_precision is None else Location(
            name=r.location_name or "", country_code=r.country_code, admin1=r.admin1, lat=r.lat, lon=r.lon,
            precision=r.geo_precision) for r in (ra, rb)]
        if not places_compatible(*locs):
            return False
        arts_a = set(c.execute(select(ReportRow.article_id).where(ReportRow.event_id == a)).scalars())
        arts_b = set(c.execute(select(ReportRow.article_id).where(ReportRow.event_id == b)).scalars())
        return not (arts_a & arts_b)

    def _merge(self, c: sa.Connection, source: str, target: str, reason: str, now: dt.datetime) -> None:
        c.execute(sa.update(ReportRow).where(ReportRow.event_id == source).values(event_id=target))
        self._delete_event(c, source, reason, now, merged_into=target)

    def _delete_event(self, c: sa.Connection, event_id: str, reason: str, now: dt.datetime,
                      merged_into: str | None = None) -> None:
        c.execute(sa.delete(ClaimRow).where(ClaimRow.event_id == event_id))
        c.execute(sa.delete(EventActorRow).where(EventActorRow.event_id == event_id))
        c.execute(sa.delete(EventRow).where(EventRow.id == event_id))
        c.execute(sa.insert(EventLogRow).values(event_id=event_id, merged_into=merged_into, deleted_at=now,
                                                reason=reason))

    def _rebuild_event(self, c: sa.Connection, event_id: str, now: dt.datetime) -> None:
        """Reconcile an event from its reports and rewrite its row, claims and actor links."""
        if c.execute(_EVENT_EXISTS, {"eid": event_id}).first() is None:
            return
        rows = c.execute(_REPORTS_OF_EVENT, {"eid": event_id}).all()
        if not rows:
            self._delete_event(c, event_id, "deleted: no reports left", now)
            return
        reports = [Report(event=event_from_dict(json.loads(r.payload)), article_id=r.article_id, published=r.published,
                          outlet=r.outlet, source_group=r.source_group, superseded=r.superseded) for r in rows]
        le = build_ledger_event(event_id, reports)
        le.updated_at = now
        ev = le.event
        loc = ev.location
        fallback_day = le.first_reported  # an undated event is filed under the day it was first reported
        c.execute(_UPDATE_EVENT, dict(
            eid=event_id, status=ev.status, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
            date_start=ev.date.start if ev.date else fallback_day,
            date_end=ev.date.end if ev.date else fallback_day,
            date_precision=ev.date.precision if ev.date else None,
            location_id=self._location_id(c, loc),
            location_name=loc.name if loc else None, country=loc.country if loc else None,
            country_code=loc.country_code if loc else None, admin1=loc.admin1 if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None, geo_precision=loc.precision if loc else None,
            fatalities=fatalities(le), independent_sources=le.independent_sources,
            first_reported=le.first_reported, last_updated=le.last_updated, search_text=search_text(le),
            doc=json.dumps(ledger_event_to_dict(le), ensure_ascii=False), updated_at=now,
        ))
        c.execute(_DELETE_CLAIMS, {"eid": event_id})
        if le.claims:
            c.execute(ClaimRow.__table__.insert(), [{
                "event_id": event_id, "article_id": x.article_id, "materiel": x.materiel, "kind": x.kind,
                "grp": x.group, "side": x.side, "outcome": x.outcome, "low": x.low, "best": x.best, "high": x.high,
                "claimed_by": x.claimed_by, "partisan": x.partisan, "outlet": x.outlet, "published": x.published,
                "evidence": json.dumps([{"start": e.start, "end": e.end, "text": e.text} for e in x.evidence],
                                       ensure_ascii=False),
            } for x in le.claims])
        c.execute(_DELETE_EVENT_ACTORS, {"eid": event_id})
        links: dict[tuple[int, str], dict[str, Any]] = {}
        for a in ev.actors:
            actor_id = self._actor_id(c, a.name, a.type)
            links.setdefault((actor_id, a.role), {"event_id": event_id, "actor_id": actor_id, "role": a.role,
                                                  "side": a.side, "backed_by": a.backed_by})
        if links:
            c.execute(sa.insert(EventActorRow), list(links.values()))

    def _location_id(self, c: sa.Connection, loc: Location | None) -> int | None:
        if loc is None:
            return None
        key = f"geonames:{loc.geonameid}" if loc.geonameid else f"{loc.name}|{loc.country_code}|{loc.precision}"
        if key not in self._location_ids:
            found = c.execute(_LOCATION_ID, {"key": key}).scalar()
            if found is None:
                found = c.execute(_INSERT_LOCATION, dict(
                    key=key, name=loc.name, country=loc.country, country_code=loc.country_code, admin1=loc.admin1,
                    lat=loc.lat, lon=loc.lon, precision=loc.precision, geonameid=loc.geonameid,
                )).inserted_primary_key[0]
            self._location_ids[key] = found
        return self._location_ids[key]

    def _actor_id(self, c: sa.Connection, name: str, type_: str) -> int:
        if name not in self._actor_ids:
            found = c.execute(_ACTOR_ID, {"name": name}).scalar()
            if found is None:
                found = c.execute(_INSERT_ACTOR, {"name": name, "name_lower": name.casefold(),
                                                  "type": type_}).inserted_primary_key[0]
            self._actor_ids[name] = found
        return self._actor_ids[name]

    # --- reading -------------------------------------------------------------------------

    def filter_params(self, flt: EventFilter | None) -> dict[str, Any]:
        """The values ``where`` binds for ``flt``, by parameter name (all start with ``f_``).

        The names alone decide the SQL that ``where`` writes (with the dialect and whether this
        ledger has its R-tree): a statement compiled once for one set of names serves every filter
        with the same names, run with these values. That is how the API avoids building and
        compiling a statement per request (``warledger.api.queries``).
        """
        p: dict[str, Any] = {}
        if flt is None:
            return p
        if flt.country:
            c = countries.lookup(flt.country)
            if c:
                p["f_country_code"] = c.iso2
            else:  # not a country we know: by the stored name, case-insensitively
                p["f_country_name"] = flt.country.strip().lower()
        if flt.event_type:
            p["f_event_type"] = flt.event_type
        if flt.sub_event_type:
            p["f_sub_event_type"] = flt.sub_event_type
        if flt.date_from:
            p["f_date_from"] = flt.date_from
        if flt.date_to:
            p["f_date_to"] = flt.date_to
        if flt.bbox:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            p["f_min_lat"], p["f_max_lat"] = min_lat, max_lat
            if min_lon <= max_lon:
                p["f_min_lon"], p["f_max_lon"] = min_lon, max_lon
            else:  # the box crosses the antimeridian: other names, because other SQL
                p["f_wrap_min_lon"], p["f_wrap_max_lon"] = min_lon, max_lon
        if flt.actor:
            p["f_actor_like"] = f"%{_escape_like(flt.actor.casefold())}%"
        if flt.min_fatalities is not None:
            p["f_min_fatalities"] = flt.min_fatalities
        if flt.text:
            p["f_text_like"] = f"%{_escape_like(flt.text.casefold())}%"
        if flt.status:
            p["f_status"] = flt.status
        return p

    def where(self, q: sa.Select, flt: EventFilter | None) -> sa.Select:
        """``q`` (a select over ``events``) narrowed to the events ``flt`` matches.

        Every filtered read of the store goes through here, and so does the API's, so the two can
        never disagree on what a filter matches. The values are named bound parameters (see
        ``filter_params``).
        """
        return self._where_params(q, self.filter_params(flt))

    def _where_params(self, q: sa.Select, p: dict[str, Any]) -> sa.Select:
        def bound(name: str) -> Any:
            return sa.bindparam(name, p[name])

        if "f_country_code" in p:
            q = q.where(EventRow.country_code == bound("f_country_code"))
        if "f_country_name" in p:
            q = q.where(func.lower(EventRow.country) == bound("f_country_name"))
        if "f_event_type" in p:
            q = q.where(EventRow.event_type == bound("f_event_type"))
        if "f_sub_event_type" in p:
            q = q.where(EventRow.sub_event_type == bound("f_sub_event_type"))
        if "f_date_from" in p:
            q = q.where(EventRow.date_start >= bound("f_date_from"))
        if "f_date_to" in p:
            q = q.where(EventRow.date_start <= bound("f_date_to"))
        if "f_min_lat" in p:
            min_lat, max_lat = bound("f_min_lat"), bound("f_max_lat")
            q = q.where(EventRow.lat >= min_lat, EventRow.lat <= max_lat)
            wraps = "f_wrap_min_lon" in p
            min_lon, max_lon = (bound("f_wrap_min_lon"), bound("f_wrap_max_lon")) if wraps else (
                bound("f_min_lon"), bound("f_max_lon"))
            if not wraps:
                q = q.where(EventRow.lon >= min_lon, EventRow.lon <= max_lon)
            else:  # the box crosses the antimeridian
                q = q.where(sa.or_(EventRow.lon >= min_lon, EventRow.lon <= max_lon))
            if self._geo_index:
                # the R-tree narrows the box to the events inside it; it stores 32-bit floats rounded
                # outwards, so it is asked for overlap (a superset) and the exact tests above decide
                g = _GEO.c
                spans = [(min_lon, sa.literal(180.0)), (sa.literal(-180.0), max_lon)] if wraps else [(min_lon, max_lon)]
                parts = [select(g.k).where(g.max_lat >= min_lat, g.min_lat <= max_lat, g.max_lon >= lo, g.min_lon <= hi)
                         for lo, hi in spans]
                q = q.where(_EVENT_ROWID.in_(sa.union_all(*parts) if len(parts) > 1 else parts[0]))
        if "f_actor_like" in p:
            q = q.where(sa.exists(
                select(EventActorRow.event_id)
                .join(ActorRow, ActorRow.id == EventActorRow.actor_id)
                .where(EventActorRow.event_id == EventRow.id,
                       ActorRow.name_lower.like(bound("f_actor_like"), escape="\\"))
            ))
        if "f_min_fatalities" in p:
            q = q.where(EventRow.fatalities >= bound("f_min_fatalities"))
        if "f_text_like" in p:
            q = q.where(EventRow.search_text.like(bound("f_text_like"), escape="\\"))
        if "f_status" in p:
            q = q.where(EventRow.status == bound("f_status"))
        return q

    def _order(self, q: sa.Select, sort: str) -> sa.Select:
        if sort not in SORTS:
            raise LedgerError(f"sort {sort!r} is not one of {', '.join(SORTS)}")
        if sort == "date":
            return q.order_by(EventRow.date_start.asc(), EventRow.id.asc())
        if sort == "-date":
            return q.order_by(EventRow.date_start.desc(), EventRow.id.desc())
        direction = sa.asc if sort == "fatalities" else sa.desc
        return q.order_by(direction(EventRow.fatalities), EventRow.date_start.desc(), EventRow.id.desc())

    @staticmethod
    def _to_event(doc: str, updated_at: dt.datetime | None) -> LedgerEvent:
        le = ledger_event_from_dict(json.loads(doc))
        le.updated_at = updated_at
        return le

    def query_events(self, flt: EventFilter | None = None, limit: int = 100, offset: int = 0,
                     sort: str = "-date") -> list[LedgerEvent]:
        if offset > _MAX_SQL_INT:  # a page far past any ledger; the driver cannot bind the number
            return []
        if self._box_only(flt) and sort in ("date", "-date"):  # a map page: the R-tree alone gives the ids
            g = _GEO.c
            order = (g.date_start.desc(), g.event_id.desc()) if sort == "-date" else (g.date_start, g.event_id)
            q = self._in_box(select(g.event_id), flt.bbox).order_by(*order)  # type: ignore[union-attr,arg-type]
        else:
            q = self._order(self.where(select(EventRow.id), flt), sort)
        # two steps: the page's ids from the indexes alone (skipped and sorted rows never read their
        # documents), then the documents of those ids, in one read transaction
        q = q.limit(max(0, min(limit, _MAX_SQL_INT))).offset(max(0, offset))
        with self.engine.connect() as s:
            ids = s.execute(q).scalars().all()
            if not ids:
                return []
            docs = {r.id: (r.doc, r.updated_at) for r in s.execute(_PAGE_DOCS, {"ids": list(ids)})}
        return [self._to_event(*docs[i]) for i in ids if i in docs]

    def count_events(self, flt: EventFilter | None = None) -> int:
        if self._box_only(flt):
            with self.engine.connect() as s:
                return int(s.scalar(self._in_box(select(func.count()), flt.bbox)) or 0)  # type: ignore[union-attr,arg-type]
        with self.engine.connect() as s:
            return int(s.scalar(self.where(select(func.count()).select_from(EventRow), flt)) or 0)

    def _box_only(self, flt: EventFilter | None) -> bool:
        """A filter on a bounding box and nothing else, with the R-tree there to answer it."""
        return self._geo_index and flt is not None and flt.bbox is not None and flt == EventFilter(bbox=flt.bbox)

    @staticmethod
    def _in_box(q: sa.Select, bbox: tuple[float, float, float, float]) -> sa.Select:
        """Rows of ``events_geo`` inside the box: the R-tree's 32-bit boxes (rounded outwards) are
        searched for overlap, the exact lat/lon beside them decide, edges included."""
        min_lon, min_lat, max_lon, max_lat = bbox
        g = _GEO.c
        q = q.select_from(_GEO).where(g.max_lat >= min_lat, g.min_lat <= max_lat, g.lat >= min_lat,
                                      g.lat <= max_lat)
        if min_lon <= max_lon:
            return q.where(g.max_lon >= min_lon, g.min_lon <= max_lon, g.lon >= min_lon, g.lon <= max_lon)
        return q.where(sa.or_(g.lon >= min_lon, g.lon <= max_lon))  # across the antimeridian

    def iter_events(self, flt: EventFilter | None = None, batch_size: int = 1000) -> Iterator[LedgerEvent]:
        """All matching events in date order, fetched in keyset-paginated batches (bounded memory)."""
        base = self.where(select(EventRow.date_start, EventRow.id, EventRow.doc, EventRow.updated_at), flt)
        # undated events first (they sort before every date), then by (date_start, id)
        last_id = ""
        while True:
            with self.engine.connect() as s:
                rows = s.execute(base.where(EventRow.date_start.is_(None), EventRow.id > last_id)
                                 .order_by(EventRow.id).limit(batch_size)).all()
            for r in rows:
                yield self._to_event(r.doc, r.updated_at)
            if len(rows) < batch_size:
                break
            last_id = rows[-1].id
        key: tuple[dt.date, str] | None = None
        while True:
            q = base.where(EventRow.date_start.is_not(None))
            if key is not None:
                q = q.where(tuple_(EventRow.date_start, EventRow.id) > key)
            with self.engine.connect() as s:
                rows = s.execute(q.order_by(EventRow.date_start, EventRow.id).limit(batch_size)).all()
            for r in rows:
                yield self._to_event(r.doc, r.updated_at)
            if len(rows) < batch_size:
                return
            key = (rows[-1].date_start, rows[-1].id)

    def get_event(self, event_id: str) -> LedgerEvent | None:
        with self.engine.connect() as s:
            row = s.execute(select(EventRow.doc, EventRow.updated_at).where(EventRow.id == event_id)).first()
        return self._to_event(row.doc, row.updated_at) if row else None

    def get_article(self, article_id: str) -> Article | None:
        """The current version of an article (cleaned text, captions, removed lines)."""
        with self._session() as s:
            row = s.execute(
                select(ArticleVersionRow, ArticleRow.url, OutletRow.name)
                .join(ArticleRow, ArticleRow.id == ArticleVersionRow.article_id)
                .outerjoin(OutletRow, OutletRow.id == ArticleRow.outlet_id)
                .where(ArticleVersionRow.article_id == article_id,
                       ArticleVersionRow.version == ArticleRow.current_version)
            ).first()
        if row is None:
            return None
        v, url, outlet = row
        return Article(id=article_id, text=v.text, title=v.title, published=v.published,
                       published_inferred=v.published_inferred, outlet=outlet, url=url, text_sha256=v.text_sha256,
                       language=v.language, captions=json.loads(v.captions), removed=json.loads(v.removed),
                       source=v.source)

    def timeline(self, flt: EventFilter | None = None, bucket: str = "day") -> list[dict[str, Any]]:
        """Events and fatalities per period and event type, oldest first (undated events left out).

        Filters on country, event type, status and dates only are answered from the daily sums in
        ``event_days``; any other filter adds up the matching events themselves.
        """
        if bucket not in BUCKETS:
            raise LedgerError(f"bucket {bucket!r} is not one of {', '.join(BUCKETS)}")
        if _day_sums_answer(flt):
            d = EventDayRow
            period = self._period(bucket, d.day).label("period")
            etype = func.nullif(d.event_type, "")
            q = self._where_days(select(period, etype.label("event_type"), func.sum(d.events).label("events"),
                                        func.sum(d.fatalities).label("fatalities")), flt)
            q = q.group_by(period, etype).having(func.sum(d.events) > 0).order_by(period, etype)
            with self.engine.connect() as s:
                return [{"period": str(p)[:10], "event_type": t, "events": int(n), "fatalities": int(f)}
                        for p, t, n, f in s.execute(q)]
        return self._timeline_of_events(flt, bucket)

    def _timeline_of_events(self, flt: EventFilter | None, bucket: str) -> list[dict[str, Any]]:
        period = self._period(bucket).label("period")
        q = self.where(
            select(period, EventRow.event_type, func.count().label("events"),
                   func.coalesce(func.sum(EventRow.fatalities), 0).label("fatalities"))
            .where(EventRow.date_start.is_not(None)),
            flt,
        ).group_by(period, EventRow.event_type).order_by(period, EventRow.event_type)
        with self.engine.connect() as s:
            return [{"period": str(p)[:10], "event_type": t, "events": int(n), "fatalities": int(f)}
                    for p, t, n, f in s.execute(q)]

    def _where_days(self, q: sa.Select, flt: EventFilter | None) -> sa.Select:
        """``where`` for ``event_days`` (only the filters ``_day_sums_answer`` accepts)."""
        d = EventDayRow
        q = q.select_from(d)
        if flt is None:
            return q
        if flt.country:
            q = q.where(_country_clause(d, flt.country))
        if flt.event_type:
            q = q.where(d.event_type == flt.event_type)
        if flt.date_from:
            q = q.where(d.day >= flt.date_from)
        if flt.date_to:
            q = q.where(d.day <= flt.date_to)
        if flt.status:
            q = q.where(d.status == flt.status)
        return q

    def _period(self, bucket: str, d: Any = EventRow.date_start) -> sa.ColumnElement[Any]:
        if self.dialect == "sqlite":
            return {
                "day": func.date(d),
                "week": func.date(d, "-6 days", "weekday 1"),  # the Monday on or before
                "month": func.strftime("%Y-%m-01", d),
                "year": func.strftime("%Y-01-01", d),
            }[bucket]
        return func.to_char(func.date_trunc(bucket, d), "YYYY-MM-DD")

    def summary(self, flt: EventFilter | None = None) -> dict[str, Any]:
        """Totals, countries and event types of the matching events (from ``event_days`` when the
        filters allow, as ``timeline``), and how many articles report them."""
        if _day_sums_answer(flt):
            return self._summary_of_days(flt)
        return self._summary_of_events(flt)

    def _summary_of_events(self, flt: EventFilter | None) -> dict[str, Any]:
        with self.engine.connect() as s:
            events, fatal, dmin, dmax = s.execute(self.where(
                select(func.count(), func.coalesce(func.sum(EventRow.fatalities), 0),
                       func.min(EventRow.date_start), func.max(EventRow.date_start)).select_from(EventRow), flt)).one()
            ids = self.where(select(EventRow.id), flt).scalar_subquery()
            articles = s.scalar(select(func.count(func.distinct(ReportRow.article_id)))
                                .where(ReportRow.event_id.in_(ids))) or 0
            by_country = s.execute(self.where(
                select(EventRow.country, EventRow.country_code, func.count().label("n")), flt)
                .group_by(EventRow.country, EventRow.country_code).order_by(sa.desc("n"), EventRow.country)).all()
            by_type = s.execute(self.where(select(EventRow.event_type, func.count().label("n")), flt)
                                .group_by(EventRow.event_type).order_by(sa.desc("n"), EventRow.event_type)).all()
        return {
            "events": int(events),
            "fatalities": int(fatal),
            "articles": int(articles),
            "countries": [{"country": c, "country_code": cc, "events": int(n)} for c, cc, n in by_country],
            "event_types": [{"event_type": t, "events": int(n)} for t, n in by_type],
            "date_min": _iso(dmin),
            "date_max": _iso(dmax),
        }

    def _summary_of_days(self, flt: EventFilter | None) -> dict[str, Any]:
        d = EventDayRow
        total = func.sum(d.events)
        country, code = func.nullif(d.country, ""), func.nullif(d.country_code, "")
        etype = func.nullif(d.event_type, "")
        with self.engine.connect() as s:
            events, fatal, dmin, dmax = s.execute(self._where_days(
                select(func.coalesce(total, 0), func.coalesce(func.sum(d.fatalities), 0),
                       func.min(d.day), func.max(d.day)).where(d.events > 0), flt)).one()
            if flt is None or flt == EventFilter():
                articles = s.scalar(select(func.count(func.distinct(ReportRow.article_id)))) or 0
            else:
                ids = self.where(select(EventRow.id), flt).scalar_subquery()
                articles = s.scalar(select(func.count(func.distinct(ReportRow.article_id)))
                                    .where(ReportRow.event_id.in_(ids))) or 0
            by_country = s.execute(self._where_days(select(country, code, total.label("n")), flt)
                                   .group_by(country, code).having(total > 0)
                                   .order_by(sa.desc("n"), country)).all()
            by_type = s.execute(self._where_days(select(etype, total.label("n")), flt)
                                .group_by(etype).having(total > 0).order_by(sa.desc("n"), etype)).all()
            # undated events have no day: count them from the events themselves (few; indexed)
            undated = self.where(select(EventRow.country, EventRow.country_code, EventRow.event_type,
                                         EventRow.fatalities).where(EventRow.date_start.is_(None)), flt)
            undated_rows = s.execute(undated).all()
        out = {
            "events": int(events), "fatalities": int(fatal), "articles": int(articles),
            "countries": [{"country": c, "country_code": cc, "events": int(n)} for c, cc, n in by_country],
            "event_types": [{"event_type": t, "events": int(n)} for t, n in by_type],
            "date_min": _iso(dmin), "date_max": _iso(dmax),
        }
        if undated_rows:
            return self._add_undated(out, undated_rows)
        return out

    @staticmethod
    def _add_undated(out: dict[str, Any], rows: list[Any]) -> dict[str, Any]:
        out["events"] += len(rows)
        out["fatalities"] += sum(r.fatalities or 0 for r in rows)
        by_country = {(c["country"], c["country_code"]): c["events"] for c in out["countries"]}
        by_type = {t["event_type"]: t["events"] for t in out["event_types"]}
        for r in rows:
            by_country[(r.country, r.country_code)] = by_country.get((r.country, r.country_code), 0) + 1
            by_type[r.event_type] = by_type.get(r.event_type, 0) + 1
        out["countries"] = [{"country": c, "country_code": cc, "events": n} for (c, cc), n in
                            sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0][0] or ""))]
        out["event_types"] = [{"event_type": t, "events": n} for t, n in
                              sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0] or ""))]
        return out

    def removed_events(self, since: dt.datetime | None = None) -> list[dict[str, Any]]:
        """Events merged into another or deleted (after ``since``), oldest first."""
        q = select(EventLogRow).order_by(EventLogRow.deleted_at, EventLogRow.id)
        if since is not None:
            q = q.where(EventLogRow.deleted_at >= since)
        with self._session() as s:
            return [{"event_id": r.event_id, "merged_into": r.merged_into, "deleted_at": r.deleted_at.isoformat(),
                     "reason": r.reason} for r in s.scalars(q)]

    def stats(self) -> dict[str, int]:
        """Row counts, for tests and ``warledger events --stats``."""
        with self.engine.connect() as s:
            return {name: int(s.scalar(select(func.count()).select_from(table)) or 0) for name, table in [
                ("articles", ArticleRow), ("article_versions", ArticleVersionRow), ("events", EventRow),
                ("reports", ReportRow), ("claims", ClaimRow), ("actors", ActorRow), ("outlets", OutletRow),
                ("event_log", EventLogRow)]}

    # columns of ``events`` that ``iter_events_where`` may filter on, and the operators it knows
    WHERE_COLUMNS = ("id", "status", "event_type", "sub_event_type", "date_start", "date_end", "date_precision",
                     "country", "country_code", "admin1", "location_name", "lat", "lon", "fatalities", "updated_at")
    WHERE_OPS = ("=", "in", ">", ">=", "<", "<=", "between", "ilike", "is null", "is not null")

    def iter_events_where(self, clauses: Iterable[Iterable[tuple[str, str, Any]]], offset: int = 0,
                          batch_size: int = 1000) -> Iterator[LedgerEvent]:
        """Events matching every clause, newest first (date descending, then id descending; undated last),
        from the ``offset``-th on.

        A clause is a list of ``(column, op, value)`` conditions joined by OR; clauses are joined by
        AND. ``op`` is one of ``WHERE_OPS`` (``between`` takes a pair, ``in`` a sequence, ``ilike`` a
        lower-case LIKE pattern with ``\\`` as escape, the null tests ignore the value). This is the
        generic column filter the ACLED- and UCDP-compatible APIs push their queries down to; batches
        are keyset-paginated (bounded memory).
        """
        base = self._where_clauses(select(EventRow.date_start, EventRow.id, EventRow.doc, EventRow.updated_at),
                                   clauses)
        skip = max(0, offset)
        key: tuple[dt.date, str] | None = None
        while True:
            q = base.where(EventRow.date_start.is_not(None))
            if key is not None:
                q = q.where(tuple_(EventRow.date_start, EventRow.id) < key)
            q = q.order_by(EventRow.date_start.desc(), EventRow.id.desc()).limit(batch_size)
            with self._session() as s:
                rows = s.execute(q.offset(skip) if skip else q).all()
                if skip and not rows:  # the offset passes every dated event: carry the rest over
                    dated = s.scalar(select(func.count()).select_from(
                        base.where(EventRow.date_start.is_not(None)).subquery()))
                    skip -= int(dated or 0)
                    break
            skip = 0
            for r in rows:
                yield self._to_event(r.doc, r.updated_at)
            if len(rows) < batch_size:
                break
            key = (rows[-1].date_start, rows[-1].id)
        last_id: str | None = None
        while True:
            q = base.where(EventRow.date_start.is_(None))
            if last_id is not None:
                q = q.where(EventRow.id < last_id)
            q = q.order_by(EventRow.id.desc()).limit(batch_size)
            with self._session() as s:
                rows = s.execute(q.offset(skip) if skip else q).all()
            skip = 0
            for r in rows:
                yield self._to_event(r.doc, r.updated_at)
            if len(rows) < batch_size:
                return
            last_id = rows[-1].id

    def count_events_where(self, clauses: Iterable[Iterable[tuple[str, str, Any]]]) -> int:
        """How many events ``iter_events_where(clauses)`` yields."""
        with self._session() as s:
            return int(s.scalar(self._where_clauses(select(func.count()).select_from(EventRow), clauses)) or 0)

    def _where_clauses(self, q: sa.Select, clauses: Iterable[Iterable[tuple[str, str, Any]]]) -> sa.Select:
        for clause in clauses:
            terms = [self._where_term(column, op, value) for column, op, value in clause]
            if terms:
                q = q.where(sa.or_(*terms))
        return q

    def _where_term(self, column: str, op: str, value: Any) -> sa.ColumnElement[bool]:
        if column not in self.WHERE_COLUMNS:
            raise LedgerError(f"cannot filter on column {column!r}")
        col = getattr(EventRow, column)
        if op == "=":
            return col == value
        if op == "in":
            return col.in_(list(value))
        if op == "between":
            low, high = value
            return col.between(low, high)
        if op == "ilike":
            return func.lower(col).like(value, escape="\\")
        if op == "is null":
            return col.is_(None)
        if op == "is not null":
            return col.is_not(None)
        comparisons = {">": col > value, ">=": col >= value, "<": col < value, "<=": col <= value}
        if op not in comparisons:
            raise LedgerError(f"operator {op!r} is not one of {', '.join(self.WHERE_OPS)}")
        return comparisons[op]


def _int32(v: int) -> int:
    """An unsigned 32-bit value as the signed int4 PostgreSQL's advisory locks take."""
    return v - 2**32 if v >= 2**31 else v


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _day_sums_answer(flt: EventFilter | None) -> bool:
    """Whether ``event_days`` can answer a timeline or summary under this filter (country, event
    type, status and dates only; the rest needs the events themselves)."""
    if flt is None:
        return True
    return not (flt.sub_event_type or flt.bbox or flt.actor or flt.min_fatalities is not None or flt.text)


def _iso(d: Any) -> str | None:
    if d is None:
        return None
    return d.isoformat() if hasattr(d, "isoformat") else str(d)[:10]


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def new_event_id(article_id: str, version: int, report_event_id: str) -> str:
    """Deterministic: the same corpus ingested into a fresh ledger gives the same ids."""
    digest = hashlib.sha1(f"{article_id}\x1f{version}\x1f{report_event_id}".encode()).hexdigest()
    return "ev" + digest[:14]


def report_profile(ev: Event, published: dt.date | None, source_group: str) -> Profile:
    text = " ".join(e.text for e in ev.evidence)
    return Profile(
        status=ev.status, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
        window=event_window(ev.date, published), location=ev.location, actor_keys=actor_keys(ev),
        casualties=casualty_totals(ev), tokens=content_tokens(text), source_groups=frozenset({source_group}),
    )


def stored_profile(doc: dict[str, Any], source_groups: frozenset[str]) -> Profile:
    le = ledger_event_from_dict(doc)
    ev = le.event
    text = " ".join(e.text for e in ev.evidence) + " " + " ".join(e.text for c in le.claims for e in c.evidence)
    return Profile(
        status=ev.status, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
        window=event_window(ev.date, le.first_reported), location=ev.location, actor_keys=actor_keys(ev),
        casualties=casualty_totals(ev), tokens=content_tokens(text), source_groups=source_groups,
    )


def search_text(le: LedgerEvent) -> str:
    ev = le.event
    parts = [e.text for e in ev.evidence]
    parts += [e.text for c in le.claims for e in c.evidence]
    parts += [a.name for a in ev.actors] + [c.claimed_by or "" for c in le.claims]
    if ev.location:
        parts += [ev.location.name, ev.location.admin1 or "", ev.location.country or ""]
    return " | ".join(p for p in parts if p).casefold()[:8000]


def _country_clause(table: Any, country: str) -> sa.ColumnElement[bool]:
    """A country filter on ``table`` (events or event_days): by ISO code when the name or code is
    known, else by the stored name, case-insensitively."""
    c = countries.lookup(country)
    return table.country_code == c.iso2 if c else func.lower(table.country) == country.strip().lower()

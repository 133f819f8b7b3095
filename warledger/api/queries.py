"""Column reads for the API's hot paths, on the Ledger's engine and tables.

The Ledger's reading methods decode every event's stored JSON (``events.doc``) into model objects;
the API only needs to send that JSON on. Here a page of events is read as the raw ``doc`` text plus
the ``fatalities`` column, map points come from columns alone, pages continue from a keyset cursor
instead of an OFFSET, and totals are counted only up to a cap. Filters are the store's own SQL
(``Ledger.where``), so the API and the store can never disagree on what a filter matches.

Statements run on every request are built and compiled once per shape (which filters are set, the
sort, whether a cursor or an offset is given) with named parameters (``Ledger.filter_params``), and
run on a raw DB-API connection: building, compiling and SQLAlchemy's execution and transaction events
cost several times what SQLite takes to answer these index lookups.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import func, select

from warledger.model import EventFilter
from warledger.store.schema import ArticleVersionRow, EventLogRow, EventRow, ReportRow

SORTS = ("-date", "date", "-fatalities", "fatalities")
MAX_SQL_INT = 2**63 - 1  # largest integer SQLite and PostgreSQL bind


class CursorError(ValueError):
    """A cursor that this server did not write, or that belongs to another sort order."""


@dataclass
class EventPage:
    docs: list[tuple[str, int]]  # (events.doc, events.fatalities), in page order
    next_cursor: str | None
    total: int | None = None  # matches counted (when asked for), up to the cap
    total_exact: bool | None = None


# --- change token --------------------------------------------------------------------------------

# compiled statements by ledger (the SQL depends on its dialect and on whether it has its R-tree), then
# by shape; the shapes a client can ask for are finite but many, so each ledger keeps at most this many
_COMPILED: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()
MAX_SHAPES = 1024


def _compiled(ledger: Any, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    shapes = _COMPILED.get(ledger)
    if shapes is None:
        shapes = _COMPILED[ledger] = {}
    compiled = shapes.get(key)
    if compiled is None:
        if len(shapes) >= MAX_SHAPES:
            shapes.clear()
        compiled = shapes[key] = build().compile(dialect=ledger.engine.dialect)
    return compiled


def _execute(cur: Any, compiled: Any, params: dict[str, Any], dialect: str) -> list[Any]:
    """Run ``compiled`` on a DB-API cursor with ``params`` (the rest keep their compiled values)."""
    values = compiled.construct_params(params)
    if dialect == "sqlite":  # what SQLAlchemy's Date type writes: the ISO day (the driver's default adapter
        # does the same, but is deprecated)
        values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    args: Any = tuple(values[name] for name in compiled.positiontup) if compiled.positional else values
    cur.execute(compiled.string, args)
    return list(cur.fetchall())


class _RawConnection:
    """A pooled DB-API connection and one cursor on it, for a few statements in a row."""

    def __init__(self, ledger: Any) -> None:
        self.ledger = ledger

    def __enter__(self) -> _RawConnection:
        self.raw = self.ledger.engine.raw_connection()
        self.cur = self.raw.cursor()
        return self

    def run(self, key: tuple[Any, ...], build: Callable[[], Any], params: dict[str, Any] | None = None) -> list[Any]:
        return _execute(self.cur, _compiled(self.ledger, key, build), params or {}, self.ledger.dialect)

    def __exit__(self, *exc: object) -> None:
        try:
            self.cur.close()
        finally:
            self.raw.close()  # back to the pool


def _fetch(ledger: Any, key: str, build: Callable[[], Any], params: dict[str, Any] | None = None) -> list[Any]:
    with _RawConnection(ledger) as conn:
        return conn.run((key,), build, params)


def _change_token_statement() -> Any:
    return select(
        select(func.max(ArticleVersionRow.id)).scalar_subquery(),
        select(func.max(ReportRow.id)).scalar_subquery(),
        select(func.max(EventLogRow.id)).scalar_subquery(),
        select(func.max(EventRow.updated_at)).scalar_subquery(),
    )


def change_token(ledger: Any) -> str:
    """A short value that changes whenever the ledger's events can have changed (for ETags).

    The store keeps no change counter, so this combines what every write moves: the newest
    article version, report and removal (autoincrement ids) and the newest event update. Each is
    an index lookup.
    """
    row = _fetch(ledger, "change_token", _change_token_statement)[0]
    return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=8).hexdigest()


# --- counting ------------------------------------------------------------------------------------

def _count_statement(ledger: Any, flt: EventFilter, capped: bool) -> Any:
    inner = ledger.where(select(sa.literal(1).label("one")).select_from(EventRow), flt)
    if capped:
        inner = inner.limit(sa.bindparam("count_limit", type_=sa.Integer))
    return select(func.count()).select_from(inner.subquery())


def _count(conn: _RawConnection, flt: EventFilter, params: dict[str, Any], cap: int | None) -> tuple[int, bool]:
    """The count on an open connection; ``params`` are ``flt``'s (``Ledger.filter_params``)."""
    key = ("count", cap is not None, *sorted(params))
    rows = conn.run(key, lambda: _count_statement(conn.ledger, flt, cap is not None),
                    {**params, "count_limit": (cap or 0) + 1})
    n = int(rows[0][0] or 0)
    if cap is not None and n > cap:
        return cap, False
    return n, True


def count_events(ledger: Any, flt: EventFilter, cap: int | None) -> tuple[int, bool]:
    """(number of matching events, exact?). With a ``cap`` the count stops at cap: (cap, False) beyond."""
    with _RawConnection(ledger) as conn:
        return _count(conn, flt, ledger.filter_params(flt), cap)


# --- pages ---------------------------------------------------------------------------------------

def _sort_keys(sort: str) -> list[tuple[Any, bool]]:
    """(column, descending) in page order; ``id`` last makes the order total."""
    if sort == "date":
        return [(EventRow.date_start, False), (EventRow.id, False)]
    if sort == "-date":
        return [(EventRow.date_start, True), (EventRow.id, True)]
    if sort in ("fatalities", "-fatalities"):
        return [(EventRow.fatalities, sort == "-fatalities"), (EventRow.date_start, True), (EventRow.id, True)]
    raise CursorError(f"sort {sort!r} is not one of {', '.join(SORTS)}")


def _order_by(keys: list[tuple[Any, bool]], dialect: str, on: list[Any] | None = None) -> list[Any]:
    """ORDER BY terms. NULL dates sort as the smallest value (SQLite's rule), on PostgreSQL too.
    ``on``: the columns to order by in place of the keys' own (e.g. a subquery's)."""
    out = []
    for i, (col, desc) in enumerate(keys):
        target = on[i] if on else col
        term = target.desc() if desc else target.asc()
        if dialect != "sqlite" and col is EventRow.date_start:
            term = term.nulls_last() if desc else term.nulls_first()
        out.append(term)
    return out


def _strictly_after(col: Any, desc: bool, value: Any) -> Any:
    if value is None:
        return sa.false() if desc else col.is_not(None)
    return sa.or_(col < value, col.is_(None)) if desc else col > value


def _after(keys: list[tuple[Any, bool]], values: list[Any]) -> Any:
    """Rows that come after ``values`` in the order of ``keys`` (NULL is smaller than any value).

    The values are bound parameters (or None, which changes the SQL), so one compiled statement
    serves every cursor with the same NULLs."""
    (col, desc), value = keys[0], values[0]
    beyond = _strictly_after(col, desc, value)
    if len(keys) == 1:
        return beyond
    equal = col.is_(None) if value is None else col == value
    after = sa.or_(beyond, sa.and_(equal, _after(keys[1:], values[1:])))
    # a plain bound on the first key as well, so the database range-scans its index instead of
    # reading every row before the cursor (only dates are NULL, and NULL dates are rare)
    if value is not None and not (desc and col is EventRow.date_start):
        after = sa.and_(col <= value if desc else col >= value, after)
    elif value is not None:
        after = sa.or_(sa.and_(col <= value, after), col.is_(None))
    return after


def encode_cursor(sort: str, values: list[Any]) -> str:
    raw = [sort] + [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    return base64.urlsafe_b64encode(orjson.dumps(raw)).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise CursorError("not a cursor this server wrote (copy next_cursor from the previous page)") from None
    keys = _sort_keys(sort)
    if not isinstance(raw, list) or len(raw) != len(keys) + 1 or raw[0] != sort:
        if isinstance(raw, list) and raw and raw[0] in SORTS and raw[0] != sort:
            raise CursorError(f"the cursor belongs to sort={raw[0]}, not sort={sort}")
        raise CursorError("not a cursor this server wrote (copy next_cursor from the previous page)")
    values: list[Any] = []
    try:
        for (col, _), v in zip(keys, raw[1:], strict=True):
            if col is EventRow.date_start:
                values.append(None if v is None else dt.date.fromisoformat(v))
            elif col is EventRow.fatalities:
                if not -MAX_SQL_INT <= int(v) <= MAX_SQL_INT:  # the driver cannot bind it (a 500 otherwise)
                    raise ValueError
                values.append(int(v))
            elif isinstance(v, str):
                values.append(v)
            else:
                raise ValueError
    except (TypeError, ValueError):
        raise CursorError("not a cursor this server wrote (copy next_cursor from the previous page)") from None
    return values


def _cursor_binds(values: list[Any]) -> list[Any]:
    return [None if v is None else sa.bindparam(f"cursor_{i}", v) for i, v in enumerate(values)]


def _page_statement(ledger: Any, flt: EventFilter, sort: str, after: list[Any] | None, offset: bool) -> Any:
    """The page's documents in page order, with fatalities and the sort keys (for the next cursor).

    The page is chosen on the sort keys alone (a subquery), then its documents are joined: when the
    database must sort the matches (no index in that order), it sorts small keys, not every match's JSON.
    """
    keys = _sort_keys(sort)
    q = ledger.where(select(EventRow.id.label("page_id"), EventRow.fatalities.label("page_fatalities"),
                            *[col.label(f"k{i}") for i, (col, _) in enumerate(keys)]), flt)
    if after is not None:
        q = q.where(_after(keys, _cursor_binds(after)))
    q = q.order_by(*_order_by(keys, ledger.dialect)).limit(sa.bindparam("page_limit", type_=sa.Integer))
    if offset:
        q = q.offset(sa.bindparam("page_offset", type_=sa.Integer))
    page = q.subquery("page")
    sort_cols = [page.c[f"k{i}"] for i in range(len(keys))]
    return (select(page.c.page_id, EventRow.doc, page.c.page_fatalities, *sort_cols)
            .join_from(page, EventRow, EventRow.id == page.c.page_id)
            .order_by(*_order_by(keys, ledger.dialect, on=sort_cols)))


def event_page(ledger: Any, flt: EventFilter, sort: str, size: int, offset: int = 0,
               cursor: str | None = None, cap: int | None = None, count: bool = False) -> EventPage:
    """One page of events as stored JSON, after ``cursor`` (keyset) or at ``offset``.

    With ``count``, the matches are counted as well (up to ``cap``, see ``count_events``) on the same
    connection, into ``EventPage.total``."""
    keys = _sort_keys(sort)
    after = decode_cursor(cursor, sort) if cursor is not None else None
    if after is None and offset > MAX_SQL_INT:  # a page far past any ledger; the driver cannot bind the number
        return EventPage([], None, *(count_events(ledger, flt, cap) if count else (None, None)))
    params = ledger.filter_params(flt)
    run_params = {**params, "page_limit": size + 1}
    if after is not None:
        run_params.update((f"cursor_{i}", v) for i, v in enumerate(after) if v is not None)
    with_offset = after is None and offset > 0
    if with_offset:
        run_params["page_offset"] = offset
    shape = ("page", sort, None if after is None else tuple(v is None for v in after), with_offset, *sorted(params))
    with _RawConnection(ledger) as conn:
        rows = conn.run(shape, lambda: _page_statement(ledger, flt, sort, after, with_offset), run_params)
        total, exact = _count(conn, flt, params, cap) if count else (None, None)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(sort, list(rows[-1][3:3 + len(keys)])) if more and rows else None
    return EventPage([(r[1], int(r[2] or 0)) for r in rows], next_cursor, total, exact)


def event_doc(ledger: Any, event_id: str) -> tuple[str, int] | None:
    """One event's stored JSON and fatalities, or None."""
    rows = _fetch(ledger, "event_doc", lambda: select(EventRow.doc, EventRow.fatalities)
                  .where(EventRow.id == sa.bindparam("event_id")), {"event_id": event_id})
    return (rows[0][0], int(rows[0][1] or 0)) if rows else None


def with_fatalities(doc: str, fatalities: int) -> str:
    """The stored event JSON with ``fatalities`` added, without decoding it (the doc is one object)."""
    body = doc.rstrip()
    if not body.endswith("}"):
        raise ValueError("stored event JSON is not an object")
    sep = "" if body[:-1].rstrip().endswith("{") else ","
    return f'{body[:-1]}{sep}"fatalities":{int(fatalities)}}}'


# --- map points ----------------------------------------------------------------------------------

# the compact rows of /api/map/points, one list per event in this column order
POINT_FIELDS = ["id", "lat", "lon", "event_type", "fatalities"]


@dataclass
class MapPoints:
    points: list[list[Any]]
    loaded: int  # events read (with or without a place)
    truncated: bool


def map_points(ledger: Any, flt: EventFilter, limit: int) -> MapPoints:
    """The newest ``limit`` matching events as points, read from columns only."""
    q = ledger.where(select(EventRow.id, EventRow.lat, EventRow.lon, EventRow.event_type, EventRow.fatalities), flt)
    q = q.order_by(*_order_by(_sort_keys("-date"), ledger.dialect)).limit(limit + 1)
    with ledger.engine.connect() as c:
        rows = c.execute(q).all()
    truncated = len(rows) > limit
    rows = rows[:limit]
    # coordinates as stored (the geocoder keeps 4-5 decimals); rounding 10k pairs cost a sixth of the call
    points = [[r[0], r[1], r[2], r[3], r[4] or 0] for r in rows if r[1] is not None and r[2] is not None]
    return MapPoints(points, len(rows), truncated)


# --- concurrency ---------------------------------------------------------------------------------

def pool_capacity(ledger: Any, default: int = 15) -> int:
    """How many connections the ledger's pool hands out at once (SQLAlchemy's default: 5 + 10)."""
    pool = ledger.engine.pool
    try:
        return max(1, int(pool.size()) + max(0, int(getattr(pool, "_max_overflow", 0))))
    except (AttributeError, TypeError, ValueError, NotImplementedError):
        return default


# event pages and details (index lookups of a few ms) run in this many threads per process, apart from
# the other sync endpoints: 15 threads of them fought over the GIL and starved the event loop (1M
# events, 50 clients, 2 processes: list p99 227 -> 67 ms, detail 219 -> 47 ms with 2 threads, more
# requests per second), and a slow request elsewhere (an export, an ACLED read) cannot take their turn
HOT_READ_THREADS = 2


# lists that may read the whole ledger (substring searches, exact totals: seconds at 1M events) run one
# at a time per process, in a thread of lowered CPU priority: four of them at once on 2 cores took the
# CPU from the pages and details (list p99 5 s when they shared the hot-read threads, 205 ms in the
# shared pool, 73 ms like this: benchmarks/api.py, 1M events, 50 clients plus 4 searching)
SCAN_THREADS = 1
SCAN_NICENESS = 10


def limit_request_threads(ledger: Any) -> None:
    """Run at most as many sync endpoints at once as the pool has connections (each holds one at a
    time), counting the hot reads' and scans' own threads. Beyond, requests wait their turn; otherwise,
    under overload, the extra threads waited 30 s for a connection and failed with a 500 (SQLAlchemy's
    pool timeout)."""
    import anyio.to_thread

    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = max(1, min(limiter.total_tokens, pool_capacity(ledger) - HOT_READ_THREADS - SCAN_THREADS))


async def run_hot_read(request: Any, work: Callable[[], Any]) -> Any:
    """``work()`` in one of the ``HOT_READ_THREADS`` threads kept for event pages and details."""
    import anyio
    import anyio.to_thread

    state = request.app.state
    limiter = getattr(state, "hot_read_limiter", None)
    if limiter is None:  # made on the event loop, at the first hot read (one loop per app)
        limiter = state.hot_read_limiter = anyio.CapacityLimiter(HOT_READ_THREADS)
    return await anyio.to_thread.run_sync(work, limiter=limiter)


def _lower_this_threads_priority() -> None:
    """Nice the calling thread (Linux schedules threads one by one); where that is refused, run as is."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SCAN_NICENESS)
    except (AttributeError, OSError):
        pass


async def run_scanning_read(request: Any, work: Callable[[], Any]) -> Any:
    """``work()`` in the process's ``SCAN_THREADS`` low-priority threads kept for reads that may scan."""
    import asyncio

    state = request.app.state
    executor = getattr(state, "scan_executor", None)
    if executor is None:
        executor = state.scan_executor = ThreadPoolExecutor(
            SCAN_THREADS, thread_name_prefix="warledger-scan", initializer=_lower_this_threads_priority)
    return await asyncio.get_running_loop().run_in_executor(executor, work)

"""Column reads for the API's hot paths, on the Ledger's engine and tables.

The Ledger's reading methods decode every event's stored JSON (``events.doc``) into model objects;
the API only needs to send that JSON on. Here a page of events is read as the raw ``doc`` text plus
the ``fatalities`` column, map points come from columns alone, pages continue from a keyset cursor
instead of an OFFSET, and totals are counted only up to a cap. Filters are the store's own SQL
(``Ledger._where``), so the API and the store can never disagree on what a filter matches.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
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


# --- change token --------------------------------------------------------------------------------

# statements run on every request, compiled once per dialect and run on a raw DB-API connection:
# building and compiling them, and SQLAlchemy's transaction events, cost more than the lookups
_COMPILED: dict[tuple[str, str], Any] = {}


def _fetch(ledger: Any, key: str, build: Callable[[], Any], params: dict[str, Any] | None = None) -> list[Any]:
    compiled = _COMPILED.get((ledger.dialect, key))
    if compiled is None:
        compiled = _COMPILED[(ledger.dialect, key)] = build().compile(dialect=ledger.engine.dialect)
    params = params or {}
    args: Any = tuple(params[name] for name in compiled.positiontup) if compiled.positional else params
    raw = ledger.engine.raw_connection()
    try:
        cur = raw.cursor()
        try:
            cur.execute(compiled.string, args)
            return list(cur.fetchall())
        finally:
            cur.close()
    finally:
        raw.close()  # back to the pool


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

def count_events(ledger: Any, flt: EventFilter, cap: int | None) -> tuple[int, bool]:
    """(number of matching events, exact?). With a ``cap`` the count stops at cap: (cap, False) beyond."""
    inner = ledger._where(select(sa.literal(1).label("one")).select_from(EventRow), flt)
    if cap is not None:
        inner = inner.limit(cap + 1)
    q = select(func.count()).select_from(inner.subquery())
    with ledger.engine.connect() as c:
        n = int(c.scalar(q) or 0)
    if cap is not None and n > cap:
        return cap, False
    return n, True


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


def _order_by(keys: list[tuple[Any, bool]], dialect: str) -> list[Any]:
    """ORDER BY terms. NULL dates sort as the smallest value (SQLite's rule), on PostgreSQL too."""
    out = []
    for col, desc in keys:
        term = col.desc() if desc else col.asc()
        if dialect != "sqlite" and col is EventRow.date_start:
            term = term.nulls_last() if desc else term.nulls_first()
        out.append(term)
    return out


def _strictly_after(col: Any, desc: bool, value: Any) -> Any:
    if value is None:
        return sa.false() if desc else col.is_not(None)
    return sa.or_(col < value, col.is_(None)) if desc else col > value


def _after(keys: list[tuple[Any, bool]], values: list[Any]) -> Any:
    """Rows that come after ``values`` in the order of ``keys`` (NULL is smaller than any value)."""
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


def event_page(ledger: Any, flt: EventFilter, sort: str, size: int, offset: int = 0,
               cursor: str | None = None) -> EventPage:
    """One page of events as stored JSON, after ``cursor`` (keyset) or at ``offset``."""
    keys = _sort_keys(sort)
    cols = [c for c, _ in keys]
    # the page is chosen on the sort keys alone, then its documents are read: when the database must
    # sort the matches (no index in that order), it sorts small keys, not every match's JSON
    q = ledger._where(select(EventRow.id.label("page_id"), EventRow.fatalities, *cols), flt)
    if cursor is not None:
        q = q.where(_after(keys, decode_cursor(cursor, sort)))
    elif offset > MAX_SQL_INT:  # a page far past any ledger; the driver cannot bind the number
        return EventPage([], None)
    elif offset:
        q = q.offset(offset)
    q = q.order_by(*_order_by(keys, ledger.dialect)).limit(size + 1)
    with ledger.engine.connect() as c:
        rows = c.execute(q).all()
        more = len(rows) > size
        rows = rows[:size]
        ids = [r[0] for r in rows]
        docs = dict(c.execute(select(EventRow.id, EventRow.doc).where(EventRow.id.in_(ids))).all()) if ids else {}
    next_cursor = encode_cursor(sort, list(rows[-1][2:])) if more and rows else None
    return EventPage([(docs[r[0]], int(r[1] or 0)) for r in rows if r[0] in docs], next_cursor)


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
    q = ledger._where(select(EventRow.id, EventRow.lat, EventRow.lon, EventRow.event_type, EventRow.fatalities), flt)
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


def limit_request_threads(ledger: Any) -> None:
    """Run at most as many sync endpoints at once as the pool has connections (each holds one at a
    time). Beyond, requests wait their turn; otherwise, under overload, the extra threads waited 30 s
    for a connection and failed with a 500 (SQLAlchemy's pool timeout)."""
    import anyio.to_thread

    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = min(limiter.total_tokens, pool_capacity(ledger))

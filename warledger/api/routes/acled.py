"""``/api/acled/read`` and ``/api/deleted/read``: the ledger behind the ACLED API's conventions.

Scripts written for the ACLED API (the ``acled`` Python client, acledR, acled.api, plain HTTP)
read warledger with only their base URL changed. Rows come from ``acled_row``, the mapping of the
ACLED CSV export; the query language is ``warledger.api.compat.acled``. Responses are streamed:
events are read from the store in batches and written out as they match, so a large ``limit``
never holds the whole answer in memory. See docs/compat.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from warledger.api.auth import bearer_token, token_matches
from warledger.api.compat.acled import (
    AcledQuery,
    AcledQueryError,
    Condition,
    json_value,
    parse_condition,
    parse_positive_int,
    parse_query,
    row_matches,
    sql_plan,
)
from warledger.export.acled import acled_row

router = APIRouter(prefix="/api", tags=["ACLED-compatible"])

CHUNK_CHARS = 64 * 1024
DELETED_COLUMNS = ["event_id_cnty", "deleted_timestamp", "merged_into"]


def acled_error(status: int, message: str) -> JSONResponse:
    """ACLED's error envelope: success false and the reason, with the HTTP status."""
    return JSONResponse({"status": status, "success": False, "messages": [],
                         "error": {"status": status, "message": message}}, status_code=status)


def reads_refused(request: Request) -> JSONResponse | None:
    """When the operator keeps reads private, the warledger token may come as ACLED's ``key`` or a bearer."""
    if not request.app.state.private_reads:
        return None
    expected = request.app.state.api_token
    if not expected:
        return acled_error(403, "reads are private and the operator has not configured an API token")
    given = bearer_token(request.headers.get("authorization")) or request.query_params.get("key")
    if given is None:
        return acled_error(401, "reads are private: pass the warledger API token as key= or a bearer token")
    if not token_matches(given, expected):
        return acled_error(401, "the key (warledger API token) is not valid")
    return None


def matching_rows(ledger: Any, conditions: Iterable[Condition], offset: int, limit: int) -> Iterator[dict[str, Any]]:
    """ACLED rows matching the conditions, newest first, from ``offset`` (0-based), at most ``limit``.

    When the store can apply every condition exactly it skips the first ``offset`` events itself;
    otherwise the skipped rows are read and checked here (still one batch in memory at a time).
    """
    conditions = tuple(conditions)
    plan = sql_plan(conditions)
    skipped = offset if plan.exact else 0
    sent = 0
    for le in ledger.iter_events_where(plan.clauses, offset=skipped):
        row = acled_row(le)
        if not row_matches(row, conditions):
            continue
        if skipped < offset:
            skipped += 1
            continue
        yield row
        sent += 1
        if sent >= limit:
            return


def chunked(parts: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK_CHARS:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def json_envelope(rows: Iterable[dict[str, Any]], fields: Iterable[str], filename: str) -> Iterator[str]:
    """ACLED's JSON envelope, written as the rows come; ``count`` and ``last_update`` follow the data
    (JSON objects are unordered) so nothing has to be held back."""
    fields = tuple(fields)
    yield '{"status":200,"success":true,"messages":[],"data":['
    count = 0
    newest = 0
    for row in rows:
        out = {f: json_value(f, row[f]) for f in fields}
        yield ("," if count else "") + json.dumps(out, ensure_ascii=False)
        count += 1
        if isinstance(row.get("timestamp"), int):
            newest = max(newest, row["timestamp"])
    yield f'],"count":{count},"last_update":{newest},"filename":{json.dumps(filename)}}}'


def csv_lines(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> Iterator[str]:
    """CSV written exactly as ``warledger.export.acled.write_acled`` writes it (same dialect, same values)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def respond(rows: Iterable[dict[str, Any]], fields: Iterable[str], fmt: str, name: str) -> Response:
    filename = f"{name}-{dt.date.today().isoformat()}"
    if fmt == "csv":
        return StreamingResponse(chunked(csv_lines(rows, fields)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    return StreamingResponse(chunked(json_envelope(rows, fields, filename)), media_type="application/json")


@router.get(
    "/acled/read",
    summary="Ledger events in the ACLED API's shape (ACLED query parameters, envelope and CSV)",
    description="Filters are query parameters named after ACLED columns (`country=Mali:OR:country=Niger`), "
    "with `<field>_where` operators (=, LIKE, BETWEEN with `low|high`, >, <, >=, <=); `fields` "
    "(pipe-separated), `limit` (default 5000), `page` (from 1), `_format` json or csv. `key`/`email` "
    "are accepted; when reads are private `key` (or a bearer token) must be the warledger API token. "
    "See docs/compat.md.",
)
def acled_read(request: Request) -> Response:
    refused = reads_refused(request)
    if refused is not None:
        return refused
    try:
        query: AcledQuery = parse_query(request.query_params.multi_items())
    except AcledQueryError as exc:
        return acled_error(400, str(exc))
    rows = matching_rows(request.app.state.ledger, query.conditions, (query.page - 1) * query.limit, query.limit)
    return respond(rows, query.fields, query.format, "warledger-acled")


def deleted_rows(ledger: Any, since: int | None) -> Iterator[dict[str, Any]]:
    """Events merged away or deleted, oldest first, as ACLED's deleted-events rows.

    ``event_id_cnty`` carries the country prefix of the event it was merged into (linking only
    merges events of one country); an event deleted outright, whose country is gone, gets ``XXX``.
    """
    moment = dt.datetime.fromtimestamp(since, dt.UTC).replace(tzinfo=None) if since is not None else None
    prefixes: dict[str, str] = {}
    for entry in ledger.removed_events(moment):
        survivor = entry["merged_into"]
        if survivor and survivor not in prefixes:
            le = ledger.get_event(survivor)
            prefixes[survivor] = acled_row(le)["event_id_cnty"][:3] if le else "XXX"
        prefix = prefixes.get(survivor, "XXX") if survivor else "XXX"
        deleted_at = dt.datetime.fromisoformat(entry["deleted_at"]).replace(tzinfo=dt.UTC)
        yield {
            "event_id_cnty": f"{prefix}{entry['event_id']}",
            "deleted_timestamp": int(deleted_at.timestamp()),
            "merged_into": f"{prefixes[survivor]}{survivor}" if survivor else "",
        }


@router.get(
    "/deleted/read",
    summary="Events merged away or deleted since a time (ACLED's deleted-events endpoint)",
    description="`deleted_timestamp` (or `timestamp`): Unix time or YYYY-MM-DD, default operator >=; "
    "`event_id_cnty`, `limit`, `page`, `_format` as for /api/acled/read. Rows: event_id_cnty, "
    "deleted_timestamp and (warledger's addition) merged_into, the event it now belongs to.",
)
def deleted_read(request: Request) -> Response:
    refused = reads_refused(request)
    if refused is not None:
        return refused
    params = request.query_params
    try:
        unknown = [k for k in params if k not in ("deleted_timestamp", "deleted_timestamp_where", "timestamp",
                                                  "timestamp_where", "event_id_cnty", "event_id_cnty_where",
                                                  "limit", "page", "_format", "key", "email", "terms")]
        if unknown:
            raise AcledQueryError(f"{unknown[0]}: not a parameter of the deleted-events endpoint")
        conditions: list[Condition] = []
        for name in ("deleted_timestamp", "timestamp"):
            if name in params:
                conditions.append(parse_condition("timestamp", params.getlist(name), params.get(f"{name}_where")))
        if "event_id_cnty" in params:
            conditions.append(parse_condition("event_id_cnty", params.getlist("event_id_cnty"),
                                              params.get("event_id_cnty_where")))
        limit = parse_positive_int("limit", params.get("limit"), 5000, 1)
        page = parse_positive_int("page", params.get("page"), 1, 1)
        fmt = (params.get("_format") or "json").strip().lower()
        if fmt not in ("json", "csv"):
            raise AcledQueryError(f"_format: {fmt!r} is not json or csv")
    except AcledQueryError as exc:
        return acled_error(400, str(exc))
    # the store narrows by time (the log is indexed on it); the operators are checked on each row
    lower = [min(v if c.op != "BETWEEN" else v[0] for v in c.values) for c in conditions
             if c.field == "timestamp" and c.op in (">=", ">", "=", "BETWEEN")]
    since = max(lower) if lower else None

    def rows() -> Iterator[dict[str, Any]]:
        skipped = sent = 0
        for row in deleted_rows(request.app.state.ledger, since):
            # the deletion time is checked with the rules of ACLED's timestamp column
            probe = {"timestamp": row["deleted_timestamp"], "event_id_cnty": row["event_id_cnty"]}
            if not row_matches(probe, conditions):
                continue
            if skipped < (page - 1) * limit:
                skipped += 1
                continue
            yield row
            sent += 1
            if sent >= limit:
                return

    return respond(rows(), DELETED_COLUMNS, fmt, "warledger-deleted")

"""``/api/events``: list with filters and pagination, one event with its claims, and map points.

Events are sent as the JSON the store keeps for them (the output contract) plus ``fatalities``,
spliced into the response without being decoded (``warledger.api.queries``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from warledger.api import queries
from warledger.api.auth import require_read_token
from warledger.api.params import MAX_PAGE_SIZE, DeclaredQuery, bad_query, event_filter, parse_event_filter
from warledger.api.responses import cached_json, json_bytes
from warledger.model import EventFilter

router = APIRouter(prefix="/api", tags=["events"], dependencies=[Depends(require_read_token)])

# totals are counted up to this many matches unless the client asks for the exact number: past it, a
# count reads thousands of rows for a figure the dashboard shows as "1,000+"
TOTAL_CAP = 1_000
# the map draws every matching event up to this many; beyond, the newest ones and a note
MAP_POINTS_DEFAULT = 20_000
MAP_POINTS_MAX = 200_000


def _list_events_declared(
    flt: Annotated[EventFilter, Depends(event_filter)],
    page: Annotated[int, Query(ge=1, le=queries.MAX_SQL_INT,
                               description="Page number, from 1 (ignored with cursor)")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Events per page (at most {MAX_PAGE_SIZE})")] = 50,
    sort: Annotated[Literal["-date", "date", "-fatalities", "fatalities"], Query(
        description="date or fatalities; a leading - sorts descending")] = "-date",
    cursor: Annotated[str | None, Query(
        max_length=500, description="next_cursor of the previous page: the page after it (faster than page numbers)")]
    = None,
    total: Annotated[Literal["capped", "exact", "none"], Query(
        description=f"capped: count matches up to {TOTAL_CAP:,} (total_exact false beyond); exact: count them "
        "all (slow on a large ledger); none: do not count")] = "capped",
) -> None:
    """The parameters of ``GET /api/events``, declared for its OpenAPI and checked by ``LIST_QUERY``."""


LIST_QUERY = DeclaredQuery("/api/events", _list_events_declared)


@router.get("/events", summary="Events matching the filters, one page at a time", openapi_extra=LIST_QUERY.openapi)
async def list_events(request: Request) -> Response:
    if may_scan_the_ledger(request):
        return await queries.run_scanning_read(request, lambda: _list_events(request))
    return await queries.run_hot_read(request, lambda: _list_events(request))


def may_scan_the_ledger(request: Request) -> bool:
    """A substring search (``q``, ``actor``: LIKE, which no index serves) or an exact total can read
    every event of a large ledger (3 s at 1M events when nothing matches). Such a list runs apart, so
    it cannot hold one of the few threads kept for pages and details (``queries.run_scanning_read``)."""
    params = request.query_params
    return bool(params.get("q") or params.get("actor")) or params.get("total") == "exact"


def _list_events(request: Request) -> Response:
    ledger = request.app.state.ledger
    p = LIST_QUERY.parse(request)
    flt = parse_event_filter(p["country"], p["event_type"], p["sub_event_type"], p["date_from"], p["date_to"],
                             p["bbox"], p["actor"], p["min_fatalities"], p["q"], p["status"])
    return cached_json(request, lambda: event_page_body(ledger, flt, p["sort"], p["size"], p["page"], p["cursor"],
                                                        p["total"]))


def event_page_body(ledger: Any, flt: EventFilter, sort: str, size: int, page: int = 1, cursor: str | None = None,
                    total: str = "capped") -> bytes:
    """The JSON body of ``GET /api/events`` (also part of the dashboard's bootstrap)."""
    try:
        result = queries.event_page(ledger, flt, sort, size, offset=(page - 1) * size, cursor=cursor,
                                    cap=TOTAL_CAP if total == "capped" else None, count=total != "none")
    except queries.CursorError as exc:
        raise bad_query("cursor", str(exc)) from None
    head: dict = {"page": None if cursor else page, "size": size, "next_cursor": result.next_cursor}
    if total != "none":
        head.update(total=result.total, total_exact=result.total_exact)
    events = ",".join(queries.with_fatalities(doc, f) for doc, f in result.docs)
    return json_bytes(head)[:-1] + b',"events":[' + events.encode() + b"]}"


@router.get("/map/points", summary="Compact points (id, lat, lon, type, fatalities) for the map")
def map_points(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, Query(ge=1, le=MAP_POINTS_MAX, description="At most this many events (the newest)")]
    = MAP_POINTS_DEFAULT,
) -> Response:
    ledger = request.app.state.ledger
    return cached_json(request, lambda: map_points_body(ledger, flt, limit))


def map_points_body(ledger: Any, flt: EventFilter, limit: int = MAP_POINTS_DEFAULT) -> dict:
    """The JSON body of ``GET /api/map/points`` (also part of the dashboard's bootstrap)."""
    found = queries.map_points(ledger, flt, limit)
    n = queries.count_events(ledger, flt, None)[0] if found.truncated else found.loaded
    return {
        "total": n,
        "loaded": found.loaded,
        "without_location": found.loaded - len(found.points),  # among the loaded events
        "truncated": found.truncated,
        "fields": queries.POINT_FIELDS,
        "points": found.points,
    }


@router.get("/events/{event_id}", summary="One ledger event with every claim from every article")
async def get_event(request: Request, event_id: str) -> Response:
    return await queries.run_hot_read(request, lambda: _get_event(request, event_id))


def _get_event(request: Request, event_id: str) -> Response:
    ledger = request.app.state.ledger

    def build() -> bytes:
        found = queries.event_doc(ledger, event_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event with id {event_id!r}")
        return queries.with_fatalities(*found).encode()

    return cached_json(request, build)

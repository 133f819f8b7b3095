"""``/api/events``: list with filters and pagination, one event with its claims, and map points."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from warledger.api.auth import require_read_token
from warledger.api.params import MAX_PAGE_SIZE, event_filter
from warledger.api.views import POINT_FIELDS, event_json, point_row
from warledger.model import EventFilter

# responses are built as JSONResponse: plain JSON types already, so FastAPI's generic encoder
# (30x slower than json.dumps on a page of events) is skipped
router = APIRouter(prefix="/api", tags=["events"], dependencies=[Depends(require_read_token)])

# the map draws every matching event up to this many; beyond, the newest ones and a note
MAP_POINTS_DEFAULT = 20_000
MAP_POINTS_MAX = 200_000


@router.get("/events", summary="Events matching the filters, one page at a time")
def list_events(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    page: Annotated[int, Query(ge=1, description="Page number, from 1")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Events per page (at most {MAX_PAGE_SIZE})")] = 50,
    sort: Annotated[Literal["-date", "date", "-fatalities", "fatalities"], Query(
        description="date or fatalities; a leading - sorts descending")] = "-date",
) -> JSONResponse:
    ledger = request.app.state.ledger
    total = ledger.count_events(flt)
    events = ledger.query_events(flt, limit=size, offset=(page - 1) * size, sort=sort)
    return JSONResponse({"total": total, "page": page, "size": size, "events": [event_json(le) for le in events]})


@router.get("/map/points", summary="Compact points (id, lat, lon, type, fatalities, date, place) for the map")
def map_points(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    limit: Annotated[int, Query(ge=1, le=MAP_POINTS_MAX, description="At most this many events (the newest)")]
    = MAP_POINTS_DEFAULT,
) -> JSONResponse:
    ledger = request.app.state.ledger
    total = ledger.count_events(flt)
    # within the limit, stream every match; over it, one query for the newest (bounded memory either way)
    truncated = total > limit
    events = ledger.query_events(flt, limit=limit, sort="-date") if truncated else ledger.iter_events(flt)
    points: list[list[Any]] = []
    without_location = 0
    for le in events:
        row = point_row(le)
        if row is None:
            without_location += 1
        else:
            points.append(row)
    return JSONResponse({
        "total": total,
        "loaded": len(points) + without_location,
        "without_location": without_location,  # among the loaded events
        "truncated": truncated,
        "fields": POINT_FIELDS,
        "points": points,
    })


@router.get("/events/{event_id}", summary="One ledger event with every claim from every article")
def get_event(request: Request, event_id: str) -> JSONResponse:
    le = request.app.state.ledger.get_event(event_id)
    if le is None:
        raise HTTPException(status_code=404, detail=f"no event with id {event_id!r}")
    return JSONResponse(event_json(le))

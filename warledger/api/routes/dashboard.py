"""``/api/dashboard/bootstrap``: everything the dashboard's first screen draws, in one response.

The dashboard used to open with five requests (summary, filter options, map points, timeline,
first table page), each waiting its turn for a server worker behind the others. This endpoint
answers them together, from the same functions the separate endpoints use (so the two can never
disagree), running the parts side by side on the ledger's connection pool.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from warledger.api.auth import require_read_token
from warledger.api.params import MAX_PAGE_SIZE, event_filter
from warledger.api.responses import cached_json
from warledger.api.routes.events import MAP_POINTS_DEFAULT, MAP_POINTS_MAX, event_page_body, map_points_body
from warledger.model import EventFilter

router = APIRouter(prefix="/api/dashboard", tags=["dashboard"], dependencies=[Depends(require_read_token)])

TIMELINE_FIELDS = ["period", "event_type", "events", "fatalities"]
# the parts run at once: SQLite and PostgreSQL work outside the GIL, so a slow part (a summary over the
# whole ledger) does not hold up the quick ones; a few threads, as each takes a pooled connection
PARALLEL_PARTS = 4

_BOOTSTRAP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["summary", "options", "map", "timeline", "events"],
    "properties": {
        "summary": {"type": "object", "description": "GET /api/stats/summary with the same filters"},
        "options": {
            "type": ["object", "null"],
            "description": "Countries and event types of the whole ledger (for the filter lists): "
                           "the countries and event_types of GET /api/stats/summary without filters; "
                           "null with options=false",
            "properties": {"countries": {"type": "array"}, "event_types": {"type": "array"}},
        },
        "map": {"type": "object", "description": "GET /api/map/points with the same filters and limit"},
        "timeline": {
            "type": "object",
            "description": "Events and fatalities per day and event type (GET /api/stats/timeline?bucket=day) for "
                           "the filters without their dates, so the whole period shows behind the date selection; "
                           "each row is a list in the order of fields",
            "properties": {"bucket": {"const": "day"}, "fields": {"type": "array", "items": {"type": "string"}},
                           "rows": {"type": "array", "items": {"type": "array"}}},
        },
        "events": {
            "type": ["object", "null"],
            "description": "The first page of GET /api/events with the same filters, sort and size; null with size=0",
        },
    },
}


@router.get(
    "/bootstrap",
    summary="The dashboard's first screen in one request: summary, filter options, map points, timeline, first page",
    responses={200: {"description": "Every part the dashboard draws first",
                     "content": {"application/json": {"schema": _BOOTSTRAP_SCHEMA}}}},
)
def bootstrap(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    sort: Annotated[Literal["-date", "date", "-fatalities", "fatalities"], Query(
        description="Order of the first table page: date or fatalities; a leading - sorts descending")] = "-date",
    size: Annotated[int, Query(ge=0, le=MAX_PAGE_SIZE,
                               description="Events in the first table page (0: no page)")] = 25,
    limit: Annotated[int, Query(ge=1, le=MAP_POINTS_MAX, description="At most this many map points (the newest)")]
    = MAP_POINTS_DEFAULT,
    options: Annotated[bool, Query(description="Include the filter options (countries and event types)")] = True,
) -> Response:
    ledger = request.app.state.ledger
    return cached_json(request, lambda: bootstrap_body(ledger, flt, sort, size, limit, options))


def bootstrap_body(ledger: Any, flt: EventFilter, sort: str = "-date", size: int = 25,
                   limit: int = MAP_POINTS_DEFAULT, options: bool = True) -> bytes:
    """The JSON body of ``GET /api/dashboard/bootstrap``."""
    undated = dataclasses.replace(flt, date_from=None, date_to=None)
    unfiltered = flt == EventFilter()
    parts: dict[str, Callable[[], Any]] = {
        "summary": lambda: ledger.summary(flt),
        "map": lambda: map_points_body(ledger, flt, limit),
        "timeline": lambda: ledger.timeline(undated, bucket="day"),
    }
    if size:
        parts["events"] = lambda: orjson.Fragment(event_page_body(ledger, flt, sort, size))
    if options and not unfiltered:  # without filters the summary holds the options already
        parts["options"] = lambda: ledger.summary(EventFilter())
    with ThreadPoolExecutor(max_workers=min(PARALLEL_PARTS, len(parts))) as pool:
        futures = {name: pool.submit(fn) for name, fn in parts.items()}
        done = {name: future.result() for name, future in futures.items()}
    everything = done.get("options", done["summary"]) if options else None
    return orjson.dumps({
        "summary": done["summary"],
        "options": None if everything is None else {
            "countries": everything["countries"], "event_types": everything["event_types"]},
        "map": done["map"],
        "timeline": {"bucket": "day", "fields": TIMELINE_FIELDS,
                     "rows": [[r[f] for f in TIMELINE_FIELDS] for r in done["timeline"]]},
        "events": done.get("events"),
    })

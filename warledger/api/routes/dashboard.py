"""``/api/dashboard/bootstrap``: everything the dashboard's first screen draws, in one response.

The dashboard used to open with five requests (summary, filter options, map points, timeline,
first table page). This endpoint answers them together, from the same functions the separate
endpoints use (so the two can never disagree), running the parts side by side on the ledger's
connection pool and sending each as soon as it is ready: JSON Lines, each line an object whose
keys are the parts it carries (usually one). The quick parts (map points, first page) come first, so
the browser indexes and draws the map while the server still sums the whole ledger for the
timeline and the filter lists. Merging the lines gives one object with every part.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from warledger.api.auth import require_read_token
from warledger.api.params import MAX_PAGE_SIZE, event_filter
from warledger.api.responses import cache_headers, not_modified
from warledger.api.routes.events import MAP_POINTS_DEFAULT, MAP_POINTS_MAX, event_page_body, map_points_body
from warledger.model import EventFilter

log = logging.getLogger("warledger.api")
MEDIA_TYPE = "application/x-ndjson"

router = APIRouter(prefix="/api/dashboard", tags=["dashboard"], dependencies=[Depends(require_read_token)])

TIMELINE_FIELDS = ["period", "event_type", "events", "fatalities"]
# the parts run at once: SQLite and PostgreSQL work outside the GIL, so a slow part (a summary over the
# whole ledger) does not hold up the quick ones; a few threads, as each takes a pooled connection
PARALLEL_PARTS = 5
QUICK_PARTS = ("events", "map")

# the object the lines merge into (each line holds one or more of these properties; a part that fails is a
# line {"error": "..."} and ends the response)
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
    response_class=StreamingResponse,
    responses={200: {"description": "JSON Lines, one line per part as it is ready, each line an object with one "
                                    "key; merged, the lines are this object. A part that fails is sent as "
                                    '{"error": "..."}, which ends the response.',
                     "content": {MEDIA_TYPE: {"schema": _BOOTSTRAP_SCHEMA}}}},
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
    headers = cache_headers(request)  # the ETag of the other reads
    if (unchanged := not_modified(request, headers)) is not None:
        return unchanged
    lines = bootstrap_lines(request.app.state.ledger, flt, sort, size, limit, options)
    return StreamingResponse(lines, media_type=MEDIA_TYPE, headers=headers)


def bootstrap_parts(ledger: Any, flt: EventFilter, sort: str = "-date", size: int = 25,
                    limit: int = MAP_POINTS_DEFAULT, options: bool = True) -> dict[str, Callable[[], dict[str, Any]]]:
    """The bootstrap's work in independent pieces, by name; each returns the parts it computes (JSON-ready)."""
    undated = dataclasses.replace(flt, date_from=None, date_to=None)

    def filter_lists(everything: dict[str, Any]) -> dict[str, Any]:
        return {"countries": everything["countries"], "event_types": everything["event_types"]}

    def summary() -> dict[str, Any]:
        found = ledger.summary(flt)
        if options and flt == EventFilter():  # without filters the summary holds the filter lists already
            return {"summary": found, "options": filter_lists(found)}
        return {"summary": found}

    def timeline() -> dict[str, Any]:
        rows = ledger.timeline(undated, bucket="day")
        return {"timeline": {"bucket": "day", "fields": TIMELINE_FIELDS,
                             "rows": [[r[f] for f in TIMELINE_FIELDS] for r in rows]}}

    pieces: dict[str, Callable[[], dict[str, Any]]] = {
        "map": lambda: {"map": map_points_body(ledger, flt, limit)},
        "events": lambda: {"events": orjson.Fragment(event_page_body(ledger, flt, sort, size)) if size else None},
        "summary": summary,
        "timeline": timeline,
    }
    if not options:
        pieces["options"] = lambda: {"options": None}
    elif flt != EventFilter():
        pieces["options"] = lambda: {"options": filter_lists(ledger.summary(EventFilter()))}
    return pieces


def bootstrap_lines(ledger: Any, flt: EventFilter, sort: str = "-date", size: int = 25,
                    limit: int = MAP_POINTS_DEFAULT, options: bool = True) -> Iterator[bytes]:
    """The lines of ``GET /api/dashboard/bootstrap``: each part as soon as it is computed."""
    parts = bootstrap_parts(ledger, flt, sort, size, limit, options)
    # the quick parts the page draws first (first page, map points) alone, before the sums start: run
    # beside them, the sums' Python work (statements, rows) holds the GIL and delays them several-fold
    quick = [name for name in QUICK_PARTS if name in parts]
    pool = ThreadPoolExecutor(max_workers=PARALLEL_PARTS)
    try:
        for name in quick:
            line = _part_line(name, parts[name])
            yield line
            if line.startswith(b'{"error"'):
                return
        futures = {pool.submit(_part_line, name, fn): name for name, fn in parts.items() if name not in quick}
        for future in as_completed(futures):
            line = future.result()
            yield line
            if line.startswith(b'{"error"'):
                return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a client that left stops the parts not started


def _part_line(name: str, compute: Callable[[], dict[str, Any]]) -> bytes:
    try:
        return orjson.dumps(compute()) + b"\n"
    except Exception as exc:  # headers are sent already: say what failed, in the body
        log.exception("GET /api/dashboard/bootstrap: the %s part failed", name)
        return orjson.dumps({"error": f"the {name} part failed: {type(exc).__name__}"}) + b"\n"


def bootstrap_body(ledger: Any, flt: EventFilter, sort: str = "-date", size: int = 25,
                   limit: int = MAP_POINTS_DEFAULT, options: bool = True) -> dict[str, Any]:
    """Every part merged into one object (what the lines add up to)."""
    merged: dict[str, Any] = {}
    for line in bootstrap_lines(ledger, flt, sort, size, limit, options):
        merged.update(orjson.loads(line))
    return merged

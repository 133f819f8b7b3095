"""Query parameters of the API turned into an ``EventFilter``.

The parsing rules are small pure functions (tested in ``tests/api/test_params.py``); the
FastAPI dependency ``event_filter`` wires them to query parameters and turns a bad value into
a 422 that names the parameter and the problem.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.dependencies.utils import get_dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from warledger.model import EventFilter

SORT_KEYS = ("-date", "date", "-fatalities", "fatalities")
MAX_PAGE_SIZE = 500


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"minlon,minlat,maxlon,maxlat"`` -> a tuple; raises ``ValueError`` with a readable message.

    A box may cross the antimeridian (min_lon > max_lon); latitudes must be ordered.
    """
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 4:
        raise ValueError(f"{value!r} is not minlon,minlat,maxlon,maxlat (4 numbers separated by commas)")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"{value!r} is not minlon,minlat,maxlon,maxlat (4 numbers separated by commas)") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError(f"{value!r} contains a value that is not a finite number")
    for lon in (min_lon, max_lon):
        if not -180.0 <= lon <= 180.0:
            raise ValueError(f"longitude {lon:g} is outside -180..180")
    for lat in (min_lat, max_lat):
        if not -90.0 <= lat <= 90.0:
            raise ValueError(f"latitude {lat:g} is outside -90..90")
    if min_lat > max_lat:
        raise ValueError(f"minlat {min_lat:g} is greater than maxlat {max_lat:g}")
    return (min_lon, min_lat, max_lon, max_lat)


def parse_day(value: str) -> dt.date:
    """``YYYY-MM-DD`` -> a date; raises ``ValueError`` with a readable message."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def clean_text(value: str | None) -> str | None:
    """Blank strings mean 'no filter' (an empty form field), not 'match the empty string'."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def bad_query(name: str, message: str) -> HTTPException:
    return HTTPException(status_code=422, detail=f"query parameter {name!r}: {message}")


async def event_filter(
    country: Annotated[str | None, Query(description="Country name or ISO 3166 alpha-2 code")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, e.g. Battles")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. Armed clash")] = None,
    date_from: Annotated[str | None, Query(description="First day (YYYY-MM-DD), inclusive")] = None,
    date_to: Annotated[str | None, Query(description="Last day (YYYY-MM-DD), inclusive")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    actor: Annotated[str | None, Query(description="Part of an actor name")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, description="Only events with at least this many killed")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text to find in the evidence or article")] = None,
    status: Annotated[str | None, Query(pattern="^(reported|planned|background)$",
                                        description="reported, planned or background; all when absent")] = None,
) -> EventFilter:
    """The filters shared by events, stats and export endpoints.

    ``async`` although it waits for nothing: FastAPI runs a plain ``def`` dependency in its thread
    pool, and the hop there and back cost more than the parsing (a list request made three hops).
    """
    return parse_event_filter(country, event_type, sub_event_type, date_from, date_to, bbox, actor, min_fatalities,
                              q, status)


def parse_event_filter(country: str | None = None, event_type: str | None = None, sub_event_type: str | None = None,
                       date_from: str | None = None, date_to: str | None = None, bbox: str | None = None,
                       actor: str | None = None, min_fatalities: int | None = None, q: str | None = None,
                       status: str | None = None) -> EventFilter:
    """``event_filter``'s work on values already checked against its declarations; a bad date or box
    raises a 422 ``HTTPException`` naming the parameter."""
    flt = EventFilter(
        country=clean_text(country),
        event_type=clean_text(event_type),
        sub_event_type=clean_text(sub_event_type),
        actor=clean_text(actor),
        min_fatalities=min_fatalities,
        text=clean_text(q),
        status=status,
    )
    for name, raw in (("date_from", date_from), ("date_to", date_to)):
        raw = clean_text(raw)
        if raw is None:
            continue
        try:
            setattr(flt, name, parse_day(raw))
        except ValueError as exc:
            raise bad_query(name, str(exc)) from None
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise bad_query("date_from", f"{flt.date_from} is after date_to {flt.date_to}")
    if clean_text(bbox):
        try:
            flt.bbox = parse_bbox(bbox or "")
        except ValueError as exc:
            raise bad_query("bbox", str(exc)) from None
    return flt



class DeclaredQuery:
    """The query parameters that ``declaration`` (and its dependencies) declare, checked in one call.

    FastAPI checks a route's query parameters one by one in Python, on every request: on a list
    of events that was a quarter of the server's CPU. A hot route declares its parameters on a
    function it never calls, takes the ``Request`` alone, and calls ``parse``: one pydantic model
    built from the same declarations checks them all, and a bad value is the same 422
    (``RequestValidationError``, ``loc`` ("query", name)). ``openapi`` is what the declared route's
    OpenAPI operation says about them (its parameters and 422 response), for ``openapi_extra``.
    """

    def __init__(self, path: str, declaration: Callable[..., Any]) -> None:
        dependant = get_dependant(path=path, call=declaration)
        # a dependency's parameters first, as FastAPI checks (and reports) them
        fields = [f for d in dependant.dependencies for f in d.query_params] + list(dependant.query_params)
        self.model: type[BaseModel] = create_model(  # type: ignore[call-overload]
            f"{declaration.__name__}_query", __config__=ConfigDict(extra="ignore"),
            **{f.name: (f.field_info.annotation, f.field_info) for f in fields})
        declared = APIRouter()
        declared.add_api_route(path, declaration, methods=["GET"])
        operation = get_openapi(title="declared", version="0", routes=declared.routes)["paths"][path]["get"]
        self.openapi: dict[str, Any] = {"parameters": operation["parameters"],
                                        "responses": {"422": operation["responses"]["422"]}}

    def parse(self, request: Request) -> dict[str, Any]:
        """The request's parameters by name (defaults for absent ones), or a ``RequestValidationError``."""
        try:
            return dict(self.model.model_validate(dict(request.query_params)))
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None

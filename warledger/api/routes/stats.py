"""``/api/stats``: counts and fatalities per day or week by event type, and a summary of the ledger."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from warledger.api.auth import require_read_token
from warledger.api.params import event_filter
from warledger.model import EventFilter

router = APIRouter(prefix="/api/stats", tags=["stats"], dependencies=[Depends(require_read_token)])


@router.get("/timeline", summary="Events and fatalities per day or week, by event type")
def timeline(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    bucket: Annotated[Literal["day", "week", "month"], Query(
        description="day, ISO week (period = its Monday) or month (period = its first day)")] = "day",
) -> JSONResponse:
    rows = request.app.state.ledger.timeline(flt, bucket=bucket)
    return JSONResponse({"bucket": bucket, "rows": rows})


@router.get("/summary", summary="Totals: events, fatalities, articles, countries, event types, date span")
def summary(request: Request, flt: Annotated[EventFilter, Depends(event_filter)]) -> JSONResponse:
    return JSONResponse(request.app.state.ledger.summary(flt))

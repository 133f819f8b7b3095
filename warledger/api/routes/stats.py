"""``/api/stats``: counts and fatalities per day or week by event type, and a summary of the ledger."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from warledger.api.auth import require_read_token
from warledger.api.params import event_filter
from warledger.api.responses import cached_json
from warledger.model import EventFilter

router = APIRouter(prefix="/api/stats", tags=["stats"], dependencies=[Depends(require_read_token)])


@router.get("/timeline", summary="Events and fatalities per day or week, by event type")
def timeline(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    bucket: Annotated[Literal["day", "week", "month"], Query(
        description="day, ISO week (period = its Monday) or month (period = its first day)")] = "day",
) -> Response:
    ledger = request.app.state.ledger
    return cached_json(request, lambda: {"bucket": bucket, "rows": ledger.timeline(flt, bucket=bucket)})


@router.get("/summary", summary="Totals: events, fatalities, articles, countries, event types, date span")
def summary(request: Request, flt: Annotated[EventFilter, Depends(event_filter)]) -> Response:
    return cached_json(request, lambda: request.app.state.ledger.summary(flt))

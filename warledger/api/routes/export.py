"""``/api/export``: the filtered ledger as ACLED CSV, UCDP CSV, GeoJSON, Parquet or JSON Lines, streamed."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from warledger.api.auth import require_read_token
from warledger.api.params import event_filter
from warledger.api.streaming import QueueFile, stream_writer
from warledger.contract import ledger_event_to_dict
from warledger.model import EventFilter

router = APIRouter(prefix="/api", tags=["export"], dependencies=[Depends(require_read_token)])

# format -> (media type, file extension)
FORMATS = {
    "acled": ("text/csv; charset=utf-8", "csv"),
    "ucdp": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}


@router.get("/export", summary="Download the filtered ledger (streamed)")
def export(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    format: Annotated[Literal["acled", "ucdp", "geojson", "parquet", "jsonl"], Query(
        description="acled (CSV), ucdp (GED CSV), geojson (RFC 7946), parquet or jsonl")] = "jsonl",
) -> StreamingResponse:
    ledger = request.app.state.ledger
    if format != "jsonl":
        raise HTTPException(status_code=501, detail=f"export format {format!r} is not available yet")

    def write(out: QueueFile) -> None:
        for le in ledger.iter_events(flt):
            out.write(json.dumps(ledger_event_to_dict(le), ensure_ascii=False) + "\n")

    media_type, ext = FORMATS[format]
    return StreamingResponse(stream_writer(write), media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="warledger-{format}.{ext}"'})

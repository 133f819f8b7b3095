"""``/api/export``: the filtered ledger as ACLED CSV, UCDP CSV, GeoJSON, Parquet or JSON Lines, streamed.

The writers are those of ``warledger.export`` (the same as ``warledger export``). Text formats
stream as they are written; Parquet keeps its footer at the end of the file, so it is written to
a temporary file first and streamed from there.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from warledger.api.auth import require_read_token
from warledger.api.params import event_filter
from warledger.api.streaming import QueueFile, stream_writer
from warledger.model import EventFilter

router = APIRouter(prefix="/api", tags=["export"], dependencies=[Depends(require_read_token)])

ExportFormat = Literal["acled", "ucdp", "geojson", "parquet", "jsonl"]

# format -> (media type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "acled": ("text/csv; charset=utf-8", "csv"),
    "ucdp": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
_CHUNK = 256 * 1024


def _text_writer(fmt: str):  # type: ignore[no-untyped-def]
    from warledger.export import write_acled, write_geojson, write_jsonl, write_ucdp

    return {"acled": write_acled, "ucdp": write_ucdp, "geojson": write_geojson, "jsonl": write_jsonl}[fmt]


def _read_file(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


@router.get("/export", summary="Download the filtered ledger (streamed)")
async def export(
    request: Request,
    flt: Annotated[EventFilter, Depends(event_filter)],
    format: Annotated[ExportFormat, Query(
        description="acled (CSV), ucdp (GED CSV), geojson (RFC 7946), parquet or jsonl")] = "jsonl",
) -> StreamingResponse:
    ledger = request.app.state.ledger
    media_type, ext = FORMATS[format]
    headers = {"Content-Disposition": f'attachment; filename="warledger-{format}.{ext}"'}

    if format == "parquet":
        from warledger.export import write_parquet

        fd, name = tempfile.mkstemp(prefix="warledger-export-", suffix=".parquet")
        os.close(fd)
        path = Path(name)
        try:
            await run_in_threadpool(write_parquet, ledger.iter_events(flt), path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StreamingResponse(_read_file(path), media_type=media_type, headers=headers,
                                 background=BackgroundTask(path.unlink, missing_ok=True))

    writer = _text_writer(format)

    def write(out: QueueFile) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)  # type: ignore[arg-type]
        writer(ledger.iter_events(flt), text)
        text.flush()
        text.detach()

    return StreamingResponse(stream_writer(write), media_type=media_type, headers=headers)

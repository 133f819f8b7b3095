"""Exports of the ledger: ACLED-style CSV, UCDP GED-style CSV, GeoJSON, Parquet, JSON Lines.

Every writer streams ``Ledger.iter_events`` so memory stays bounded whatever the ledger's size.
"""

from __future__ import annotations

import os
from pathlib import Path

from warledger.export.acled import ACLED_COLUMNS, acled_row, write_acled
from warledger.export.geojson import write_geojson
from warledger.export.jsonl import write_jsonl
from warledger.export.parquet import write_parquet
from warledger.export.ucdp import UCDP_COLUMNS, ucdp_row, write_ucdp
from warledger.model import EventFilter

FORMATS = ("acled", "ucdp", "geojson", "parquet", "jsonl")

__all__ = ["ACLED_COLUMNS", "FORMATS", "UCDP_COLUMNS", "acled_row", "export_events", "ucdp_row", "write_acled",
           "write_geojson", "write_jsonl", "write_parquet", "write_ucdp"]


def export_events(ledger: object, fmt: str, path: str | Path, flt: EventFilter | None = None,
                  batch_size: int = 1000) -> int:
    """Write the matching events of ``ledger`` to ``path`` in ``fmt``; returns the number written.

    The file appears complete or not at all: it is written next to the target and renamed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"export format {fmt!r} is not one of {', '.join(FORMATS)}")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    events = ledger.iter_events(flt or EventFilter(), batch_size=batch_size)  # type: ignore[attr-defined]
    try:
        if fmt == "parquet":
            n = write_parquet(events, tmp)
        else:
            writer = {"acled": write_acled, "ucdp": write_ucdp, "geojson": write_geojson, "jsonl": write_jsonl}[fmt]
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                n = writer(events, out)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n

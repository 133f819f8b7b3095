"""Parquet with typed columns (pyarrow), written in row groups so memory stays bounded.

One row per ledger event: dates as date32, coordinates as float64, figures as int64, actors and
reconciled casualties as lists of structs, and the claims as JSON text (their evidence varies).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warledger.contract import claim_to_dict
from warledger.link.reconcile import fatalities
from warledger.model import LedgerEvent

ACTOR = pa.struct([("name", pa.string()), ("role", pa.string()), ("type", pa.string()), ("side", pa.string()),
                   ("backed_by", pa.string())])
CASUALTY = pa.struct([("kind", pa.string()), ("group", pa.string()), ("side", pa.string()), ("low", pa.int64()),
                      ("best", pa.int64()), ("high", pa.int64()), ("claimed_by", pa.string())])
MATERIEL = pa.struct([("kind", pa.string()), ("outcome", pa.string()), ("side", pa.string()),
                      ("count", pa.int64()), ("claimed_by", pa.string())])

SCHEMA = pa.schema([
    ("event_id", pa.string()),
    ("status", pa.string()),
    ("event_type", pa.string()),
    ("sub_event_type", pa.string()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("date_precision", pa.string()),
    ("location", pa.string()),
    ("country", pa.string()),
    ("country_code", pa.string()),
    ("admin1", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("geo_precision", pa.string()),
    ("fatalities", pa.int64()),
    ("actors", pa.list_(ACTOR)),
    ("casualties", pa.list_(CASUALTY)),
    ("materiel", pa.list_(MATERIEL)),
    ("claims_json", pa.string()),
    ("articles", pa.list_(pa.string())),
    ("independent_sources", pa.int32()),
    ("first_reported", pa.date32()),
    ("last_updated", pa.date32()),
    ("confidence", pa.float64()),
    ("updated_at", pa.timestamp("s")),
])


def parquet_row(le: LedgerEvent) -> dict[str, Any]:
    ev = le.event
    loc = ev.location
    return {
        "event_id": ev.id,
        "status": ev.status,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "date_start": ev.date.start if ev.date else None,
        "date_end": ev.date.end if ev.date else None,
        "date_precision": ev.date.precision if ev.date else None,
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "country_code": loc.country_code if loc else None,
        "admin1": loc.admin1 if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        "fatalities": fatalities(le),
        "actors": [{"name": a.name, "role": a.role, "type": a.type, "side": a.side, "backed_by": a.backed_by}
                   for a in ev.actors],
        "casualties": [{"kind": c.kind, "group": c.group, "side": c.side, "low": c.low, "best": c.best,
                        "high": c.high, "claimed_by": c.claimed_by} for c in ev.casualties],
        "materiel": [{"kind": m.kind, "outcome": m.outcome, "side": m.side, "count": m.count,
                      "claimed_by": m.claimed_by} for m in ev.materiel],
        "claims_json": json.dumps([claim_to_dict(c) for c in le.claims], ensure_ascii=False),
        "articles": list(le.articles),
        "independent_sources": le.independent_sources,
        "first_reported": le.first_reported,
        "last_updated": le.last_updated,
        "confidence": ev.confidence,
        "updated_at": le.updated_at,
    }


def write_parquet(events: Iterable[LedgerEvent], path: Path, row_group_size: int = 10_000) -> int:
    n = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), SCHEMA, compression="zstd") as writer:
        for le in events:
            batch.append(parquet_row(le))
            if len(batch) >= row_group_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            n += len(batch)
    return n

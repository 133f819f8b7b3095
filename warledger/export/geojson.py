"""GeoJSON (RFC 7946) FeatureCollection, written one feature at a time.

Coordinates are [longitude, latitude] (WGS 84); an event without coordinates gets a null
geometry, which RFC 7946 allows. Properties are the ledger event without its bulky parts
(claims and evidence spans), plus ``fatalities`` and the number of claims.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from warledger.contract import ledger_event_to_dict
from warledger.link.reconcile import fatalities
from warledger.model import LedgerEvent

BULKY = ("claims", "evidence")


def feature(le: LedgerEvent) -> dict[str, Any]:
    props = ledger_event_to_dict(le)
    props["claim_count"] = len(props.get("claims", []))
    for key in BULKY:
        props.pop(key, None)
    for c in props.get("casualties", []):
        c.pop("evidence", None)
    for m in props.get("materiel", []):
        m.pop("evidence", None)
    props["fatalities"] = fatalities(le)
    props["updated_at"] = le.updated_at.isoformat() if le.updated_at else None
    loc = le.event.location
    geometry = None
    if loc is not None and loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]}
    return {"type": "Feature", "id": le.event.id, "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[LedgerEvent], out: TextIO) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for le in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(le), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n

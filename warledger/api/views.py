"""JSON shapes the API adds on top of the output contract (``warledger.contract``)."""

from __future__ import annotations

from typing import Any

from warledger.contract import ledger_event_to_dict
from warledger.link.reconcile import fatalities  # the store's definition, so API and exports agree
from warledger.model import LedgerEvent


def event_json(le: LedgerEvent) -> dict[str, Any]:
    """A ledger event as in SPEC.md, plus ``fatalities`` so clients need not add it up."""
    out = ledger_event_to_dict(le)
    out["fatalities"] = fatalities(le)
    return out


# the compact rows of /api/map/points, one list per event in this column order
POINT_FIELDS = ["id", "lat", "lon", "event_type", "fatalities", "date", "place"]


def point_row(le: LedgerEvent) -> list[Any] | None:
    """One map point, or None for an event without coordinates."""
    ev = le.event
    loc = ev.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    day = ev.date.start.isoformat() if ev.date else None
    return [ev.id, round(loc.lat, 5), round(loc.lon, 5), ev.event_type, fatalities(le), day, loc.name]

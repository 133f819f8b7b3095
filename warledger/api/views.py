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

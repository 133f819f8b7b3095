"""JSON Lines: one ledger event (the output contract of SPEC.md) per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from warledger.contract import ledger_event_to_dict
from warledger.model import LedgerEvent


def write_jsonl(events: Iterable[LedgerEvent], out: TextIO) -> int:
    n = 0
    for le in events:
        out.write(json.dumps(ledger_event_to_dict(le), ensure_ascii=False) + "\n")
        n += 1
    return n

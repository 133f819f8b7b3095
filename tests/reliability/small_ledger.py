"""The small real ledger the API reliability tests serve."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from warledger.pipeline import extract_text
from warledger.store import Ledger


def ledger_of(path: Path, articles: Iterable[str], published: str = "2026-03-10") -> str:
    """A real SQLite ledger at ``path`` holding ``articles`` run through the whole pipeline; its URL."""
    url = f"sqlite:///{path}"
    ledger = Ledger(url)
    try:
        ledger.add_results(extract_text(text, published=published) for text in articles)
    finally:
        ledger.close()
    return url

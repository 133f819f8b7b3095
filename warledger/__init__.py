"""warledger: news articles about armed conflict in, a sourced, de-duplicated event ledger out.

Public API (everything else may change)::

    import warledger
    result = warledger.extract(text, published="2024-03-14")   # -> ArticleResult
"""

from __future__ import annotations

from warledger.model import (
    Actor,
    Article,
    ArticleResult,
    Casualty,
    Claim,
    DateRange,
    Event,
    Evidence,
    LedgerEvent,
    Location,
    Materiel,
    RawDocument,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Casualty",
    "Claim",
    "DateRange",
    "Event",
    "Evidence",
    "LedgerEvent",
    "Location",
    "Materiel",
    "RawDocument",
    "__version__",
    "extract",
]


def extract(text: str, published: str | None = None, title: str | None = None) -> ArticleResult:
    """Clean, extract and geocode one article given as plain text."""
    from warledger.pipeline import extract_text

    return extract_text(text, published=published, title=title)

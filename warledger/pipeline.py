"""One article through the per-article stages: clean -> extract -> geocode.

Linking and storage work on many articles and live in ``warledger.link`` and ``warledger.store``.
"""

from __future__ import annotations

import datetime as dt

from warledger.clean import clean_document
from warledger.extract import extract_events
from warledger.geo import geocode_events
from warledger.model import ArticleResult, RawDocument


def process_document(raw: RawDocument, published: dt.date | None = None) -> ArticleResult:
    """Run one ingested document through clean, extract and geocode.

    ``published`` overrides any publication date found in the document (``--published``).
    Raises ``ValueError`` with a one-line message when the document has no usable article.
    """
    article = clean_document(raw, published_override=published)
    events = extract_events(article)
    events = geocode_events(article, events)
    return ArticleResult(article=article, events=events)


def extract_text(text: str, published: str | dt.date | None = None, title: str | None = None) -> ArticleResult:
    """Library entry point: one plain-text article in, an ``ArticleResult`` out."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    raw = RawDocument(source="<text>", text=text, format="text", title=title)
    return process_document(raw, published=published)

"""One article through the per-article stages: clean -> extract -> geocode.

Linking and storage work on many articles and live in ``warledger.link`` and ``warledger.store``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from warledger.clean import clean_document
from warledger.extract import extract_events
from warledger.extract.pipeline import extract_events_batch
from warledger.geo import geocode_events
from warledger.model import ArticleResult, RawDocument

# articles per ``process_documents_batch`` call for callers that batch a stream (eval, the API's POST): one spaCy
# batch over 32 articles costs ~40% less NLP time than one by one, and keeps memory and first results quick
BATCH_SIZE = 32


def process_document(raw: RawDocument, published: dt.date | None = None) -> ArticleResult:
    """Run one ingested document through clean, extract and geocode.

    ``published`` overrides any publication date found in the document (``--published``).
    Raises ``ValueError`` with a one-line message when the document has no usable article.
    """
    article = clean_document(raw, published_override=published)
    events = extract_events(article)
    events = geocode_events(article, events)
    return ArticleResult(article=article, events=events)


def process_documents_batch(raws: list[RawDocument],
                            published: dt.date | None | Sequence[dt.date | None] = None
                            ) -> list[ArticleResult | Exception]:
    """``process_document`` over many documents, their extraction as one spaCy batch; results in input order.

    ``published``: one override for every document, or a sequence with each document's own (None: no override).
    A document ``process_document`` would raise on is reported in its own place as the exception it would raise
    (``ValueError`` for no usable article; anything else is a bug), and the others go on. When extracting the
    batch raises, its articles are extracted one by one, so one bad article never stops or changes the others.
    """
    results: list[ArticleResult | Exception | None] = [None] * len(raws)
    if published is None or isinstance(published, dt.date):
        overrides: Sequence[dt.date | None] = [published] * len(raws)
    elif len(published) != len(raws):
        raise ValueError(f"{len(published)} publication dates for {len(raws)} documents")
    else:
        overrides = published
    articles = []
    places = []
    for i, raw in enumerate(raws):
        try:
            articles.append(clean_document(raw, published_override=overrides[i]))
            places.append(i)
        except Exception as exc:  # reported for this document alone, as process_document would raise it
            results[i] = exc
    try:
        batch_events = extract_events_batch(articles)
    except Exception:  # find the bad article: each alone, as process_document would run it
        batch_events = None
    for n, (i, article) in enumerate(zip(places, articles, strict=True)):
        try:
            events = batch_events[n] if batch_events is not None else extract_events(article)
            results[i] = ArticleResult(article=article, events=geocode_events(article, events))
        except Exception as exc:
            results[i] = exc
    return [r for r in results if r is not None]


def extract_text(text: str, published: str | dt.date | None = None, title: str | None = None) -> ArticleResult:
    """Library entry point: one plain-text article in, an ``ArticleResult`` out."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    raw = RawDocument(source="<text>", text=text, format="text", title=title)
    return process_document(raw, published=published)

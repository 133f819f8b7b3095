"""RSS 2.0 / Atom feeds: one ``RawDocument`` per entry, via feedparser.

The XML is first parsed by defusedxml, which refuses entity declarations (the "billion laughs"
expansion bomb and external entities) and reports malformed XML, before feedparser reads it;
feedparser on its own would quietly accept broken feeds (its ``bozo`` flag).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser

from warledger.model import IngestError, RawDocument


def check_feed_xml(data: bytes) -> str | None:
    """A one-line problem with the feed's XML, or None when it is well-formed and safe."""
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except defusedxml.DTDForbidden:
        return "feed XML has a DOCTYPE, refused"
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        return "feed XML declares entities (possible entity-expansion bomb), refused"
    except ParseError as exc:
        return f"malformed feed XML ({exc})"
    tag = root.tag.rsplit("}", 1)[-1].lower()
    if tag not in {"rss", "feed", "rdf"}:
        return f"not an RSS or Atom feed (root element <{tag}>)"
    return None


def read_feed(source: str, data: bytes) -> Iterator[RawDocument | IngestError]:
    """Entries of a feed given as bytes (the XML declaration names the encoding)."""
    problem = check_feed_xml(data)
    if problem:
        yield IngestError(source, problem)
        return
    parsed = feedparser.parse(data)
    outlet = parsed.feed.get("title") or None
    if not parsed.entries:
        yield IngestError(source, "feed has no entries")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        body, summary_only = entry_body(entry)
        if not body.strip():
            yield IngestError(entry_source, "feed entry has neither content nor summary")
            continue
        yield RawDocument(
            source=entry_source,
            text=body,
            format="feed",
            title=(entry.get("title") or "").strip() or None,
            published=entry_date(entry),
            url=entry.get("link") or None,
            outlet=outlet,
            summary_only=summary_only,
        )


def entry_body(entry: feedparser.FeedParserDict) -> tuple[str, bool]:
    """The entry's full content when it has one, else its summary (``summary_only`` = True)."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        # prefer HTML over plain text: it keeps paragraphs and figure captions apart
        html = [c for c in contents if "html" in (c.get("type") or "")]
        return (html or contents)[0]["value"], False
    return entry.get("summary") or "", True


def entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    """Publication date of an entry; Atom entries without ``published`` fall back to ``updated``."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None

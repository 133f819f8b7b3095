"""HTML pages: main text out of boilerplate (navigation, share bars, cookie banners, related links,
footers) with trafilatura, plus the page's own metadata.

* paragraphs: trafilatura's main-text body, one unit per paragraph, heading or list item;
  link lists it lets through (menus) are dropped as short non-sentences.
* captions: ``<figcaption>`` texts (trafilatura drops figures; the captions are kept apart).
* title: ``og:title`` / ``<title>`` via trafilatura's metadata (site name suffix removed).
* published: ``article:published_time`` and similar meta tags, JSON-LD ``datePublished``,
  ``<time itemprop="datePublished">``; only what the page states, never a guess from its text.
* outlet: ``og:site_name``; url: canonical link or ``og:url``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml import html as lxml_html

from warledger.clean.paragraphs import normalise_line
from warledger.ingest import parse_date_value

# meta tags that state the publication time, most specific first
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publication_date", "dc.date.issued", "dcterms.issued", "dc.date", "date", "sailthru.date",
    "parsely-pub-date", "cxenseparse:recs:publishtime",
)
LIST_ITEM_MIN_WORDS = 8  # shorter list items in the extracted body are menus and link lists


@dataclass
class PageContent:
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None


def extract_page(page: str) -> PageContent:
    """Main text and metadata of an HTML page; ``paragraphs`` is empty when it has no article body."""
    try:
        tree = lxml_html.document_fromstring(page)
    except Exception:  # lxml refuses some inputs (e.g. only a comment); then there is no body
        return PageContent(paragraphs=[])
    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        include_formatting=False, deduplicate=False,  # its cache is process-wide: re-reads would lose text
    )
    paragraphs = body_paragraphs(document.body) if document is not None and document.body is not None else []
    captions = figure_captions(tree)
    caption_keys = set(captions)
    paragraphs = [p for p in paragraphs if p not in caption_keys]
    return PageContent(
        paragraphs=paragraphs,
        captions=captions,
        title=(document.title if document is not None else None) or _first_text(tree, "//title"),
        published=meta_published(tree),
        outlet=(document.sitename if document is not None else None) or _meta(tree, "og:site_name"),
        url=_link(tree, "canonical") or _meta(tree, "og:url") or (document.url if document is not None else None),
    )


def body_paragraphs(body: Any) -> list[str]:
    """Paragraph texts of trafilatura's body element (headings, paragraphs, quotes, list items)."""
    out: list[str] = []
    for element in body:
        if element.tag == "list":
            for item in element.iter("item"):
                text = normalise_line("".join(item.itertext()))
                if len(text.split()) >= LIST_ITEM_MIN_WORDS:
                    out.append(text)
            continue
        text = normalise_line("".join(element.itertext()))
        if text:
            out.append(text)
    return out


def figure_captions(tree: lxml_html.HtmlElement) -> list[str]:
    """``<figcaption>`` texts in document order, each once."""
    captions: list[str] = []
    for element in tree.xpath("//figcaption"):
        text = normalise_line(element.text_content())
        if text and text not in captions:
            captions.append(text)
    return captions


def meta_published(tree: lxml_html.HtmlElement) -> dt.date | None:
    """The publication date the page declares in meta tags, JSON-LD or ``<time>``, else None."""
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = meta.get("content", "")
    for key in PUBLISHED_META:
        if key in metas:
            day = parse_date_value(metas[key])
            if day:
                return day
    for script in tree.xpath("//script[@type='application/ld+json']"):
        day = _json_ld_published(script.text_content())
        if day:
            return day
    for element in tree.xpath("//time[@itemprop='datePublished'][@datetime]|//time[@pubdate][@datetime]"):
        day = parse_date_value(element.get("datetime", ""))
        if day:
            return day
    return None


def _json_ld_published(source: str) -> dt.date | None:
    try:
        data = json.loads(source)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                day = parse_date_value(value)
                if day:
                    return day
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return None


def _meta(tree: lxml_html.HtmlElement, name: str) -> str | None:
    for meta in tree.xpath("//meta[@content]"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == name:
            return meta.get("content").strip() or None
    return None


def _link(tree: lxml_html.HtmlElement, rel: str) -> str | None:
    for link in tree.xpath("//link[@href]"):
        if (link.get("rel") or "").strip().lower() == rel:
            return link.get("href").strip() or None
    return None


def _first_text(tree: lxml_html.HtmlElement, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return normalise_line(found[0].text_content()) or None if found else None

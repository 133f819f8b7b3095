"""Clean: a ``RawDocument`` becomes an ``Article`` whose ``text`` every later offset indexes into.

Steps, in order, each rule in its own module:

1. Paragraphs: HTML pages through trafilatura (``boilerplate``), HTML fragments from feeds
   and plain text through ``paragraphs``. ``Article.text`` is the paragraphs joined by a blank
   line ("\\n\\n").
2. Credit lines ("TRT World and Agencies", "(Reuters)", "AFP/Getty Images", bylines) and page
   junk ("Advertisement", "Read more: ...") are taken out and listed in ``removed``
   (``credits``).
3. Title: the input's own (HTML ``og:title``/``<title>``, feed entry, JSONL ``title``), else a
   headline-like first line of plain text (``headline``). **The headline stays in the text as
   its first paragraph**: headlines carry facts ("4 civilians die ...") and evidence offsets may
   point into them. A headline is never taken for a caption or a trailing fragment.
4. Captions: a paragraph printed twice is kept once; captions are listed in ``captions`` and
   stay in the text at most once. ``<figcaption>`` captions of HTML are listed and not put in
   the text (the page shows them apart from the body) (``captions``).
5. Trailing fragments: short non-sentence lines at the end ("Route 6", "Darfur") are removed
   and listed in ``removed`` (``credits``).
6. Published: ``published_override``, else the input's own date (feed entry, JSONL, HTML meta
   or JSON-LD), else inferred from the text and ``published_inferred = True`` (``published``).
7. Id: the input's id (JSONL), else the first 16 hex digits of the SHA-256 of the
   lower-cased, whitespace-normalised cleaned text, so the same article read twice (even
   from differently wrapped files) gets the same id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from warledger.clean.boilerplate import extract_page
from warledger.clean.captions import normalise, separate_captions
from warledger.clean.credits import is_credit_line, is_junk_line, is_trailing_fragment
from warledger.clean.headline import is_headline
from warledger.clean.paragraphs import Unit, html_fragment_units, text_units
from warledger.clean.published import infer_published
from warledger.model import Article, RawDocument

__all__ = ["clean_document", "content_id"]

_HTML_FRAGMENT = re.compile(r"<(?:p|div|br|figure|figcaption|h[1-6]|ul|ol|li|blockquote|span|a|em|strong)\b[^>]*>",
                            re.IGNORECASE)
_PROSE = re.compile(r"[.!?…]['\"’”)\]]*$")
PROSE_MIN_WORDS = 8
# the longest news features run to ~20,000 words; a document far beyond that is a dump or an attack, and
# extracting from it would hold a worker for many minutes (the NLP pass is linear in relevant sentences)
MAX_DOCUMENT_CHARS = 5_000_000  # raw input, markup included, checked before cleaning
MAX_ARTICLE_CHARS = 200_000  # cleaned article text
# a news publication date outside these years is a broken feed or a typo ("0001-01-01"); date arithmetic
# relative to it (the day before, the week before) would also fall off the calendar
PUBLISHED_YEARS = (1800, 2200)


def plausible_published(date: dt.date | None) -> bool:
    """Whether ``date`` can be a news article's publication date (``PUBLISHED_YEARS``)."""
    return date is not None and PUBLISHED_YEARS[0] <= date.year <= PUBLISHED_YEARS[1]


def content_id(text: str) -> str:
    """Stable id of an article: 16 hex digits of SHA-256 over its lower-cased, whitespace-normalised text."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:16]


def clean_document(raw: RawDocument, published_override: dt.date | None = None) -> Article:
    """Clean one document (see the module docstring). Raises ``ValueError`` when it has no article text."""
    if len(raw.text) > MAX_DOCUMENT_CHARS:
        raise ValueError(f"document too large to be an article ({len(raw.text):,} characters; "
                         f"limit {MAX_DOCUMENT_CHARS:,})")
    title, published, outlet, url = raw.title, raw.published, raw.outlet, raw.url
    captions: list[str] = []
    removed: list[str] = []
    if raw.format == "html":
        page = extract_page(raw.text)
        if not any(_is_prose(p) for p in page.paragraphs):
            raise ValueError("no article body found in the HTML page (only navigation, links or fragments)")
        units = [Unit(p, alone=True) for p in page.paragraphs]
        captions.extend(page.captions)
        title = title or page.title
        published = published or page.published
        outlet = outlet or page.outlet
        url = url or page.url
    elif _HTML_FRAGMENT.search(raw.text):
        paragraphs, figure_captions = html_fragment_units(raw.text)
        units = [Unit(p, alone=True) for p in paragraphs]
        captions.extend(figure_captions)
    else:
        units, dropped = text_units(raw.text, drop_line=is_credit_line)
        removed.extend(dropped)

    kept_units = []
    for unit in units:
        if is_credit_line(unit.text) or is_junk_line(unit.text):
            removed.append(unit.text)
        else:
            kept_units.append(unit)
    if not any(_has_visible_text(unit.text) for unit in kept_units):
        raise ValueError("no article text (empty, whitespace or invisible characters only, "
                         "or only credit lines and page furniture)")

    first = kept_units[0]
    if title is None and is_headline(first.text, alone=first.alone):
        title = first.text
    protected = 1 if title and normalise(first.text).lower() == normalise(title).lower() else 0

    paragraphs, text_captions = separate_captions([u.text for u in kept_units], protected=protected)
    captions.extend(c for c in text_captions if c not in captions)
    while len(paragraphs) > protected + 1 and is_trailing_fragment(paragraphs[-1]):
        removed.append(paragraphs.pop())

    text = "\n\n".join(paragraphs)
    if len(text) > MAX_ARTICLE_CHARS:
        raise ValueError(f"article text too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})")
    published_inferred = False
    if published_override is not None:
        if not plausible_published(published_override):
            raise ValueError(f"publication date {published_override.isoformat()} is outside the years "
                             f"{PUBLISHED_YEARS[0]}-{PUBLISHED_YEARS[1]}")
        published = published_override
    elif not plausible_published(published):
        published = infer_published(text)
        published = published if plausible_published(published) else None
        published_inferred = published is not None
    return Article(
        id=raw.id if raw.id is not None else content_id(text),
        text=text,
        title=title,
        published=published,
        published_inferred=published_inferred,
        outlet=outlet,
        url=url,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        language="en",
        captions=captions,
        removed=removed,
        source=raw.source,
    )


def _has_visible_text(text: str) -> bool:
    """Whether ``text`` has a character that prints: not a control, format (RLO, ZWJ, BOM, soft hyphen),
    private-use, unassigned or separator character. Text made only of those is as empty as whitespace."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= PROSE_MIN_WORDS and bool(_PROSE.search(paragraph))

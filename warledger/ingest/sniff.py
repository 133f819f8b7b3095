"""Which reader a document needs (text, html, feed, jsonl): from its name first, then its content."""

from __future__ import annotations

import re

InputFormat = str  # "text" | "html" | "feed" | "jsonl"

_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_BY_CONTENT_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/json": "jsonl",
    "text/plain": "text",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL
)
_HTML_TAGS = re.compile(rb"</(?:p|div|article|body|html|title)\s*>", re.IGNORECASE)


def format_from_name(name: str) -> InputFormat | None:
    """The format a file name or URL path implies (``.xml`` is too vague: feeds and pages both use it)."""
    lowered = name.lower().split("?", 1)[0]
    for suffix, fmt in _BY_SUFFIX.items():
        if lowered.endswith(suffix):
            return fmt
    return None


def format_from_content_type(content_type: str | None) -> InputFormat | None:
    """The format an HTTP ``Content-Type`` implies; generic XML is left to content sniffing."""
    if not content_type:
        return None
    return _BY_CONTENT_TYPE.get(content_type.split(";", 1)[0].strip().lower())


def format_from_content(head: bytes) -> InputFormat:
    """Sniff the first few kilobytes: feed XML, an HTML page, JSON Lines, else plain text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: sniff the ASCII subset
        start = head[2:].replace(b"\x00", b"").lstrip()
    if _FEED_ROOT.search(start[:4096]) and (start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed"))):
        return "feed"
    if _HTML_START.match(start[:4096]) or len(_HTML_TAGS.findall(start[:8192])) >= 2:
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def detect_format(name: str, head: bytes, content_type: str | None = None) -> InputFormat:
    """Name, then HTTP content type, then content. ``.json``/``.xml`` names still get sniffed."""
    return format_from_name(name) or format_from_content_type(content_type) or format_from_content(head)

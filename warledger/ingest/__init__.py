"""Ingest: turn paths, directories, URLs and stdin into ``RawDocument``s (or ``IngestError``s).

Input formats (``input_format="auto"`` picks one per input from its name, its HTTP content
type, then its first bytes):

* ``text``: a plain-text article; the cleaner finds the headline, captions and credit lines.
* ``html``: a saved or fetched web page, kept as raw HTML; the cleaner extracts the main text.
* ``feed``: an RSS 2.0 or Atom feed; one document per entry, with the entry's title, date,
  link and the feed's title as outlet (``summary_only`` when the entry has no full content).
* ``jsonl``: JSON Lines records ``{"id", "text", "title", "published", "url", "outlet"}``.

A directory is read recursively in sorted order, skipping hidden files and folders and files
whose extension is not a document's (``DIRECTORY_SUFFIXES``: a corpus folder's README.md or
gold .tsv files are not articles); a file named explicitly is always read. ``-`` is
stdin; ``http://`` and ``https://`` arguments are fetched once with httpx. A bad input (missing,
empty, binary, undecodable, malformed) yields an ``IngestError`` with a one-line message and
the iteration continues with the next input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warledger.ingest.dates import parse_date_value
from warledger.ingest.decode import DecodeError, decode_bytes
from warledger.ingest.feed import read_feed
from warledger.ingest.jsonl import read_jsonl
from warledger.ingest.sniff import detect_format
from warledger.ingest.url import FetchError, fetch_url, is_url
from warledger.model import IngestError, RawDocument

__all__ = ["INPUT_FORMATS", "DIRECTORY_SUFFIXES", "document_files", "parse_date_value", "read_bytes", "read_inputs"]

INPUT_FORMATS = ("auto", "text", "html", "feed", "jsonl")
MAX_FILE_BYTES = 50 * 1024 * 1024  # one article, page or feed; JSON Lines files are streamed instead
_SNIFF_BYTES = 8192
# files read from a directory: these extensions, or none at all
DIRECTORY_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".jsonl", ".ndjson", ".json"}

Item = RawDocument | IngestError


def read_inputs(paths: list[str], input_format: str = "auto", public_only: bool | None = None) -> Iterator[Item]:
    """Every document in ``paths`` (files, directories, ``-``, URLs), in order, errors inline.

    ``public_only`` refuses URLs on non-public addresses (None: ``$WARLEDGER_FETCH_PUBLIC_ONLY``)."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; expected one of {', '.join(INPUT_FORMATS)}")
    for arg in paths:
        if arg == "-":
            yield from _read_stream("<stdin>", _stdin_bytes(), input_format)
        elif is_url(arg):
            yield from _read_url(arg, input_format, public_only)
        else:
            yield from _read_path(Path(arg), arg, input_format)


def read_bytes(source: str, data: bytes, input_format: str = "auto", content_type: str | None = None,
               url: str | None = None) -> Iterator[Item]:
    """Documents in one in-memory input (a file's or a response's bytes) named ``source``."""
    fmt = input_format if input_format != "auto" else detect_format(source, data[:_SNIFF_BYTES], content_type)
    if fmt == "feed":
        yield from read_feed(source, data) if data.strip() else [IngestError(source, "empty file")]
        return
    if fmt == "jsonl":
        yield from read_jsonl(source, data.splitlines())
        return
    try:
        text = _decode(data, content_type)
    except DecodeError as exc:
        yield IngestError(source, str(exc))
        return
    if not text.strip():
        yield IngestError(source, "empty file (only whitespace)")
        return
    yield RawDocument(source=source, text=text, format="html" if fmt == "html" else "text", url=url)


def _read_path(path: Path, source: str, input_format: str) -> Iterator[Item]:
    if path.is_dir():
        files = document_files(path)
        if not files:
            yield IngestError(source, "directory has no document files (.txt, .html, .xml, .jsonl, ...)")
        for file in files:
            yield from _read_file(file, str(file), input_format)
    elif path.exists():
        yield from _read_file(path, source, input_format)
    else:
        yield IngestError(source, "no such file or directory")


def document_files(root: Path) -> list[Path]:
    """Document files under ``root``, recursively, sorted; no hidden files or folders, no other extensions."""
    return sorted(
        p for p in root.rglob("*")
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
        and (p.suffix.lower() in DIRECTORY_SUFFIXES or not p.suffix)
        and p.is_file()
    )


def _read_file(path: Path, source: str, input_format: str) -> Iterator[Item]:
    try:
        with path.open("rb") as handle:
            yield from _read_stream(source, handle, input_format)
    except IsADirectoryError:
        yield IngestError(source, "is a directory")
    except OSError as exc:
        yield IngestError(source, f"cannot read ({exc.strerror or exc})")


def _read_stream(source: str, handle: BinaryIO, input_format: str) -> Iterator[Item]:
    """Sniff the head; stream JSON Lines line by line, read anything else whole (up to a cap)."""
    head = handle.read(_SNIFF_BYTES)
    fmt = input_format if input_format != "auto" else detect_format(source, head)
    if fmt == "jsonl":
        first_lines = head.splitlines(keepends=True)
        if first_lines and not head.endswith(b"\n"):  # the last sniffed line continues in the stream
            first_lines[-1] += handle.readline()
        yield from read_jsonl(source, _chain_lines(first_lines, handle))
        return
    rest = handle.read(MAX_FILE_BYTES + 1 - len(head))
    data = head + rest
    if len(data) > MAX_FILE_BYTES:
        yield IngestError(source, f"file too large (over {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        return
    yield from read_bytes(source, data, fmt)


def _chain_lines(first: list[bytes], handle: BinaryIO) -> Iterator[bytes]:
    yield from first
    yield from handle


def _read_url(url: str, input_format: str, public_only: bool | None = None) -> Iterator[Item]:
    try:
        fetched = fetch_url(url, public_only=public_only)
    except FetchError as exc:
        yield IngestError(url, str(exc))
        return
    if not fetched.data.strip():
        yield IngestError(url, "empty response")
        return
    yield from read_bytes(url, fetched.data, input_format, content_type=fetched.content_type, url=fetched.url)


def _decode(data: bytes, content_type: str | None) -> str:
    """Decode with the charset an HTTP header declares when it works, else by detection."""
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";", 1)[0].strip(" \"'")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; fall back to detection
    return decode_bytes(data)


def _stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    import io

    return io.BytesIO(sys.stdin.read().encode("utf-8"))

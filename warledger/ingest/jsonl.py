"""JSON Lines records ``{"id", "text", "title", "published", "url", "outlet"}``, one document per line.

Lines are read one at a time (a corpus file may be large). JSON Lines is UTF-8 by definition;
a line that is not UTF-8, not JSON, not an object or without a non-empty ``text`` is an
``IngestError`` naming ``file:LINE``, and the next line is read. Blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from warledger.ingest.dates import parse_date_value
from warledger.model import IngestError, RawDocument

_OPTIONAL_STRINGS = ("title", "url", "outlet")


def read_jsonl(source: str, lines: Iterable[bytes]) -> Iterator[RawDocument | IngestError]:
    """Documents from the byte lines of a JSON Lines file called ``source``."""
    seen_any = False
    for number, raw_line in enumerate(lines, start=1):
        if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
            raw_line = raw_line[3:]
        if not raw_line.strip():
            continue
        seen_any = True
        line_source = f"{source}:{number}"
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield IngestError(line_source, f"line is not UTF-8 (byte 0x{raw_line[exc.start]:02X})")
            continue
        yield record_to_document(line_source, line)
    if not seen_any:
        yield IngestError(source, "empty file (no JSON Lines records)")


def record_to_document(source: str, line: str) -> RawDocument | IngestError:
    """One JSON Lines record as a document, or the one-line reason it is not one."""
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(source, f"not JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:  # "[[[[..." thousands deep exhausts the decoder's stack
        return IngestError(source, "JSON nested too deeply")
    if not isinstance(record, dict):
        return IngestError(source, f"record is a JSON {type(record).__name__}, expected an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(source, 'record lacks a non-empty "text" string')
    fields: dict[str, str | None] = {}
    for key in _OPTIONAL_STRINGS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return IngestError(source, f'"{key}" must be a string, got {type(value).__name__}')
        fields[key] = value.strip() or None if isinstance(value, str) else None
    record_id = record.get("id")
    if record_id is not None and not isinstance(record_id, str | int):
        return IngestError(source, f'"id" must be a string or integer, got {type(record_id).__name__}')
    published = record.get("published")
    published_date = None
    if published not in (None, ""):
        published_date = parse_date_value(str(published))
        if published_date is None:
            return IngestError(source, f'"published" is not a date: {published!r}')
    return RawDocument(
        source=source,
        text=text,
        format="jsonl",
        id=str(record_id) if record_id is not None else None,
        title=fields["title"],
        published=published_date,
        url=fields["url"],
        outlet=fields["outlet"],
    )

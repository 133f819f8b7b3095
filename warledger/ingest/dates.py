"""Date values that inputs carry in metadata (JSONL ``published``, HTML meta tags, JSON-LD)."""

from __future__ import annotations

import datetime as dt
import re

_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_YEAR = re.compile(r"\b\d{4}\b")


def parse_date_value(value: str) -> dt.date | None:
    """The calendar day of a metadata date string, or None when it names no full date.

    ISO 8601 dates and datetimes take the date part as written (the publisher's local day);
    other spellings ("Tue, 05 Apr 2016 10:00:00 GMT", "5 April 2016") go through dateparser
    in strict mode, so a value without day, month and year is refused rather than guessed.
    """
    match = _ISO_DAY.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if not _YEAR.search(value):  # "yesterday", "2 hours ago": relative to when it was read, not a date
        return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None

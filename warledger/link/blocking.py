"""Blocking: which stored events are worth scoring against a new report at all.

Two reports can only describe the same event when their date ranges overlap within
``DATE_SLACK_DAYS`` and their places are compatible: the same first-level region, or
within a distance that grows with the coarser location precision of the two. A
country-level location only says "somewhere in this country", so it matches any
event of the same country and nothing abroad.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from warledger.model import DateRange, Event, Location

# reports of one event often disagree by a day or two ("on Tuesday" vs the overnight strike)
DATE_SLACK_DAYS = 2
# how far back an undated report may refer to, counted from its publication date
UNDATED_LOOKBACK_DAYS = 3
# events longer than this (e.g. "last year") are too vague to link and are never candidates
MAX_LINKABLE_SPAN_DAYS = 31

# the largest distance at which two locations of a given precision can still be the same place
RADIUS_KM = {
    "exact": 10.0,
    "city": 25.0,
    "admin2": 75.0,
    "admin1": 200.0,
    "region": 300.0,
    "country": math.inf,
}
PRECISION_RANK = {p: i for i, p in enumerate(["exact", "city", "admin2", "admin1", "region", "country"])}


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date


def event_window(date: DateRange | None, published: dt.date | None) -> Window | None:
    """The date range a report covers; an undated report covers the days before its publication."""
    if date is not None:
        return Window(date.start, date.end)
    if published is not None:
        return Window(published - dt.timedelta(days=UNDATED_LOOKBACK_DAYS), published)
    return None


def windows_overlap(a: Window | None, b: Window | None, slack_days: int = DATE_SLACK_DAYS) -> bool:
    """True when the ranges overlap once each is widened by ``slack_days``; unknown dates never block."""
    if a is None or b is None:
        return True
    slack = dt.timedelta(days=slack_days)
    return a.start - slack <= b.end and b.start - slack <= a.end


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def coarser_precision(a: str, b: str) -> str:
    return a if PRECISION_RANK.get(a, 5) >= PRECISION_RANK.get(b, 5) else b


def link_radius_km(a: Location, b: Location) -> float:
    return RADIUS_KM.get(coarser_precision(a.precision, b.precision), math.inf)


def places_compatible(a: Location | None, b: Location | None) -> bool:
    """Could two locations be the same place? Unknown locations never block."""
    if a is None or b is None:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.precision == "country" or b.precision == "country":
        return bool(a.country_code and a.country_code == b.country_code) or not (a.country_code and b.country_code)
    if a.admin1 and b.admin1 and a.admin1 == b.admin1:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        # no coordinates: only the same named place can be told apart safely
        return a.name.casefold() == b.name.casefold()
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= link_radius_km(a, b)  # type: ignore[arg-type]


def is_linkable_window(w: Window | None) -> bool:
    return w is None or (w.end - w.start).days <= MAX_LINKABLE_SPAN_DAYS


def candidate_date_bounds(w: Window) -> tuple[dt.date, dt.date, dt.date]:
    """SQL-friendly bounds: candidates have ``start BETWEEN lo AND hi`` and ``end >= end_min``.

    Bounding the start as well as the end lets an index on (country, date_start) do the work;
    it is exact because no linkable event spans more than ``MAX_LINKABLE_SPAN_DAYS``.
    """
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    lo = w.start - slack - dt.timedelta(days=MAX_LINKABLE_SPAN_DAYS)
    return lo, w.end + slack, w.start - slack


class BlockIndex:
    """In-memory blocking index keyed by (country, day): for batch linking without a database."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str | None, dt.date | None], list[object]] = defaultdict(list)

    def add(self, item: object, country_code: str | None, window: Window | None) -> None:
        for day in _days(window):
            self._by_key[(country_code, day)].append(item)

    def candidates(self, country_code: str | None, window: Window | None) -> Iterator[object]:
        seen: set[int] = set()
        codes: Iterable[str | None] = [country_code] if country_code else [None]
        widened = None if window is None else Window(
            window.start - dt.timedelta(days=DATE_SLACK_DAYS), window.end + dt.timedelta(days=DATE_SLACK_DAYS)
        )
        for code in codes:
            for day in _days(widened):
                for item in self._by_key.get((code, day), ()):
                    if id(item) not in seen:
                        seen.add(id(item))
                        yield item


def _days(w: Window | None) -> Iterator[dt.date | None]:
    if w is None:
        yield None
        return
    span = min((w.end - w.start).days, MAX_LINKABLE_SPAN_DAYS)
    for i in range(span + 1):
        yield w.start + dt.timedelta(days=i)


def event_country(e: Event) -> str | None:
    return e.location.country_code if e.location else None

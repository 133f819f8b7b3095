"""UCDP GED-style CSV: one row per ledger event.

``ucdp_row`` is the single mapping. Conventions: type_of_violence 1 state-based (a state is a
party), 2 non-state, 3 one-sided (violence against civilians); where_prec 1 exact place or town,
3 second-order region, 4 first-order region, 5 larger area, 6 country; date_prec 1 day, 2 two to
six days, 3 a week, 4 a month, 5 a year. Deaths are split by the side they belong to: side_a
(the state or the perpetrator), side_b, civilians, unknown; best/low/high are their totals.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from warledger.link.reconcile import same_side
from warledger.model import Actor, LedgerEvent

UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "where_prec", "latitude", "longitude",
    "country", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low",
]
WHERE_PREC = {"exact": 1, "city": 1, "admin2": 3, "admin1": 4, "region": 5, "country": 6}
DATE_PREC = {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5}
STATE_TYPES = {"state_forces", "government", "police"}


def sides(le: LedgerEvent) -> tuple[Actor | None, Actor | None]:
    """side_a is a state actor when there is one (UCDP convention), else the perpetrator."""
    actors = [a for a in le.event.actors if a.role != "mediator"]
    if not actors:
        return None, None
    state = [a for a in actors if a.type in STATE_TYPES]
    perpetrators = [a for a in actors if a.role == "perpetrator"]
    a = state[0] if state else (perpetrators[0] if perpetrators else actors[0])
    rest = [x for x in actors if x is not a and not (x.side and a.side and same_side(x.side, a.side))]
    b = next((x for x in rest if x.role == "target"), rest[0] if rest else None)
    return a, b


def type_of_violence(le: LedgerEvent, a: Actor | None, b: Actor | None) -> int:
    if le.event.event_type == "Violence against civilians" or (b is not None and b.type == "civilians"):
        return 3
    if any(x is not None and x.type in STATE_TYPES for x in (a, b)):
        return 1
    return 2


def ucdp_row(le: LedgerEvent) -> dict[str, Any]:
    ev = le.event
    loc = ev.location
    a, b = sides(le)
    deaths = {"a": 0, "b": 0, "civilians": 0, "unknown": 0}
    low = high = 0
    counts = ev.status == "reported"  # planned and background events carry no deaths
    for c in ev.casualties:
        if c.kind != "killed" or not counts:
            continue
        low += c.low
        high += c.high
        if c.group == "civilians":
            deaths["civilians"] += c.best
        elif a is not None and c.side and same_side(c.side, a.side or a.name):
            deaths["a"] += c.best
        elif b is not None and c.side and same_side(c.side, b.side or b.name):
            deaths["b"] += c.best
        else:
            deaths["unknown"] += c.best
    best = sum(deaths.values())
    sources = []
    by_article = {c.article_id: c for c in le.claims}
    for article_id in le.articles:
        c = by_article.get(article_id)
        sources.append(f"{c.outlet or 'unknown outlet'},{c.published or ''},{article_id}" if c else article_id)
    return {
        "id": ev.id,
        "year": ev.date.start.year if ev.date else "",
        "type_of_violence": type_of_violence(le, a, b),
        "side_a": (a.name if a else ""),
        "side_b": (b.name if b else ""),
        "source_article": ";".join(sources),
        "where_prec": WHERE_PREC.get(loc.precision, 6) if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "country": (loc.country or loc.country_code or "") if loc else "",
        "date_prec": DATE_PREC.get(ev.date.precision, 5) if ev.date else 5,
        "date_start": ev.date.start.isoformat() if ev.date else "",
        "date_end": ev.date.end.isoformat() if ev.date else "",
        "deaths_a": deaths["a"],
        "deaths_b": deaths["b"],
        "deaths_civilians": deaths["civilians"],
        "deaths_unknown": deaths["unknown"],
        "best": best,
        "high": max(high, best),
        "low": min(low, best),
    }


def write_ucdp(events: Iterable[LedgerEvent], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for le in events:
        writer.writerow(ucdp_row(le))
        n += 1
    return n

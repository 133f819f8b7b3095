"""``warledger geocode`` and ``warledger gazetteer build``: tables, JSON, GeoNames dumps, broken indexes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from warledger.cli import main
from warledger.geo.gazetteer import Gazetteer, GazetteerError, get_gazetteer, reset_gazetteer_cache


def test_geocode_table(gazetteer) -> None:
    result = CliRunner().invoke(main, ["geocode", "Tavush province, Armenia"])
    assert result.exit_code == 0, result.output
    header, first = result.output.splitlines()[:2]
    assert header.split() == ["name", "country_code", "admin1", "lat", "lon", "precision", "score"]
    assert first.split()[:2] == ["Tavush", "AM"] and "admin1" in first


def test_geocode_json(gazetteer) -> None:
    result = CliRunner().invoke(main, ["geocode", "Tripoli", "--format", "json", "--limit", "3"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert 2 <= len(rows) <= 3
    assert set(rows[0]) >= {"name", "country_code", "admin1", "lat", "lon", "precision", "score"}
    assert {r["country_code"] for r in rows} >= {"LY", "LB"}


def test_geocode_country_option(gazetteer) -> None:
    result = CliRunner().invoke(main, ["geocode", "Vienna", "--country", "US", "--format", "json", "--limit", "1"])
    assert json.loads(result.output)[0]["country_code"] == "US"


def test_geocode_unknown_place_is_one_line_error(gazetteer) -> None:
    result = CliRunner().invoke(main, ["geocode", "Qwertzuiopville"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no place of that name" in result.output


# GeoNames' 19 tab-separated columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
# feature class, feature code, country code, cc2, admin1, admin2, admin3, admin4, population, elevation,
# dem, timezone, modification date
DUMP_ROWS = [
    ["9000001", "Zarqa Nova", "Zarqa Nova", "Zarka Nova,Ez Zarqa Nova", "32.07", "36.09", "P", "PPL", "JO", "",
     "15", "", "", "", "52000", "", "600", "Asia/Amman", "2024-01-01"],
    ["9000002", "Qaryat al Fulan", "Qaryat al Fulan", "", "31.95", "35.93", "P", "PPLX", "JO", "", "16", "", "",
     "", "0", "", "800", "Asia/Amman", "2024-01-01"],
    ["9000003", "Jabal Example", "Jabal Example", "", "31.00", "36.00", "T", "MT", "JO", "", "", "", "", "", "0",
     "", "900", "Asia/Amman", "2024-01-01"],
    ["9000004", "Muhafazat Example", "Muhafazat Example", "Example Governorate", "31.50", "36.50", "A", "ADM1",
     "JO", "", "99", "", "", "", "100000", "", "700", "Asia/Amman", "2024-01-01"],
]


def _write_dump(tmp_path: Path) -> Path:
    txt = "\n".join("\t".join(r) for r in DUMP_ROWS) + "\n"
    path = tmp_path / "JO.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not data")
        z.writestr("JO.txt", txt)
    return path


def test_build_from_geonames_dump_with_alternate_names(tmp_path: Path) -> None:
    dump = _write_dump(tmp_path)
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w") as z:
        z.writestr("alternateNamesV2.txt", "1\t9000002\ten\tFulan Village\t\t\t\t\t\t\n"
                                           "2\t9000002\tpost\t11118\t\t\t\t\t\t\n")
    out = tmp_path / "gaz.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--geonames", str(dump), "--alternate-names", str(alt),
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    gaz = Gazetteer(out)
    town = gaz.find("Ez Zarqa Nova")[0]
    assert (town.name, town.country_code, town.kind, town.population) == ("Zarqa Nova", "JO", "city", 52000)
    assert town.admin1  # joined to its admin1 area
    assert gaz.find("Fulan Village")[0].geonameid == 9000002  # from the alternate-names file
    assert gaz.find("11118") == ()  # postcodes are not names
    assert gaz.find("Jabal Example") == ()  # mountains are not places in this index
    adm = gaz.find("Example Governorate")[0]
    assert (adm.kind, round(adm.lat, 2)) == ("admin1", 31.5)  # the dump's own point for the area
    assert gaz.find("Karabakh")[0].country_code == "AZ"  # curated regions are always there
    assert gaz.country_for_demonym("Jordanian") == "JO"


def test_build_rejects_a_bad_dump(tmp_path: Path) -> None:
    bad = tmp_path / "cities.txt"
    bad.write_text("9000001\tOnly\tthree columns\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "build", "--geonames", str(bad), "--output",
                                       str(tmp_path / "g.sqlite")])
    assert result.exit_code == 1
    assert "line 1 has 3 columns" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "g.sqlite").exists()


# --if-missing on current and older indexes: test_geo_districts.py (small indexes, fast)


def test_stale_index_at_the_default_place_is_rebuilt(gazetteer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "gazetteer.sqlite"
    conn = sqlite3.connect(stale)
    conn.executescript("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema', '0');"
                       "CREATE TABLE country (code, name, place_id); CREATE TABLE demonym (word_norm, code);")
    conn.close()
    built: list[Path] = []

    def fake_build(target: Path) -> None:  # the real build takes a while; copying the real index is enough
        built.append(target)
        shutil.copy(gazetteer.path, target)

    monkeypatch.setattr("warledger.geo.gazetteer.build_index", fake_build)
    try:
        gaz = get_gazetteer(stale)
        assert built == [stale] and gaz.find("Vienna")
    finally:
        reset_gazetteer_cache(stale)


def test_corrupt_index_says_how_to_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "gazetteer.sqlite"
    broken.write_bytes(b"this is not a SQLite database" * 100)
    with pytest.raises(GazetteerError, match="corrupt.*warledger gazetteer build"):
        Gazetteer(broken)
    monkeypatch.setenv("WARLEDGER_GAZETTEER", str(broken))
    result = CliRunner().invoke(main, ["geocode", "Vienna"])
    reset_gazetteer_cache(broken)
    assert result.exit_code == 2
    assert "corrupt" in result.output and "warledger gazetteer build" in result.output
    assert "Traceback" not in result.output


def test_index_from_another_version_says_how_to_rebuild(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript("CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema', '0');"
                       "CREATE TABLE country (code, name, place_id); CREATE TABLE demonym (word_norm, code);")
    conn.close()
    with pytest.raises(GazetteerError, match="another warledger version.*warledger gazetteer build"):
        Gazetteer(old)


def test_missing_index_is_named(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="missing.*warledger gazetteer build"):
        Gazetteer(tmp_path / "nowhere.sqlite")


def test_shared_instance_is_reused(gazetteer) -> None:
    assert get_gazetteer() is get_gazetteer()


def test_loose_spellings_from_a_built_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warledger.geo import geocode_events
    from warledger.geo.rules import loose_key, normalize_name
    from warledger.model import Article, Event, Evidence

    out = tmp_path / "gaz.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--geonames", str(_write_dump(tmp_path)),
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    gaz = Gazetteer(out)
    assert gaz.has_loose
    assert [p.geonameid for p in gaz.lookup_loose(loose_key(normalize_name("Qaryat al Fullaan")))] == [9000002]
    assert gaz.find("Qaryat al Fullaan") == ()  # the exact key still misses it
    # through the geocoder: a loose spelling counts in the article's own country, and only there
    monkeypatch.setenv("WARLEDGER_GAZETTEER", str(out))
    reset_gazetteer_cache()
    try:
        for text, expected in [
            ("Jordanian police dispersed a protest in Qaryat al Fullaan; two were hurt.", 9000002),
            ("Police dispersed a protest in Qaryat al Fullaan; two were hurt.", None),  # no country context
        ]:
            start = text.index("two were hurt")
            event = Event(id="e", evidence=[Evidence(start, start + 13, "two were hurt")])
            geocode_events(Article(id="t", text=text), [event])
            assert (event.location.geonameid if event.location else None) == expected, (text, event.location)
    finally:
        reset_gazetteer_cache()


def test_index_without_loose_keys_still_works(tmp_path: Path) -> None:
    out = tmp_path / "gaz.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "build", "--geonames", str(_write_dump(tmp_path)),
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(out) as conn:
        conn.execute("DROP TABLE alias_loose")  # as an index built by an older warledger
    gaz = Gazetteer(out)
    assert not gaz.has_loose and gaz.lookup_loose("zrk nb") == ()
    assert gaz.find("Zarqa Nova")[0].geonameid == 9000001

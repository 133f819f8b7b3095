"""Every export format written from a real ledger and read back with standard readers."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from warledger.contract import ledger_event_to_dict
from warledger.export import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, export_events, ucdp_row
from warledger.model import EventFilter
from warledger.store import Ledger


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_acled_csv(filled_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_events(filled_ledger, "acled", out) == 7
    table = pacsv.read_csv(out)  # a columnar CSV reader, as pandas would read it
    assert table.column_names == ACLED_COLUMNS and table.num_rows == 7
    by_place = {r["location"]: r for r in rows(out)}
    clash = by_place["Aghdam"]
    assert clash["event_id_cnty"].startswith("AZE") and clash["iso"] == "31"
    assert clash["region"] == "Caucasus and Central Asia" and clash["country"] == "Azerbaijan"
    assert clash["disorder_type"] == "Political violence" and clash["event_type"] == "Battles"
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("1", "1", "11")
    assert clash["time_precision"] == "1" and clash["geo_precision"] == "1"
    assert clash["fatalities"] == "14"
    assert clash["source"] == "Caspian Wire; South Caucasus Herald; Yerevan Times; Baku Observer"
    # the notes name the conflicting claims side by side
    assert "Conflicting claims" in clash["notes"] and "Armenia's defence ministry (partisan)" in clash["notes"]
    assert "conflicting claims" in clash["tags"]
    strike = by_place["Kostiantynivka"]
    assert strike["civilian_targeting"] == "Civilian targeting" and strike["inter2"] == "7"
    assert strike["interaction"] == "17" and strike["region"] == "Europe" and strike["iso"] == "804"
    talks = by_place["Almaty"]
    assert talks["disorder_type"] == "Strategic developments" and talks["fatalities"] == "0"
    assert all(r["timestamp"].isdigit() for r in by_place.values())


def test_acled_row_is_one_function_of_the_event(filled_ledger: Ledger) -> None:
    for le in filled_ledger.iter_events(EventFilter()):
        row = acled_row(le)
        assert list(row) == ACLED_COLUMNS
        assert list(ucdp_row(le)) == UCDP_COLUMNS


def test_ucdp_csv(filled_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "ged.csv"
    export_events(filled_ledger, "ucdp", out, EventFilter(status="reported"))
    assert pacsv.read_csv(out).column_names == UCDP_COLUMNS
    by_id = {r["id"]: r for r in rows(out)}
    strike = next(r for r in by_id.values() if r["deaths_civilians"] == "7")
    assert strike["type_of_violence"] == "3" and strike["side_a"] == "Russian forces"
    assert strike["best"] == "7" and strike["low"] == "7" and strike["high"] == "7"
    assert strike["date_prec"] == "1" and strike["where_prec"] == "1"
    assert strike["source_article"].count(";") == 2
    clash = next(r for r in by_id.values() if r["country"] == "Azerbaijan" and r["date_start"] == "2024-07-12")
    assert clash["type_of_violence"] == "1"
    assert int(clash["deaths_a"]) + int(clash["deaths_b"]) + int(clash["deaths_unknown"]) == int(clash["best"])
    assert int(clash["low"]) <= int(clash["best"]) <= int(clash["high"])


def validate_geojson(doc: dict[str, Any]) -> None:
    """RFC 7946 structure: a FeatureCollection of Features with Point geometries in [lon, lat] order."""
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict) and "geometry" in f
        geom = f["geometry"]
        if geom is None:
            continue
        assert geom["type"] == "Point" and len(geom["coordinates"]) == 2
        lon, lat = geom["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and all(math.isfinite(x) for x in (lon, lat))


def test_geojson(filled_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    export_events(filled_ledger, "geojson", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate_geojson(doc)
    assert len(doc["features"]) == 7
    strike = next(f for f in doc["features"] if f["properties"]["location"] and
                  f["properties"]["location"]["name"] == "Kostiantynivka")
    assert strike["geometry"]["coordinates"] == [37.7069, 48.5277]  # lon first
    assert strike["properties"]["fatalities"] == 7 and "claims" not in strike["properties"]
    assert strike["properties"]["claim_count"] == 5
    undated_place = [f for f in doc["features"] if f["geometry"] is None]
    assert len(undated_place) == 1  # the background mention has no place


def test_parquet_round_trip(filled_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    export_events(filled_ledger, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == 7
    schema = table.schema
    assert str(schema.field("date_start").type) == "date32[day]"
    assert str(schema.field("latitude").type) == "double" and str(schema.field("fatalities").type) == "int64"
    records = {r["event_id"]: r for r in table.to_pylist()}
    for le in filled_ledger.iter_events(EventFilter()):
        r = records[le.event.id]
        assert r["date_start"] == (le.event.date.start if le.event.date else None)
        assert r["articles"] == le.articles
        assert len(json.loads(r["claims_json"])) == len(le.claims)
        assert [c["best"] for c in r["casualties"]] == [c.best for c in le.event.casualties]


def test_parquet_is_written_in_row_groups(filled_ledger: Ledger, tmp_path: Path) -> None:
    from warledger.export.parquet import write_parquet

    out = tmp_path / "events.parquet"
    assert write_parquet(filled_ledger.iter_events(EventFilter(), batch_size=2), out, row_group_size=3) == 7
    assert pq.ParquetFile(out).metadata.num_row_groups == 3


def test_jsonl_round_trip(filled_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export_events(filled_ledger, "jsonl", out, EventFilter(country="UA"))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [ledger_event_to_dict(le) for le in filled_ledger.iter_events(EventFilter(country="UA"))]
    assert lines == expected and len(lines) == 2


def test_export_failure_leaves_no_partial_file(filled_ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not one of"):
        export_events(filled_ledger, "xlsx", tmp_path / "events.xlsx")
    assert list(tmp_path.iterdir()) == [] or all(p.suffix == ".sqlite" or "sqlite" in p.name
                                                  for p in tmp_path.iterdir())

"""GET /api/export: every format streams the filtered ledger in a form its readers accept."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq


def test_jsonl_is_one_ledger_event_per_line(client):
    r = client.get("/api/export", params={"format": "jsonl"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="warledger-jsonl.jsonl"' in r.headers["content-disposition"]
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 6
    assert all({"id", "claims", "articles", "independent_sources"} <= set(line) for line in lines)


def test_export_respects_filters(client):
    r = client.get("/api/export", params={"format": "jsonl", "country": "UA"})
    places = {json.loads(x)["location"]["name"] for x in r.text.splitlines()}
    assert places == {"Kharkiv"} and len(r.text.splitlines()) == 2


def test_unknown_format_is_422(client):
    r = client.get("/api/export", params={"format": "xlsx"})
    assert r.status_code == 422
    assert "query parameter 'format'" in r.json()["detail"]


def test_acled_csv(client):
    r = client.get("/api/export", params={"format": "acled"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6
    assert {"event_date", "event_type", "country", "latitude", "longitude", "fatalities"} <= set(rows[0])
    idlib = next(row for row in rows if row["country"] == "Syria")
    assert idlib["event_type"] == "Explosions/Remote violence" and int(idlib["fatalities"]) == 7


def test_ucdp_csv(client):
    r = client.get("/api/export", params={"format": "ucdp", "country": "AM"})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1
    assert int(rows[0]["best"]) == 4


def test_geojson(client):
    r = client.get("/api/export", params={"format": "geojson"})
    assert r.status_code == 200
    doc = json.loads(r.text)
    assert doc["type"] == "FeatureCollection"
    points = [f for f in doc["features"] if f["geometry"]]
    lon, lat = next(f for f in points if f["properties"]["location"]["country"] == "Syria")["geometry"]["coordinates"]
    assert abs(lon - 36.63) < 0.01 and abs(lat - 35.93) < 0.01  # RFC 7946: longitude first


def test_parquet(client):
    r = client.get("/api/export", params={"format": "parquet", "min_fatalities": 5})
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 2

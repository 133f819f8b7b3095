"""``GET /api/dashboard/bootstrap`` over the sample corpus (the real pipeline into a real SQLite ledger).

The bootstrap must say exactly what the separate endpoints say for the same filters: each part is
compared with its endpoint's answer. It is JSON Lines, a part per line as each is ready; merged,
the lines are one object with every part.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_live import TOKEN
from fastapi.testclient import TestClient

from warledger.api import create_app

BOOTSTRAP = "/api/dashboard/bootstrap"


@pytest.fixture(scope="module")
def sample(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{sample_db}", token=TOKEN)) as c:
        yield c


def bootstrap(client: TestClient, **params: Any) -> dict[str, Any]:
    """The bootstrap's lines merged into one object (checking that each line is a JSON object on its own)."""
    r = client.get(BOOTSTRAP, params=params)
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
    merged: dict[str, Any] = {}
    for line in r.text.splitlines():
        part = json.loads(line)
        assert isinstance(part, dict) and part and not set(part) & set(merged)
        merged.update(part)
    return merged


def timeline_rows(client: TestClient, **params: str) -> list[list]:
    rows = client.get("/api/stats/timeline", params={**params, "bucket": "day"}).json()["rows"]
    return [[r["period"], r["event_type"], r["events"], r["fatalities"]] for r in rows]


def test_without_filters_every_part_is_what_its_endpoint_says(sample):
    body = bootstrap(sample)
    summary = sample.get("/api/stats/summary").json()
    assert summary["events"] > 10  # the corpus, not an empty ledger
    assert body["summary"] == summary
    assert body["options"] == {"countries": summary["countries"], "event_types": summary["event_types"]}
    assert body["map"] == sample.get("/api/map/points").json()
    assert body["events"] == sample.get("/api/events", params={"size": 25, "sort": "-date"}).json()
    assert body["timeline"]["bucket"] == "day"
    assert body["timeline"]["fields"] == ["period", "event_type", "events", "fatalities"]
    assert body["timeline"]["rows"] == timeline_rows(sample)
    assert sum(row[2] for row in body["timeline"]["rows"]) <= summary["events"]  # undated events are left out


def test_filters_narrow_everything_but_the_timeline_dates_and_the_options(sample):
    everything = sample.get("/api/stats/summary").json()
    country = [c for c in everything["countries"] if c["country"]][0]["country"]
    days = [row[0] for row in bootstrap(sample, country=country)["timeline"]["rows"]]
    assert len(set(days)) > 1, "the corpus should have this country's events on several days"
    date_from = days[len(days) // 2]
    params = {"country": country, "date_from": date_from, "sort": "-fatalities", "size": "3"}
    body = bootstrap(sample, **params)
    flt = {"country": country, "date_from": date_from}
    assert body["summary"] == sample.get("/api/stats/summary", params=flt).json()
    assert body["summary"]["events"] < everything["events"]
    assert body["map"] == sample.get("/api/map/points", params=flt).json()
    assert body["events"] == sample.get("/api/events", params={**flt, "sort": "-fatalities", "size": 3}).json()
    assert len(body["events"]["events"]) <= 3
    # the timeline keeps the whole period (the date selection is drawn over it), for this country
    assert body["timeline"]["rows"] == timeline_rows(sample, country=country)
    assert min(row[0] for row in body["timeline"]["rows"]) < date_from
    # the filter lists always cover the whole ledger
    assert body["options"] == {"countries": everything["countries"], "event_types": everything["event_types"]}


def test_parts_can_be_left_out(sample):
    body = bootstrap(sample, size=0, options="false")
    assert body["events"] is None and body["options"] is None
    assert body["map"]["points"] and body["summary"]["events"] > 0


def test_with_filters_every_part_comes_once(sample):
    lines = sample.get(BOOTSTRAP, params={"date_from": "2000-01-01"}).text.splitlines()
    names = [name for line in lines for name in json.loads(line)]
    assert sorted(names) == ["events", "map", "options", "summary", "timeline"]


def test_a_part_that_fails_is_reported_in_the_response(sample_db):
    app = create_app(f"sqlite:///{sample_db}")

    def broken_timeline(*args: Any, **kwargs: Any) -> list:
        raise RuntimeError("disk I/O error")

    app.state.ledger.timeline = broken_timeline  # a failure after the headers are sent
    with TestClient(app) as c:
        r = c.get(BOOTSTRAP)
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert r.status_code == 200
    assert lines[-1] == {"error": "the timeline part failed: RuntimeError"}
    assert not any("timeline" in line for line in lines)


@pytest.mark.parametrize(("params", "named"), [
    ({"date_from": "last tuesday"}, "date_from"),
    ({"date_from": "2024-05-02", "date_to": "2024-05-01"}, "date_from"),
    ({"size": "501"}, "size"),
    ({"size": "-1"}, "size"),
    ({"sort": "place"}, "sort"),
    ({"limit": "0"}, "limit"),
    ({"bbox": "1,2,3"}, "bbox"),
])
def test_bad_parameters_are_a_one_line_422_naming_them(sample, params, named):
    r = sample.get(BOOTSTRAP, params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and named in detail


def test_a_repeat_request_is_answered_from_the_etag(sample):
    first = sample.get(BOOTSTRAP, params={"status": "reported"})
    again = sample.get(BOOTSTRAP, params={"status": "reported"}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    other = sample.get(BOOTSTRAP, params={"status": "planned"}, headers={"If-None-Match": first.headers["etag"]})
    assert other.status_code == 200


def test_a_private_server_wants_the_token(sample_db):
    with TestClient(create_app(f"sqlite:///{sample_db}", token=TOKEN, private_reads=True)) as c:
        assert c.get(BOOTSTRAP).status_code == 401
        assert c.get(BOOTSTRAP, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_it_is_documented_in_the_openapi_schema(sample):
    operation = sample.get("/openapi.json").json()["paths"][BOOTSTRAP]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert {"country", "date_from", "date_to", "q", "sort", "size", "limit", "options"} <= params
    schema = operation["responses"]["200"]["content"]["application/x-ndjson"]["schema"]
    assert set(schema["required"]) == {"summary", "options", "map", "timeline", "events"}

"""The UCDP GED-compatible API: parameters (table-driven), paging with NextPageUrl, each filter,
and the record built from the UCDP CSV export's mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_live import TOKEN
from fastapi.testclient import TestClient

from warledger.api import create_app
from warledger.api.compat.gw_codes import gw_code, ucdp_region
from warledger.api.compat.ucdp import (
    GED_FIELDS,
    GedQuery,
    UcdpQueryError,
    country_codes,
    ged_record,
    parse_ged_query,
    parse_geography,
)
from warledger.export.ucdp import UCDP_COLUMNS, ucdp_row
from warledger.store import Ledger


@pytest.mark.parametrize("text, codes", [
    ("373", {"AZ"}),  # Gleditsch-Ward, as UCDP writes countries
    ("371,373", {"AM", "AZ"}),
    ("369, 365", {"UA", "RU"}),
    ("666", {"IL", "PS"}),  # UCDP files Palestine under Israel
    ("432,AZ,Niger", {"ML", "AZ", "NE"}),  # ISO codes and names are accepted too
    ("SDN", {"SD"}),
])
def test_country_codes(text, codes):
    assert country_codes("Country", text) == frozenset(codes)


@pytest.mark.parametrize("text", ["999", "Atlantis"])
def test_country_codes_unknown(text):
    with pytest.raises(UcdpQueryError, match="Country"):
        country_codes("Country", text)


@pytest.mark.parametrize("iso2, gw, region", [
    ("UA", 369, "Europe"), ("SY", 652, "Middle East"), ("ML", 432, "Africa"), ("MM", 775, "Asia"),
    ("CO", 100, "Americas"), ("EG", 651, "Middle East"), ("TR", 640, "Europe"), ("SD", 625, "Africa"),
])
def test_gw_codes_and_regions(iso2, gw, region):
    from warledger.store import countries

    assert gw_code(iso2) == gw
    assert ucdp_region(iso2, countries.lookup(iso2).continent) == region


@pytest.mark.parametrize("text, box", [
    ("10 -5,16 3", (10.0, -5.0, 16.0, 3.0)),
    ("16 3,10 -5", (10.0, -5.0, 16.0, 3.0)),  # corners in any order
    ("48.5 35.1, 50.2 37.9", (48.5, 35.1, 50.2, 37.9)),
])
def test_parse_geography(text, box):
    assert parse_geography("Geography", text) == box


@pytest.mark.parametrize("text", ["10 -5", "10,-5,16,3", "north south,east west", "95 0,10 10"])
def test_parse_geography_errors(text):
    with pytest.raises(UcdpQueryError, match="Geography"):
        parse_geography("Geography", text)


@pytest.mark.parametrize("params, query", [
    ([], GedQuery()),
    ([("pagesize", "1000"), ("page", "0")], GedQuery(page_size=1000)),
    ([("PageSize", "10"), ("Page", "3")], GedQuery(page=3, page_size=10)),
    ([("StartDate", "2026-11-01"), ("EndDate", "2026-11-15")],
     GedQuery(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 15))),
    ([("TypeOfViolence", "1,3")], GedQuery(violence_types=frozenset({1, 3}))),
    ([("Id", "ev1,ev2")], GedQuery(ids=frozenset({"ev1", "ev2"}))),
])
def test_parse_ged_query(params, query):
    assert parse_ged_query(params) == query


@pytest.mark.parametrize("params, problem", [
    ([("pagesize", "1001")], "pagesize: must be between 1 and 1000"),  # UCDP's cap
    ([("pagesize", "0")], "pagesize"),
    ([("page", "-1")], "page: must be at least 0"),
    ([("StartDate", "01/11/2026")], "StartDate"),
    ([("TypeOfViolence", "4")], "TypeOfViolence"),
    ([("Dyad", "406")], "Dyad: UCDP dyad ids are not known"),
    ([("Conflict", "333")], "Conflict"),
    ([("Actor", "12")], "Actor"),
    ([("Countries", "373")], "Countries: not a parameter"),
])
def test_parse_ged_query_errors(params, problem):
    with pytest.raises(UcdpQueryError, match=problem):
        parse_ged_query(params)


# --- the endpoint on the sample corpus --------------------------------------------------------------

@pytest.fixture(scope="module")
def ucdp(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{sample_db}")) as c:
        yield c


@pytest.fixture(scope="module")
def records(sample_db: Path) -> list[tuple[str, dict]]:
    """(country code, GED record) of every event: the oracle for filters."""
    ledger = Ledger(f"sqlite:///{sample_db}")
    try:
        return [((le.event.location.country_code if le.event.location else None), ged_record(le))
                for le in ledger.iter_events()]
    finally:
        ledger.close()


def page_through(client: TestClient, url: str, **params) -> tuple[list[dict], list[dict]]:
    """Follow NextPageUrl until it is null; returns the envelopes and every record."""
    envelopes, result = [], []
    r = client.get(url, params=params)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        envelopes.append(body)
        result += body["Result"]
        if body["NextPageUrl"] is None:
            return envelopes, result
        r = client.get(body["NextPageUrl"])


def test_paging_with_next_page_url_covers_every_event_once(ucdp):
    envelopes, result = page_through(ucdp, "/api/gedevents/25.1", pagesize=7)
    total = ucdp.get("/api/events").json()["total"]
    assert envelopes[0]["TotalCount"] == total == len(result) == len({r["id"] for r in result})
    assert envelopes[0]["TotalPages"] == len(envelopes) == -(-total // 7)
    assert envelopes[0]["PreviousPageUrl"] is None
    assert envelopes[1]["PreviousPageUrl"].endswith("page=0")
    assert all(list(r) == GED_FIELDS for r in result)


def test_pagesize_beyond_1000_is_refused_and_1000_accepted(ucdp):
    r = ucdp.get("/api/gedevents/25.1", params={"pagesize": 5000})
    assert r.status_code == 400 and "pagesize" in r.json()["error"]
    body = ucdp.get("/api/gedevents/25.1", params={"pagesize": 1000}).json()
    assert body["TotalPages"] == 1 and body["NextPageUrl"] is None and len(body["Result"]) == body["TotalCount"]


def test_a_page_past_the_end_is_empty(ucdp):
    body = ucdp.get("/api/gedevents/25.1", params={"pagesize": 10, "page": 999}).json()
    assert body["Result"] == [] and body["NextPageUrl"] is None and body["TotalCount"] > 0


@pytest.mark.parametrize("params, expected", [
    ({"Country": "432"}, lambda cc, r: cc == "ML"),
    ({"Country": "432,436"}, lambda cc, r: cc in ("ML", "NE")),
    ({"Country": "Ukraine"}, lambda cc, r: cc == "UA"),
    ({"StartDate": "2026-11-10"}, lambda cc, r: r["date_start"] and r["date_start"] >= "2026-11-10"),
    ({"EndDate": "2026-11-10"}, lambda cc, r: r["date_end"] and r["date_end"] <= "2026-11-10"),
    ({"StartDate": "2026-11-01", "EndDate": "2026-11-15"},
     lambda cc, r: r["date_start"] and r["date_start"] >= "2026-11-01" and r["date_end"] <= "2026-11-15"),
    ({"TypeOfViolence": "3"}, lambda cc, r: r["type_of_violence"] == 3),
    ({"TypeOfViolence": "1,2"}, lambda cc, r: r["type_of_violence"] in (1, 2)),
    ({"Geography": "9 -6,16 5"},
     lambda cc, r: r["latitude"] is not None and 9 <= r["latitude"] <= 16 and -6 <= r["longitude"] <= 5),
    ({"Country": "439", "TypeOfViolence": "3"}, lambda cc, r: cc == "BF" and r["type_of_violence"] == 3),
])
def test_each_filter(ucdp, records, params, expected):
    wanted = sorted(r["id"] for cc, r in records if expected(cc, r))
    assert wanted, "the sample corpus should hold events for this filter"
    _, result = page_through(ucdp, "/api/gedevents/25.1", pagesize=5, **params)
    assert sorted(r["id"] for r in result) == wanted


def test_id_filter(ucdp, records):
    some = [r["id"] for _, r in records[:3]]
    body = ucdp.get("/api/gedevents/25.1", params={"Id": ",".join(some), "pagesize": 100}).json()
    assert sorted(r["id"] for r in body["Result"]) == sorted(some)


@pytest.mark.parametrize("path, params, status", [
    ("/api/gedevents/latest", {}, 400),
    ("/api/gedevents/25.1", {"Dyad": "406"}, 400),
    ("/api/gedevents/25.1", {"StartDate": "yesterday"}, 400),
    ("/api/gedevents/24.0.10", {"pagesize": 1}, 200),  # candidate-release versions too
])
def test_errors_are_clear(ucdp, path, params, status):
    r = ucdp.get(path, params=params)
    assert r.status_code == status
    if status == 400:
        assert r.json()["error"] and "Traceback" not in r.text


def test_record_is_the_ucdp_csv_mapping_plus_api_fields(sample_db: Path):
    ledger = Ledger(f"sqlite:///{sample_db}")
    try:
        events = list(ledger.iter_events())
        for le in events:
            row, rec = ucdp_row(le), ged_record(le)
            for column in UCDP_COLUMNS:  # every CSV column, the same value (empty text as null)
                assert rec[column] == (None if row[column] == "" else row[column]), column
            loc = le.event.location
            if loc and loc.country_code:
                assert rec["country_id"] == gw_code(loc.country_code)
        with_sides = next(le for le in events if ucdp_row(le)["side_a"] and ucdp_row(le)["side_b"])
        rec = ged_record(with_sides)
        assert rec["dyad_name"] == f"{rec['side_a']} - {rec['side_b']}"
    finally:
        ledger.close()


def test_headlines_of_the_linked_articles(ucdp):
    body = ucdp.get("/api/gedevents/25.1", params={"pagesize": 50}).json()
    assert all(r["source_headline"] for r in body["Result"]), "each event's articles have titles in the sample"


def test_private_reads_take_the_token_as_ucdp_access_token(sample_db: Path):
    with TestClient(create_app(f"sqlite:///{sample_db}", token=TOKEN, private_reads=True)) as c:
        assert c.get("/api/gedevents/25.1").status_code == 401
        assert c.get("/api/gedevents/25.1", headers={"x-ucdp-access-token": "guess"}).status_code == 401
        assert c.get("/api/gedevents/25.1", headers={"x-ucdp-access-token": TOKEN}).status_code == 200
        assert c.get("/api/gedevents/25.1", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200

"""The ACLED-compatible API: its query language (table-driven), the endpoint on real SQLite ledgers,
the SQL push-down against a full scan, and conformance with the ACLED CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from api_live import TOKEN
from fastapi.testclient import TestClient

from warledger.api import create_app
from warledger.api.compat.acled import (
    AcledQueryError,
    Condition,
    like_regex,
    parse_condition,
    parse_fields,
    parse_operator,
    parse_query,
    row_matches,
    split_or_values,
    sql_plan,
)
from warledger.export import export_events
from warledger.export.acled import ACLED_COLUMNS, acled_row, write_acled
from warledger.store import Ledger

# --- the query language ------------------------------------------------------------------------


@pytest.mark.parametrize("field, raw, values", [
    ("country", "Mali", ["Mali"]),
    ("country", "Mali:OR:country=Niger", ["Mali", "Niger"]),
    ("country", "Burkina Faso:OR:country=Mali:OR:country=Niger", ["Burkina Faso", "Mali", "Niger"]),
    ("event_type", "Battles:OR:event_type=Riots", ["Battles", "Riots"]),
    ("iso", "4:OR:iso=804", ["4", "804"]),
    ("actor1", "Wagner Group", ["Wagner Group"]),
])
def test_split_or_values(field, raw, values):
    assert split_or_values(field, raw) == values


@pytest.mark.parametrize("field, raw", [
    ("country", "Mali:OR:iso=562"),  # :OR: joins values of one field only
    ("country", "Mali:OR:Niger"),  # the field name must be repeated, as ACLED writes it
])
def test_split_or_values_refuses_other_forms(field, raw):
    with pytest.raises(AcledQueryError, match="country"):
        split_or_values(field, raw)


@pytest.mark.parametrize("field, raw, op", [
    ("country", None, "="),  # ACLED matches country and region exactly
    ("region", None, "="),
    ("actor1", None, "LIKE"),  # and most text columns with LIKE
    ("notes", None, "LIKE"),
    ("event_type", None, "LIKE"),
    ("fatalities", None, "="),
    ("timestamp", None, ">="),  # timestamp means "changed since"
    ("event_date", "between", "BETWEEN"),
    ("fatalities", ">", ">"),
    ("fatalities", " >= ", ">="),
    ("notes", "like", "LIKE"),
])
def test_parse_operator(field, raw, op):
    assert parse_operator(field, raw) == op


@pytest.mark.parametrize("field, raw, where, op, values", [
    ("event_date", ["2024-03-01|2024-03-31"], "BETWEEN", "BETWEEN", ((dt.date(2024, 3, 1), dt.date(2024, 3, 31)),)),
    ("fatalities", ["10"], ">", ">", (10,)),
    ("latitude", ["35.5|36.5"], "between", "BETWEEN", ((35.5, 36.5),)),
    ("country", ["Ukraine:OR:country=Syria"], None, "=", ("ukraine", "syria")),
    ("country", ["Ukraine", "Syria"], None, "=", ("ukraine", "syria")),  # a repeated parameter reads the same
    ("region", ["12"], None, "=", ("europe",)),  # ACLED filters region by number
    ("timestamp", ["2024-01-01"], None, ">=", (1704067200,)),  # a day means midnight UTC
    ("actor1", ["Russian"], None, "LIKE", ("russian",)),
])
def test_parse_condition(field, raw, where, op, values):
    assert parse_condition(field, raw, where) == Condition(field, op, values)


@pytest.mark.parametrize("field, raw, where, problem", [
    ("event_date", ["2024-13-01"], None, "event_date: '2024-13-01' is not a date"),
    ("event_date", ["2024-03-01"], "BETWEEN", "BETWEEN needs two bounds"),
    ("event_date", ["2024-03-31|2024-03-01"], "BETWEEN", "wrong order"),
    ("fatalities", ["many"], None, "fatalities: 'many' is not a whole number"),
    ("fatalities", ["3"], "!=", "fatalities_where: '!=' is not one of"),
    ("latitude", ["north"], None, "latitude: 'north' is not a number"),
    ("region", ["6"], None, "region: 6 is not an ACLED region number"),
])
def test_parse_condition_errors(field, raw, where, problem):
    with pytest.raises(AcledQueryError, match=problem):
        parse_condition(field, raw, where)


@pytest.mark.parametrize("raw, fields", [
    (None, tuple(ACLED_COLUMNS)),
    ("fatalities|event_date|country", ("event_date", "country", "fatalities")),  # served in ACLED's order
    ("event_id_cnty", ("event_id_cnty",)),
])
def test_parse_fields(raw, fields):
    assert parse_fields(raw) == fields


@pytest.mark.parametrize("params, problem", [
    ([("fields", "event_date|casualties")], "fields: 'casualties' is not an ACLED column"),
    ([("countri", "Mali")], "countri: not an ACLED column"),
    ([("limit", "0")], "limit: must be at least 1"),
    ([("page", "0")], "page: must be at least 1"),
    ([("page", "two")], "page: 'two' is not a whole number"),
    ([("_format", "xml")], "_format: 'xml' is not json or csv"),
    ([("export_type", "monadic")], "export_type"),
    ([("fatalities_where", ">")], "fatalities_where: given without a value"),
    ([("fatalities", "99999999999999999999999")], "fatalities: .* is out of range"),  # beyond 64-bit integers
    ([("page", "99999999999999999999999")], "page: .* is out of range"),
])
def test_parse_query_errors(params, problem):
    with pytest.raises(AcledQueryError, match=problem):
        parse_query(params)


def test_parse_query_defaults_and_credentials():
    q = parse_query([("key", "abc"), ("email", "analyst@example.org"), ("terms", "accept")])
    assert (q.conditions, q.limit, q.page, q.format) == ((), 5000, 1, "json")


def test_blank_values_are_no_filter():
    assert parse_query([("country", ""), ("actor1", "  "), ("limit", "")]).conditions == ()


@pytest.mark.parametrize("pattern, text, hit", [
    ("wagner", "Wagner Group", True),  # no % : contains, any case
    ("group", "Wagner Group", True),
    ("wagner%", "Wagner Group", True),  # with % : a SQL LIKE pattern, anchored
    ("%group", "Wagner Group", True),
    ("wagner%", "The Wagner Group", False),
    ("w_gner%", "Wagner Group", True),
    ("jnim", "Wagner Group", False),
    ("a.b", "axb", False),  # regex characters are literal
])
def test_like_regex(pattern, text, hit):
    assert (like_regex(pattern).search(text) is not None) is hit


ROW = {"event_date": "2024-03-05", "fatalities": 14, "country": "Ukraine", "actor1": "Russian Armed Forces",
       "latitude": 49.98, "timestamp": 1709700000, "notes": "", "region": "Europe"}


@pytest.mark.parametrize("condition, hit", [
    (Condition("country", "=", ("ukraine",)), True),
    (Condition("country", "=", ("syria", "ukraine")), True),  # values of one field are ORed
    (Condition("country", "=", ("syria",)), False),
    (Condition("actor1", "LIKE", ("russian",)), True),
    (Condition("actor1", "LIKE", ("armenian",)), False),
    (Condition("fatalities", ">", (13,)), True),
    (Condition("fatalities", ">", (14,)), False),
    (Condition("fatalities", ">=", (14,)), True),
    (Condition("fatalities", "<", (14,)), False),
    (Condition("fatalities", "<=", (14,)), True),
    (Condition("event_date", "BETWEEN", ((dt.date(2024, 3, 1), dt.date(2024, 3, 5)),)), True),
    (Condition("event_date", "BETWEEN", ((dt.date(2024, 3, 6), dt.date(2024, 3, 9)),)), False),
    (Condition("latitude", "BETWEEN", ((49.0, 50.0),)), True),
    (Condition("notes", "LIKE", ("toll",)), False),  # an empty value matches nothing
    (Condition("region", "=", ("europe",)), True),
])
def test_row_matches(condition, hit):
    assert row_matches(ROW, [condition]) is hit


# --- the endpoint on the hand-written ledger --------------------------------------------------------

def read(client: TestClient, **params) -> dict:
    r = client.get("/api/acled/read", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["status"] == 200 and body["messages"] == []
    assert body["count"] == len(body["data"])
    return body


def test_envelope_and_values_typed_as_acled_serves_them(client):
    body = read(client)
    assert set(body) == {"status", "success", "last_update", "count", "messages", "data", "filename"}
    assert body["count"] == client.get("/api/events").json()["total"] == 6
    kharkiv = next(d for d in body["data"] if d["location"] == "Kharkiv" and d["actor1"])
    assert list(kharkiv) == ACLED_COLUMNS
    assert all(isinstance(v, str) for v in kharkiv.values())  # ACLED serves every value as text
    assert kharkiv["country"] == "Ukraine" and kharkiv["iso"] == "804" and kharkiv["region"] == "Europe"
    assert kharkiv["event_id_cnty"].startswith("UKR")
    assert kharkiv["fatalities"] == "14"  # the reconciled best estimate, not 12 + 14
    assert body["last_update"] == max(int(d["timestamp"]) for d in body["data"])


def test_every_event_once_in_the_order_of_api_events(client):
    ours = [d["event_id_cnty"][3:] for d in read(client)["data"]]
    theirs = [e["id"] for e in client.get("/api/events", params={"size": 100}).json()["events"]]
    assert ours == theirs


def test_limit_and_one_based_pages(client):
    everything = [d["event_id_cnty"] for d in read(client)["data"]]
    pages = [[d["event_id_cnty"] for d in read(client, limit=4, page=p)["data"]] for p in (1, 2, 3)]
    assert pages == [everything[:4], everything[4:], []]


@pytest.mark.parametrize("params, expected", [
    ({"country": "Ukraine"}, lambda d: d["country"] == "Ukraine"),
    ({"country": "ukraine"}, lambda d: d["country"] == "Ukraine"),
    ({"country": "Ukraine:OR:country=Armenia"}, lambda d: d["country"] in ("Ukraine", "Armenia")),
    ({"iso": "804"}, lambda d: d["iso"] == "804"),
    ({"region": "12"}, lambda d: d["region"] == "Europe"),
    ({"event_type": "Battles"}, lambda d: d["event_type"] == "Battles"),
    ({"event_type": "violence"}, lambda d: "violence" in d["event_type"].lower()),  # LIKE by default
    ({"event_type": "Battles", "event_type_where": "="}, lambda d: d["event_type"] == "Battles"),
    ({"event_date": "2024-05-14"}, lambda d: d["event_date"] == "2024-05-14"),
    ({"event_date": "2024-05-01|2024-06-30", "event_date_where": "BETWEEN"},
     lambda d: "2024-05-01" <= (d["event_date"] or "") <= "2024-06-30"),
    ({"event_date": "2024-02-10", "event_date_where": ">"}, lambda d: (d["event_date"] or "") > "2024-02-10"),
    ({"event_date": "2024-02-10", "event_date_where": "<="}, lambda d: "" < (d["event_date"] or "") <= "2024-02-10"),
    ({"year": "2024"}, lambda d: d["year"] == "2024"),
    ({"fatalities": "4", "fatalities_where": ">="}, lambda d: int(d["fatalities"]) >= 4),
    ({"fatalities": "4", "fatalities_where": "<"}, lambda d: int(d["fatalities"]) < 4),
    ({"fatalities": "0"}, lambda d: d["fatalities"] == "0"),
    ({"latitude": "40|50", "latitude_where": "BETWEEN"}, lambda d: d["latitude"] and 40 <= float(d["latitude"]) <= 50),
    ({"actor1": "russian"}, lambda d: "russian" in d["actor1"].lower()),
    ({"actor1": "Armed Forces of%", "actor1_where": "LIKE"}, lambda d: d["actor1"].startswith("Armed Forces of")),
    ({"notes": "conflicting claims"}, lambda d: "conflicting claims" in d["notes"].lower()),
    ({"disorder_type": "Demonstrations"}, lambda d: d["disorder_type"] == "Demonstrations"),
    ({"interaction": "17"}, lambda d: d["interaction"] == "17"),
    ({"civilian_targeting": "Civilian targeting"}, lambda d: d["civilian_targeting"] == "Civilian targeting"),
    ({"location": "goma"}, lambda d: d["location"] == "Goma"),
    ({"admin1": "Kivu"}, lambda d: "Kivu" in d["admin1"]),
    ({"country": "Ukraine", "fatalities": "12", "fatalities_where": ">"},
     lambda d: d["country"] == "Ukraine" and int(d["fatalities"]) > 12),
])
def test_filters_agree_with_the_rows(client, params, expected):
    everything = read(client)["data"]
    wanted = [d["event_id_cnty"] for d in everything if expected(d)]
    got = [d["event_id_cnty"] for d in read(client, **params)["data"]]
    assert got == wanted


def test_the_filters_above_select_something(client):
    # guards the table above against passing by matching nothing at all
    for params in ({"country": "Ukraine"}, {"event_type": "violence"}, {"actor1": "russian"}, {"year": "2024"},
                   {"event_date": "2024-05-14"}, {"interaction": "17"}, {"civilian_targeting": "Civilian targeting"},
                   {"notes": "conflicting claims"}, {"region": "12"}, {"admin1": "Kivu"}):
        assert read(client, **params)["count"] >= 1, params


def test_event_id_cnty_finds_one_event(client):
    one = read(client)["data"][2]
    assert [d["event_id_cnty"] for d in read(client, event_id_cnty=one["event_id_cnty"])["data"]] == [
        one["event_id_cnty"]]


def test_timestamp_means_changed_since(client):
    data = read(client)["data"]
    newest = max(int(d["timestamp"]) for d in data)
    assert read(client, timestamp=str(newest))["count"] == sum(int(d["timestamp"]) >= newest for d in data)
    assert read(client, timestamp=str(newest + 1))["count"] == 0


def test_fields_selects_columns(client):
    body = read(client, fields="event_id_cnty|event_date|fatalities|country")
    assert body["count"] == 6
    assert all(list(d) == ["event_id_cnty", "event_date", "country", "fatalities"] for d in body["data"])


@pytest.mark.parametrize("params, problem", [
    ({"event_date": "2024-02-30"}, "event_date"),
    ({"fatalities": "ten"}, "fatalities"),
    ({"fatalities": "1", "fatalities_where": "~"}, "fatalities_where"),
    ({"fields": "event_date|deaths"}, "deaths"),
    ({"countries": "Mali"}, "countries"),
    ({"limit": "-5"}, "limit"),
    ({"_format": "xlsx"}, "_format"),
    ({"timestamp": "99999999999999999999"}, "timestamp"),
])
def test_bad_parameters_give_acled_errors(client, params, problem):
    r = client.get("/api/acled/read", params=params)
    assert r.status_code == 400
    body = r.json()
    assert body["success"] is False and body["status"] == 400
    assert problem in body["error"]["message"]
    assert "Traceback" not in r.text


def test_credentials_are_accepted_and_ignored_when_reads_are_open(client):
    body = read(client, key="any-key", email="analyst@example.org")
    assert body["count"] == 6
    r = client.get("/api/acled/read", headers={"Authorization": "Bearer whatever"})
    assert r.status_code == 200


def test_private_reads_take_the_warledger_token_as_key_or_bearer(fixture_db):
    with TestClient(create_app(f"sqlite:///{fixture_db}", token=TOKEN, private_reads=True)) as c:
        assert c.get("/api/acled/read").status_code == 401
        wrong = c.get("/api/acled/read", params={"key": "guess", "email": "a@b.org"})
        assert wrong.status_code == 401 and wrong.json()["success"] is False
        assert c.get("/api/acled/read", params={"key": TOKEN, "email": "a@b.org"}).json()["count"] == 6
        assert c.get("/api/acled/read", headers={"Authorization": f"Bearer {TOKEN}"}).json()["count"] == 6
        assert c.get("/api/deleted/read").status_code == 401


# --- CSV, and conformance with the ACLED CSV export ----------------------------------------------

def test_csv_json_and_the_export_agree_row_for_row(client, fixture_db, tmp_path):
    body = read(client)
    r = client.get("/api/acled/read", params={"_format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(r.text)))
    ledger = Ledger(f"sqlite:///{fixture_db}")
    try:
        order = [d["event_id_cnty"][3:] for d in body["data"]]
        events = [ledger.get_event(i) for i in order]
    finally:
        ledger.close()
    exported = io.StringIO()
    write_acled(events, exported)
    assert r.text == exported.getvalue()  # byte for byte, header included
    # and the file `warledger export --format acled` writes holds the same rows (in its own order)
    ledger = Ledger(f"sqlite:///{fixture_db}")
    try:
        export_events(ledger, "acled", tmp_path / "acled.csv")
    finally:
        ledger.close()
    with open(tmp_path / "acled.csv", encoding="utf-8", newline="") as f:
        from_file = {row["event_id_cnty"]: row for row in csv.DictReader(f)}
    assert from_file == {row["event_id_cnty"]: row for row in csv_rows}
    assert len(csv_rows) == len(body["data"]) == 6
    for from_csv, from_json in zip(csv_rows, body["data"], strict=True):
        assert from_csv == {k: (v if v is not None else "") for k, v in from_json.items()}


def test_csv_with_fields_and_filters(client):
    r = client.get("/api/acled/read", params={"_format": "csv", "fields": "event_date|country|fatalities",
                                             "country": "Ukraine"})
    lines = r.text.splitlines()
    assert lines[0] == "event_date,country,fatalities"
    assert len(lines) == 1 + read(client, country="Ukraine")["count"]


# --- the SQL push-down never changes an answer -------------------------------------------------------

PUSHED_DOWN = [
    [("event_date", ["2024-05-01|2024-06-30"], "BETWEEN")],
    [("event_date", ["2024-05-14"], None)],
    [("year", ["2024"], None)],
    [("year", ["2023"], ">")],
    [("year", ["2024"], "<")],
    [("country", ["Ukraine:OR:country=Armenia"], None)],
    [("country", ["Democratic Republic of the Congo"], None)],
    [("iso", ["760"], None)],
    [("region", ["12:OR:region=11"], None)],
    [("event_type", ["Battles"], "=")],
    [("event_type", ["remote"], None)],
    [("sub_event_type", ["clash"], None)],
    [("disorder_type", ["Political violence"], "=")],
    [("admin1", ["kivu"], None)],
    [("location", ["Kharkiv"], "=")],
    [("latitude", ["30"], ">")],
    [("longitude", ["30|40"], "BETWEEN")],
    [("fatalities", ["4"], ">=")],
    [("timestamp", ["2000-01-01"], None)],
    [("event_id_cnty", ["UKR%"], "LIKE")],
]


@pytest.mark.parametrize("spec", PUSHED_DOWN)
def test_pushdown_gives_the_same_rows_as_a_full_scan(fixture_db, spec):
    conditions = [parse_condition(field, raw, where) for field, raw, where in spec]
    ledger = Ledger(f"sqlite:///{fixture_db}")
    try:
        full = [acled_row(le)["event_id_cnty"] for le in ledger.iter_events_where([])
                if row_matches(acled_row(le), conditions)]
        plan = sql_plan(conditions)
        narrowed = list(ledger.iter_events_where(plan.clauses))
        pushed = [acled_row(le)["event_id_cnty"] for le in narrowed if row_matches(acled_row(le), conditions)]
        if plan.exact:  # the store alone selects, counts and skips
            assert [acled_row(le)["event_id_cnty"] for le in narrowed] == full
            assert ledger.count_events_where(plan.clauses) == len(full)
            for k in range(len(full) + 1):
                assert [acled_row(le)["event_id_cnty"] for le in ledger.iter_events_where(plan.clauses, offset=k)] \
                    == full[k:]
    finally:
        ledger.close()
    assert pushed == full
    # every condition here reaches the store exactly, but event_id_cnty LIKE, which it cannot apply
    assert bool(plan.clauses) is plan.exact is (spec[0][0] != "event_id_cnty")


@pytest.mark.parametrize("spec, exact", [
    ([("country", ["Ukraine"], None)], True),
    ([("country", ["UA"], None)], False),  # a code given as a name: the row check decides
    ([("country", ["Ukraine"], "LIKE")], False),
    ([("actor1", ["Russian"], None)], False),  # no actor column in the store
    ([("notes", ["claims"], None), ("country", ["Ukraine"], None)], False),
    ([("iso", ["804"], None), ("fatalities", ["3"], ">"), ("timestamp", ["2020-01-01"], None)], True),
])
def test_pushdown_exactness(spec, exact):
    assert sql_plan([parse_condition(f, raw, where) for f, raw, where in spec]).exact is exact


def test_deep_pages_agree_with_a_full_scan_whether_or_not_the_store_skips(client):
    everything = read(client)["data"]
    for params, keep in (({}, lambda d: True), ({"actor1": "forces"}, lambda d: "forces" in d["actor1"].lower()),
                         ({"fatalities": "0", "fatalities_where": ">="}, lambda d: True)):
        wanted = [d["event_id_cnty"] for d in everything if keep(d)]
        pages = [[d["event_id_cnty"] for d in read(client, limit=2, page=p, **params)["data"]] for p in (1, 2, 3, 4)]
        assert [i for page in pages for i in page] == wanted, params
        assert pages[0], params


def test_offset_runs_on_into_undated_events(fixture_db_copy):
    path = fixture_db_copy.removeprefix("sqlite:///")
    con = sqlite3.connect(path)
    undated = [r[0] for r in con.execute("SELECT id FROM events ORDER BY id LIMIT 2")]
    con.execute(f"UPDATE events SET date_start = NULL WHERE id IN ({','.join('?' * len(undated))})", undated)
    con.commit()
    con.close()
    ledger = Ledger(fixture_db_copy)
    try:
        order = [le.event.id for le in ledger.iter_events_where([], batch_size=2)]
        assert order[-2:] == sorted(undated, reverse=True)  # undated last, by id descending
        for k in range(8):
            assert [le.event.id for le in ledger.iter_events_where([], offset=k, batch_size=2)] == order[k:]
    finally:
        ledger.close()


def test_iter_events_where_clauses(fixture_db):
    ledger = Ledger(f"sqlite:///{fixture_db}")
    try:
        everything = list(ledger.iter_events_where([], batch_size=2))  # several keyset batches
        keys = [((le.event.date.start if le.event.date else dt.date.min), le.event.id) for le in everything]
        assert keys == sorted(keys, reverse=True) and len(everything) == 6
        ua_or_am = list(ledger.iter_events_where([[("country_code", "=", "UA"), ("country_code", "=", "AM")]]))
        assert {le.event.location.country_code for le in ua_or_am} == {"UA", "AM"}
        both = list(ledger.iter_events_where([[("country_code", "in", ("UA", "AM"))], [("fatalities", ">", 4)]]))
        assert {le.event.location.country_code for le in both} == {"UA"}
        assert list(ledger.iter_events_where([[("lat", "between", (-90.0, -89.0))]])) == []
        with pytest.raises(Exception, match="cannot filter on column 'doc'"):
            list(ledger.iter_events_where([[("doc", "=", "x")]]))
    finally:
        ledger.close()


# --- deleted events -----------------------------------------------------------------------------------

def test_deleted_read_lists_merged_and_deleted_events(fixture_db_copy):
    path = fixture_db_copy.removeprefix("sqlite:///")
    with TestClient(create_app(fixture_db_copy)) as c:
        events = read(c)["data"]
        survivor = next(d for d in events if d["country"] == "Ukraine")
        # the store writes this log when linking merges two events or an event loses its last report;
        # rows are written here directly so the test controls the times
        con = sqlite3.connect(path)
        con.executemany("INSERT INTO event_log (event_id, merged_into, deleted_at, reason) VALUES (?, ?, ?, ?)", [
            ("ev00000000000001", survivor["event_id_cnty"][3:], "2024-03-06 10:00:00", "merged: test"),
            ("ev00000000000002", None, "2024-03-08 12:00:00", "deleted: no reports left"),
        ])
        con.commit()
        con.close()
        body = c.get("/api/deleted/read").json()
        assert body["success"] is True and body["count"] == 2
        first, second = body["data"]
        assert first == {"event_id_cnty": "UKRev00000000000001", "deleted_timestamp": "1709719200",
                         "merged_into": survivor["event_id_cnty"]}
        assert second["event_id_cnty"] == "XXXev00000000000002" and second["merged_into"] is None
        since = c.get("/api/deleted/read", params={"deleted_timestamp": "1709719201"}).json()
        assert [d["event_id_cnty"] for d in since["data"]] == ["XXXev00000000000002"]
        day = c.get("/api/deleted/read", params={"deleted_timestamp": "2024-03-07"}).json()
        assert day["count"] == 1
        assert c.get("/api/deleted/read", params={"limit": 1, "page": 2}).json()["data"] == [second]
        text = c.get("/api/deleted/read", params={"_format": "csv"}).text.splitlines()
        assert text[0] == "event_id_cnty,deleted_timestamp,merged_into" and len(text) == 3
        bad = c.get("/api/deleted/read", params={"deleted_timestamp": "yesterday"})
        assert bad.status_code == 400 and "timestamp" in bad.json()["error"]["message"]


def test_sample_corpus_reads_whole(sample_db: Path):
    with TestClient(create_app(f"sqlite:///{sample_db}")) as c:
        body = read(c)
        total = c.get("/api/events").json()["total"]
        assert body["count"] == total > 20
        assert len({d["event_id_cnty"] for d in body["data"]}) == total


# --- PostgreSQL answers as SQLite does -------------------------------------------------------------------

@pytest.mark.postgres
def test_postgresql_gives_the_same_answers(postgres_db, client):
    from api_fixtures import fixture_results

    ledger = Ledger(postgres_db)
    try:
        assert not ledger.add_results(fixture_results()).failed
    finally:
        ledger.close()
    queries = [
        {}, {"country": "Ukraine:OR:country=Armenia"}, {"year": "2023", "year_where": ">"}, {"region": "12"},
        {"event_date": "2024-05-01|2024-06-30", "event_date_where": "BETWEEN"},
        {"event_type": "remote"}, {"admin1": "kivu"}, {"fatalities": "4", "fatalities_where": ">="},
        {"latitude": "30|45", "latitude_where": "BETWEEN"}, {"actor1": "Armed Forces of%", "actor1_where": "LIKE"},
        {"limit": "2", "page": "2"},
    ]
    with TestClient(create_app(postgres_db)) as pg:
        for params in queries:
            ours = [d["event_id_cnty"] for d in read(pg, **params)["data"]]
            assert ours == [d["event_id_cnty"] for d in read(client, **params)["data"]], params
        assert pg.get("/api/acled/read", params={"_format": "csv", "fields": "event_id_cnty|fatalities"}).text == \
            client.get("/api/acled/read", params={"_format": "csv", "fields": "event_id_cnty|fatalities"}).text
        ged = pg.get("/api/gedevents/25.1", params={"Country": "369", "pagesize": 1}).json()
        assert ged["TotalCount"] == 2 and ged["NextPageUrl"]

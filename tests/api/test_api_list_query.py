"""``GET /api/events`` on its hot path: parameters checked in one call, statements compiled per shape.

The list route checks its query parameters with one model built from its declarations
(``params.DeclaredQuery``) instead of FastAPI's per-parameter checks; its 422s must read as the
other routes' do, which FastAPI still checks. Its statements are compiled once per filter shape,
so two filters of one shape must still get their own answers (values bound, not compiled in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api import create_app, queries
from warledger.model import EventFilter
from warledger.store import Ledger


@pytest.fixture(scope="module")
def paging_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from api_fixtures import synthetic_results

    path = tmp_path_factory.mktemp("list-query") / "ledger.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    try:
        summary = ledger.add_results(synthetic_results(160, seed=11))
    finally:
        ledger.close()
    assert not summary.failed, summary.failed
    return path


@pytest.fixture(scope="module")
def api(paging_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{paging_db}")) as c:
        yield c


@pytest.mark.parametrize("params", [
    {"min_fatalities": "-1"}, {"min_fatalities": "many"}, {"status": "rumoured"}, {"q": "x" * 201},
    {"date_from": "2024-13-01"}, {"date_from": "2024-03-09", "date_to": "2024-03-01"}, {"bbox": "1,2,3"},
    {"bbox": "10,50,20,40"},
])
def test_bad_filter_is_the_same_422_as_on_routes_fastapi_checks(api: TestClient, params: dict[str, str]):
    listed = api.get("/api/events", params=params)
    mapped = api.get("/api/map/points", params=params)  # same filters, FastAPI's own checks
    assert listed.status_code == mapped.status_code == 422
    assert listed.json()["detail"] == mapped.json()["detail"]
    name = next(iter(params))
    assert f"query parameter {name!r}" in listed.json()["detail"]


@pytest.mark.parametrize(("params", "name", "words"), [
    ({"size": "0"}, "size", "greater than or equal to 1"),
    ({"size": "501"}, "size", "less than or equal to 500"),
    ({"page": "first"}, "page", "valid integer"),
    ({"sort": "deaths"}, "sort", "'-date', 'date', '-fatalities' or 'fatalities'"),
    ({"total": "all"}, "total", "'capped', 'exact' or 'none'"),
    ({"cursor": "c" * 501}, "cursor", "at most 500 characters"),
])
def test_bad_page_parameter_is_a_422_naming_it(api: TestClient, params: dict[str, str], name: str, words: str):
    r = api.get("/api/events", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"].startswith(f"query parameter {name!r}: ") and words in body["detail"], body["detail"]
    assert body["errors"][0]["loc"] == ["query", name]


def test_every_bad_parameter_is_reported_filters_first(api: TestClient):
    r = api.get("/api/events", params={"size": "0", "min_fatalities": "-3", "sort": "x"})
    assert r.status_code == 422
    assert [e["loc"][1] for e in r.json()["errors"]] == ["min_fatalities", "size", "sort"]


def test_unknown_parameters_are_ignored_and_defaults_apply(api: TestClient):
    r = api.get("/api/events", params={"colour": "red"})
    assert r.status_code == 200
    body = r.json()
    assert body["page"] == 1 and body["size"] == 50 and body["total"] == min(body["total"], 1000)


def test_filters_of_one_shape_get_their_own_events(api: TestClient, paging_db: Path):
    """One compiled statement per shape: each request's values must reach the database."""
    ledger = Ledger(f"sqlite:///{paging_db}")
    try:
        countries = sorted({le.event.location.country_code for le in ledger.iter_events()
                            if le.event.location and le.event.location.country_code})
        assert len(countries) >= 3
        for code in countries:
            windows = ((dt.date(2024, 3, 1), dt.date(2024, 3, 15)), (dt.date(2024, 3, 10), dt.date(2024, 4, 9)))
            for first, last in windows:
                flt = EventFilter(country=code, date_from=first, date_to=last)
                expected = [le.event.id for le in ledger.query_events(flt, limit=500)]
                r = api.get("/api/events", params={"country": code, "date_from": first.isoformat(),
                                                   "date_to": last.isoformat(), "size": 500}).json()
                assert [e["id"] for e in r["events"]] == expected
                assert r["total"] == len(expected) and r["total_exact"] is True
    finally:
        ledger.close()


@pytest.mark.parametrize("sort", ["-date", "date", "-fatalities", "fatalities"])
def test_pages_at_offsets_and_after_cursors_agree(api: TestClient, sort: str):
    """Page numbers (OFFSET) and cursors are different shapes of one statement; both walk the same order."""
    by_page, page = [], 1
    while True:
        r = api.get("/api/events", params={"sort": sort, "size": 7, "page": page, "total": "none"}).json()
        if not r["events"]:
            break
        by_page += [e["id"] for e in r["events"]]
        page += 1
    by_cursor, params = [], {"sort": sort, "size": 7, "total": "none"}
    while True:
        r = api.get("/api/events", params=params).json()
        by_cursor += [e["id"] for e in r["events"]]
        if not r["next_cursor"]:
            break
        params = {**params, "cursor": r["next_cursor"]}
    assert by_page == by_cursor and len(set(by_page)) == len(by_page) > 50


def test_compiled_statements_per_ledger_are_bounded(paging_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(queries, "MAX_SHAPES", 3)
    ledger = Ledger(f"sqlite:///{paging_db}")
    try:
        shapes = [EventFilter(), EventFilter(event_type="Battles"), EventFilter(min_fatalities=1),
                  EventFilter(event_type="Battles", min_fatalities=1), EventFilter(status="reported")]
        for flt in shapes:
            page = queries.event_page(ledger, flt, "-date", 5, cap=10, count=True)
            assert page.total == min(10, ledger.count_events(flt))
        assert 0 < len(queries._COMPILED[ledger]) <= 3
    finally:
        ledger.close()


def test_etag_follows_the_query(api: TestClient):
    a1 = api.get("/api/events", params={"sort": "date", "size": 3}).headers["etag"]
    a2 = api.get("/api/events", params={"sort": "date", "size": 3}).headers["etag"]
    b = api.get("/api/events", params={"sort": "date", "size": 4}).headers["etag"]
    assert a1 == a2 != b
    assert api.get("/api/events", params={"sort": "date", "size": 3}, headers={"If-None-Match": a1}).status_code == 304


def test_pages_and_details_run_in_their_own_few_threads(paging_db: Path):
    import anyio.to_thread

    app = create_app(f"sqlite:///{paging_db}")
    with TestClient(app) as c:
        some = c.get("/api/events", params={"size": 1}).json()["events"][0]["id"]
        assert c.get(f"/api/events/{some}").status_code == 200
        assert c.get("/api/events/no-such-event").status_code == 404
        assert app.state.hot_read_limiter.total_tokens == queries.HOT_READ_THREADS
        others = c.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert others + queries.HOT_READ_THREADS + queries.SCAN_THREADS <= queries.pool_capacity(app.state.ledger)


def test_a_list_that_may_scan_the_ledger_does_not_wait_for_the_hot_read_threads(paging_db: Path):
    """Text and actor searches and exact totals run in the shared pool: with every hot-read thread
    taken, they still answer, while a plain page waits for a hot-read thread."""
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout

    app = create_app(f"sqlite:///{paging_db}")
    with TestClient(app) as c, ThreadPoolExecutor(max_workers=1) as pool:
        assert c.get("/api/events", params={"size": 1}).status_code == 200  # makes the hot-read limiter
        limiter = app.state.hot_read_limiter
        holders = [object() for _ in range(queries.HOT_READ_THREADS)]
        for holder in holders:
            c.portal.call(limiter.acquire_on_behalf_of, holder)
        try:
            for params in ({"q": "shelling"}, {"actor": "army"}, {"total": "exact"}):
                answer = pool.submit(c.get, "/api/events", params={**params, "size": 2}).result(timeout=20)
                assert answer.status_code == 200, params
            waiting = pool.submit(c.get, "/api/events", params={"size": 2})
            with pytest.raises(FutureTimeout):
                waiting.result(timeout=0.5)
        finally:
            for holder in holders:
                c.portal.call(limiter.release_on_behalf_of, holder)
        assert waiting.result(timeout=20).status_code == 200

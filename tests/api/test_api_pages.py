"""Cursor pagination, capped totals, map points against the event count, and ETags.

A ledger of a few hundred synthetic events (written through the real ``Ledger``) with ties on
date and fatalities and some undated events, so cursors must order by every key to be right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api import create_app
from warledger.api.routes import events as events_routes

SORTS = ["-date", "date", "-fatalities", "fatalities"]


@pytest.fixture(scope="module")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from api_fixtures import synthetic_results

    from warledger.store import Ledger

    path = tmp_path_factory.mktemp("many") / "many.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    try:
        summary = ledger.add_results(synthetic_results(240, seed=7))
    finally:
        ledger.close()
    assert not summary.failed, summary.failed
    return path


@pytest.fixture(scope="module")
def many(many_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{many_db}")) as c:
        yield c


def walk(client: TestClient, **params) -> list[dict]:
    """Every page from the first, following next_cursor."""
    events: list[dict] = []
    r = client.get("/api/events", params=params).json()
    events += r["events"]
    pages = 1
    while r["next_cursor"]:
        r = client.get("/api/events", params={**params, "cursor": r["next_cursor"]}).json()
        assert r["events"], "a cursor was given for an empty page"
        events += r["events"]
        pages += 1
        assert pages < 1000
    return events


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("size", [1, 7, 50])
def test_cursor_pages_give_every_event_exactly_once_in_order(many, sort, size):
    everything = many.get("/api/events", params={"size": 500, "sort": sort}).json()
    assert everything["total"] == len(everything["events"]) > 80
    walked = walk(many, size=size, sort=sort)
    assert [e["id"] for e in walked] == [e["id"] for e in everything["events"]]


def test_cursor_pages_with_a_filter(many):
    country = many.get("/api/events", params={"size": 1}).json()["events"][0]["location"]["country_code"]
    walked = walk(many, size=5, sort="-fatalities", country=country)
    expected = many.get("/api/events", params={"size": 500, "country": country}).json()
    assert sorted(e["id"] for e in walked) == sorted(e["id"] for e in expected["events"])
    assert len(walked) == expected["total"] and all(e["location"]["country_code"] == country for e in walked)


def test_undated_events_and_ties_survive_the_cursor(many):
    events = many.get("/api/events", params={"size": 500}).json()["events"]
    days = [(e["date"] or {}).get("start") for e in events]
    assert len(set(days)) < len(days), "the fixture should have several events on one day"
    assert None in days, "the fixture should have undated events"
    for sort in SORTS:
        assert sorted(e["id"] for e in walk(many, size=3, sort=sort)) == sorted(e["id"] for e in events)


def test_bad_cursor_is_422_naming_it(many):
    r = many.get("/api/events", params={"cursor": "not-a-cursor"})
    assert r.status_code == 422 and "query parameter 'cursor'" in r.json()["detail"]
    first = many.get("/api/events", params={"size": 2, "sort": "date"}).json()
    r = many.get("/api/events", params={"size": 2, "sort": "-fatalities", "cursor": first["next_cursor"]})
    assert r.status_code == 422 and "sort=date" in r.json()["detail"]


def test_total_is_capped_unless_asked_for(many, monkeypatch):
    exact = many.get("/api/events", params={"size": 1, "total": "exact"}).json()
    assert exact["total_exact"] is True and exact["total"] > 100
    monkeypatch.setattr(events_routes, "TOTAL_CAP", 50)
    capped = many.get("/api/events", params={"size": 1}).json()
    assert (capped["total"], capped["total_exact"]) == (50, False)
    none = many.get("/api/events", params={"size": 1, "total": "none"}).json()
    assert "total" not in none and none["next_cursor"]


@pytest.mark.parametrize("params", [{}, {"min_fatalities": 3}, {"event_type": "Battles"}, {"sort": "date"}])
def test_map_points_match_the_event_count(many, params):
    body = many.get("/api/map/points", params=params).json()
    total = many.get("/api/events", params={**params, "size": 1, "total": "exact"}).json()["total"]
    assert body["total"] == body["loaded"] == total
    assert len(body["points"]) + body["without_location"] == total
    assert all(len(p) == 5 and isinstance(p[1], float) and isinstance(p[4], int) for p in body["points"])
    ids = {p[0] for p in body["points"]}
    assert len(ids) == len(body["points"])


def test_repeat_reads_get_304_until_the_ledger_changes(many_db: Path, tmp_path: Path):
    import shutil

    from api_fixtures import fixture_results

    from warledger.store import Ledger

    path = tmp_path / "copy.sqlite"
    shutil.copy(many_db, path)
    with TestClient(create_app(f"sqlite:///{path}")) as c:
        for url in ("/api/events?size=5", "/api/map/points", "/api/stats/summary", "/api/stats/timeline"):
            first = c.get(url)
            etag = first.headers["etag"]
            assert first.headers["cache-control"] == "no-cache"
            again = c.get(url, headers={"If-None-Match": etag})
            assert again.status_code == 304 and again.content == b""
            other = url + ("&" if "?" in url else "?") + "country=SY"
            assert c.get(other, headers={"If-None-Match": etag}).status_code == 200
        etag = c.get("/api/stats/summary").headers["etag"]
        ledger = Ledger(f"sqlite:///{path}")
        try:
            assert not ledger.add_results(fixture_results()[:1]).failed
        finally:
            ledger.close()
        changed = c.get("/api/stats/summary", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_event_detail_is_the_stored_event_plus_fatalities(many):
    listed = many.get("/api/events", params={"size": 3, "sort": "-fatalities"}).json()["events"]
    for e in listed:
        detail = many.get(f"/api/events/{e['id']}").json()
        assert detail == e
        assert detail["fatalities"] >= 0 and "claims" in detail


def test_sort_order_is_right(many):
    for sort in SORTS:
        events = many.get("/api/events", params={"size": 500, "sort": sort}).json()["events"]
        f = [e["fatalities"] for e in events]
        if sort == "-fatalities":
            assert f == sorted(f, reverse=True)
        elif sort == "fatalities":
            assert f == sorted(f)
        else:
            days = [(e["date"] or {}).get("start") or "" for e in events if e["date"]]
            assert days == sorted(days, reverse=sort.startswith("-"))


@pytest.mark.postgres
def test_postgresql_pages_like_sqlite(postgres_db, many):
    """Same events in PostgreSQL (NULL dates sort differently there by default; raw statements use
    another parameter style): the same pages, details, points and ETags."""
    from api_fixtures import synthetic_results

    from warledger.store import Ledger

    ledger = Ledger(postgres_db)
    try:
        assert not ledger.add_results(synthetic_results(240, seed=7)).failed
    finally:
        ledger.close()
    with TestClient(create_app(postgres_db)) as pg:
        for sort in SORTS:
            expected = [e["id"] for e in many.get("/api/events", params={"size": 500, "sort": sort}).json()["events"]]
            assert [e["id"] for e in walk(pg, size=9, sort=sort)] == expected
        first = pg.get("/api/events", params={"size": 2}).json()["events"][0]
        assert pg.get(f"/api/events/{first['id']}").json() == first
        assert pg.get("/api/events/no-such-event").status_code == 404
        assert pg.get("/api/map/points").json()["total"] == many.get("/api/map/points").json()["total"]
        r = pg.get("/api/stats/summary")
        assert pg.get("/api/stats/summary", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_no_more_request_threads_than_pooled_connections(many_db: Path):
    """Under overload, requests beyond the pool's connections wait for a thread, not 30 s for a
    connection and then a 500 (SQLAlchemy's pool timeout)."""
    import anyio.to_thread

    from warledger.api.queries import HOT_READ_THREADS, SCAN_THREADS, pool_capacity

    app = create_app(f"sqlite:///{many_db}")
    with TestClient(app) as c:
        tokens = c.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        # pages and details have threads of their own, and so have lists that may scan the ledger
        assert tokens + HOT_READ_THREADS + SCAN_THREADS == pool_capacity(app.state.ledger) == 15
        assert c.get("/api/events", params={"size": 1}).status_code == 200

"""The query indexes of migration 0002_fast_queries: upgrade of an existing ledger, and bounding
boxes answered through the SQLite R-tree equal a plain scan of every event."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import reports
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from warledger.model import Actor, Article, ArticleResult, DateRange, Event, EventFilter, Location
from warledger.store import Ledger
from warledger.store.ledger import _migrations_dir
from warledger.store.schema import SCHEMA_REVISION


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def _alembic(url: str, action: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations_dir()))
    engine = _engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
    engine.dispose()


def _tables(url: str) -> set[str]:
    engine = _engine(url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return names


def _snapshot(ledger: Ledger) -> dict[str, object]:
    filters = {"all": EventFilter(), "ua": EventFilter(country="UA"), "box": EventFilter(bbox=(44.0, 40.0, 46.0, 41.5)),
               "july": EventFilter(date_from=dt.date(2024, 7, 12), date_to=dt.date(2024, 7, 14))}
    return {name: ([le.event.id for le in ledger.query_events(flt, limit=50)], ledger.count_events(flt),
                   ledger.timeline(flt, bucket="week")) for name, flt in filters.items()}


def test_an_existing_ledger_upgrades_and_answers_the_same(ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        ledger.add_results(reports.all_results())
        before = _snapshot(ledger)
    _alembic(ledger_url, "downgrade", "0001_initial")  # a ledger written by the previous release
    assert "events_geo" not in _tables(ledger_url)
    with Ledger(ledger_url) as ledger:  # opening it upgrades it
        after = _snapshot(ledger)
        ledger.add_results(reports.all_results())  # and it keeps working (nothing new: all duplicates)
        assert _snapshot(ledger) == before
        with ledger.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
            if ledger.dialect == "sqlite":
                located = conn.execute(sa.text("SELECT count(*) FROM events WHERE lat IS NOT NULL")).scalar()
                assert located and conn.execute(sa.text("SELECT count(*) FROM events_geo")).scalar() == located
    assert after == before


def _point_event(i: int, lat: float, lon: float, day: dt.date) -> ArticleResult:
    text = f"Report {i}: a drone strike hit a depot near point {i}; no casualties were reported by officials."
    ev = Event(id="e1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
               date=DateRange(day, day, "day"),
               location=Location(f"Point {i}", "Testland", "UA", f"Area {i}", lat, lon, "exact"),
               actors=[Actor("drone unit", "perpetrator", "state_forces")], claimed_by=["officials"])
    aid = f"pt-{i:04d}"
    return ArticleResult(Article(id=aid, text=text, title=f"Strike {i}", published=day, outlet="Point Wire",
                                 url=f"https://point.example.org/{aid}",
                                 text_sha256=hashlib.sha256(text.encode()).hexdigest()), [ev])


def test_bounding_boxes_equal_a_scan_of_every_event(ledger: Ledger) -> None:
    rng = random.Random(5)
    # points on a 0.1-degree grid (box edges fall exactly on them, where 32-bit R-tree bounds round),
    # across the antimeridian and the poles' neighbourhood; one event per point (days 30 apart)
    points = [(round(rng.uniform(-80, 80) * 10) / 10, round(rng.uniform(-180, 180) * 10) / 10) for _ in range(120)]
    points += [(10.0, 179.9), (10.0, -179.9), (48.1, 37.1), (48.1, 37.2)]
    ledger.add_results(_point_event(i, lat, lon, dt.date(2020, 1, 1) + dt.timedelta(days=30 * i))
                       for i, (lat, lon) in enumerate(points))
    everything = ledger.query_events(EventFilter(), limit=1000)
    assert len(everything) == len(points)
    boxes = [(37.1, 48.1, 37.2, 48.1), (-10.0, -20.0, 40.0, 30.0), (170.0, 0.0, -170.0, 20.0), (-180, -90, 180, 90)]
    boxes += [(lon, lat, lon + 25.0, lat + 15.0) for lat, lon in points[:20]]
    def inside(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
        min_lon, min_lat, max_lon, max_lat = box
        lon_ok = min_lon <= lon <= max_lon if min_lon <= max_lon else (lon >= min_lon or lon <= max_lon)
        return min_lat <= lat <= max_lat and lon_ok

    for box in boxes:
        expected = sorted(le.event.id for le in everything
                          if inside(le.event.location.lat, le.event.location.lon, box))  # type: ignore[union-attr]
        flt = EventFilter(bbox=box)  # type: ignore[arg-type]
        assert sorted(le.event.id for le in ledger.query_events(flt, limit=1000)) == expected, box
        assert ledger.count_events(flt) == len(expected), box
        # with another filter beside the box the events table answers (the R-tree narrows it)
        later = EventFilter(bbox=box, country="UA", date_from=dt.date(2024, 1, 1))  # type: ignore[arg-type]
        expected_later = sorted(le.event.id for le in everything if le.event.id in expected
                                and le.event.date.start >= dt.date(2024, 1, 1))  # type: ignore[union-attr]
        assert sorted(le.event.id for le in ledger.query_events(later, limit=1000)) == expected_later, box
        assert ledger.count_events(later) == len(expected_later), box
    # box pages come newest first and page like any other
    world = EventFilter(bbox=(-180, -90, 180, 90))
    newest = [le.event.id for le in ledger.query_events(EventFilter(), limit=1000, sort="-date")]
    assert [le.event.id for le in ledger.query_events(world, limit=1000, sort="-date")] == newest
    assert [le.event.id for le in ledger.query_events(world, limit=10, offset=20, sort="date")] == newest[::-1][20:30]
    assert ledger.count_events(EventFilter(bbox=(37.1, 48.1, 37.2, 48.1))) == 2  # both edges inclusive


def test_the_point_index_follows_updates_and_deletions(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    if ledger.dialect != "sqlite":
        return
    yerevan = EventFilter(bbox=(44.0, 40.0, 45.0, 40.5))
    [moved] = ledger.query_events(yerevan)
    gone = ledger.query_events(EventFilter(country="UA"), limit=1)[0].event.id
    with ledger.engine.begin() as conn:  # any writer, not only the ledger's own code, keeps the index
        conn.execute(sa.text("UPDATE events SET lat = 10.5, lon = -60.5, date_start = '2001-02-03' WHERE id = :i"),
                     {"i": moved.event.id})
        for table in ("claims", "event_actors", "reports"):
            conn.execute(sa.text(f"DELETE FROM {table} WHERE event_id = :i"), {"i": gone})
        conn.execute(sa.text("DELETE FROM events WHERE id = :i"), {"i": gone})
    assert ledger.count_events(yerevan) == 0
    assert [le.event.id for le in ledger.query_events(EventFilter(bbox=(-61.0, 10.0, -60.0, 11.0)))] == [moved.event.id]
    with ledger.engine.connect() as conn:
        stale = conn.execute(sa.text(
            "SELECT count(*) FROM events_geo g LEFT JOIN events e ON e.rowid = g.k WHERE e.id IS NULL "
            "OR e.lat IS NULL OR g.min_lat > e.lat OR g.max_lat < e.lat OR g.min_lon > e.lon OR g.max_lon < e.lon "
            "OR g.lat != e.lat OR g.lon != e.lon OR g.date_start IS NOT e.date_start OR g.event_id != e.id"
        )).scalar()
        located = conn.execute(sa.text("SELECT count(*) FROM events WHERE lat IS NOT NULL")).scalar()
        indexed = conn.execute(sa.text("SELECT count(*) FROM events_geo")).scalar()
    assert stale == 0 and indexed == located


DAY_FILTERS = [None, EventFilter(), EventFilter(country="UA"), EventFilter(country="Azerbaijan"),
               EventFilter(country="Atlantis"), EventFilter(event_type="Battles"), EventFilter(status="reported"),
               EventFilter(date_from=dt.date(2024, 7, 12), date_to=dt.date(2024, 7, 13)),
               EventFilter(country="AZ", event_type="Battles", status="planned")]


def _assert_day_sums_exact(ledger: Ledger) -> None:
    """The daily sums answer exactly what adding up the events themselves answers."""
    for flt in DAY_FILTERS:
        for bucket in ("day", "week", "month", "year"):
            assert ledger.timeline(flt, bucket) == ledger._timeline_of_events(flt, bucket), (flt, bucket)
        assert ledger.summary(flt) == ledger._summary_of_events(flt), flt


def test_daily_sums_stay_exact_through_links_versions_and_deletions(ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        ledger.add_results(reports.incident_a())
        _assert_day_sums_exact(ledger)
        ledger.add_results(reports.all_results())
        assert ledger.timeline(EventFilter(), "day")  # not vacuous
        _assert_day_sums_exact(ledger)
        some = ledger.query_events(EventFilter(country="UA"), limit=1)[0].event.id
        with ledger.engine.begin() as conn:  # other writers: a manual fix and a deletion
            conn.execute(sa.text("UPDATE events SET fatalities = fatalities + 7, event_type = 'Riots', "
                                 "date_start = date_end WHERE country_code = 'AZ'"))
            for table in ("claims", "event_actors", "reports"):
                conn.execute(sa.text(f"DELETE FROM {table} WHERE event_id = :i"), {"i": some})
            conn.execute(sa.text("DELETE FROM events WHERE id = :i"), {"i": some})
        _assert_day_sums_exact(ledger)
        before = {str(flt): (ledger.timeline(flt, "week"), ledger.summary(flt)) for flt in DAY_FILTERS}
    _alembic(ledger_url, "downgrade", "0002_fast_queries")
    assert "event_days" not in _tables(ledger_url)
    with Ledger(ledger_url) as ledger:  # the upgrade back-fills the sums
        assert {str(flt): (ledger.timeline(flt, "week"), ledger.summary(flt)) for flt in DAY_FILTERS} == before
        _assert_day_sums_exact(ledger)

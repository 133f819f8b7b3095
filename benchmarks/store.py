"""Ledger benchmark: ingest rate, query latency, export time and linking speed on synthetic events.

    .venv/bin/python benchmarks/store.py                   # 1,000,000 events
    .venv/bin/python benchmarks/store.py --events 100000   # the figures quoted in the README
    # on a loaded machine: fill a file once (150k generated, copied up to 1M), then measure parts of it
    .venv/bin/python benchmarks/store.py --copy-fill-from 150000 --parts ingest,fill --db /tmp/l1m.sqlite
    .venv/bin/python benchmarks/store.py --parts queries --db /tmp/l1m.sqlite

The first ``--ingest`` reports (default 20,000) go through ``Ledger.add_result`` (linking, one
transaction per article) and give the ingest rate; the ledger is then filled up to ``--events``
with reconciled synthetic events written in bulk (same tables, same documents), so the query and
export figures are measured at full size without waiting hours for per-article transactions.

Synthetic data: articles with one event each in 30 countries over three years; a third of the
articles are further reports of an earlier incident (same place and day, other figures, other
outlet), so linking has real work to do. Everything is printed; nothing is asserted. Baselines in
the same process: plain ``sqlite3`` inserting the same documents one transaction per article, and
plain ``sqlite3`` running the same page query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from warledger.contract import event_to_dict, ledger_event_to_dict
from warledger.export import export_events
from warledger.link import BlockIndex, Report, build_ledger_event, event_window, fatalities, link_score
from warledger.model import Actor, Article, ArticleResult, Casualty, DateRange, Event, EventFilter, Evidence, Location
from warledger.store import Ledger
from warledger.store.ledger import new_event_id, report_profile, search_text
from warledger.store.schema import ActorRow, EventActorRow, EventRow

COUNTRIES = [  # code, name, lat, lon
    ("UA", "Ukraine", 48.4, 35.0), ("SD", "Sudan", 14.5, 29.0), ("ML", "Mali", 15.0, -2.0),
    ("BF", "Burkina Faso", 12.5, -1.5), ("CD", "DR Congo", -1.5, 29.0), ("MM", "Myanmar", 21.0, 96.0),
    ("SY", "Syria", 35.0, 38.5), ("YE", "Yemen", 15.5, 47.5), ("SO", "Somalia", 4.0, 45.5),
    ("NG", "Nigeria", 11.5, 13.0), ("ET", "Ethiopia", 12.0, 39.5), ("AF", "Afghanistan", 34.0, 66.0),
    ("IQ", "Iraq", 34.5, 43.5), ("LY", "Libya", 31.0, 17.0), ("NE", "Niger", 14.5, 6.0),
    ("CM", "Cameroon", 6.5, 12.5), ("MZ", "Mozambique", -12.5, 40.0), ("CF", "Central African Republic", 6.5, 20.5),
    ("SS", "South Sudan", 7.5, 30.5), ("PK", "Pakistan", 33.0, 71.0), ("CO", "Colombia", 4.5, -74.0),
    ("MX", "Mexico", 23.0, -102.0), ("HT", "Haiti", 18.9, -72.5), ("IL", "Israel", 31.5, 34.8),
    ("PS", "Palestine", 31.4, 34.4), ("LB", "Lebanon", 33.8, 35.8), ("AM", "Armenia", 40.2, 44.5),
    ("AZ", "Azerbaijan", 40.4, 47.5), ("TD", "Chad", 13.0, 19.0), ("MZ", "Mozambique", -13.0, 39.5),
]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Riots", "Mob violence")]
ACTORS = [("state forces", "state_forces"), ("rebel group", "rebels"), ("militia", "militia"),
          ("civilians", "civilians"), ("police", "police")]
OUTLETS = [f"Outlet {i}" for i in range(40)]
WORDS = ("shelling clash strike village town forces fighters residents officials ministry hospital market "
         "attack drone artillery killed wounded displaced border district province army militia convoy "
         "checkpoint overnight morning spokesman governor statement rescuers homes school road bridge").split()
START = dt.date(2023, 1, 1)
PARTS = ("ingest", "fill", "queries", "export", "linking")


def synthetic_results(n: int, seed: int = 7) -> Iterator[ArticleResult]:
    """``n`` articles with one event each; about a third report an incident seen before."""
    rng = random.Random(seed)
    incidents: list[tuple] = []
    for i in range(n):
        if incidents and rng.random() < 0.33:
            cc, name, lat, lon, day, etype, sub, side, killed = incidents[rng.randrange(max(0, len(incidents) - 2000),
                                                                                       len(incidents))]
            killed = max(0, killed + rng.randint(-1, 3))
        else:
            cc, name, clat, clon = rng.choice(COUNTRIES)
            lat, lon = clat + rng.uniform(-2, 2), clon + rng.uniform(-2, 2)
            day = START + dt.timedelta(days=int(i * 1095 / n) + rng.randint(0, 3))
            etype, sub = rng.choice(TYPES)
            side = f"{name} {rng.choice(ACTORS)[0]}"
            killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20, 45])
            incidents.append((cc, name, lat, lon, day, etype, sub, side, killed))
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        evidence = Evidence(0, 40, text[:40])
        published = day + dt.timedelta(days=rng.randint(0, 2))
        aname, atype = rng.choice(ACTORS)
        event = Event(
            id="e1", event_type=etype, sub_event_type=sub, date=DateRange(day, day, "day"),
            location=Location(f"Place {round(lat, 1)} {round(lon, 1)}", name, cc, f"{name} region {int(lat) % 5}",
                              round(lat, 4), round(lon, 4), "city"),
            actors=[Actor(side, "perpetrator", "state_forces", name), Actor(f"{name} {aname}", "target", atype)],  # type: ignore[arg-type]
            casualties=[Casualty("killed", "unknown", killed, killed, killed, None, claimed_by="officials",
                                 evidence=[evidence])] if killed else [],
            claimed_by=["officials"], evidence=[evidence], confidence=0.8,
        )
        aid = f"syn-{i:07d}"
        article = Article(id=aid, text=text, title=f"Report {i}", published=published, outlet=rng.choice(OUTLETS),
                          url=f"https://news.example.org/{aid}",
                          text_sha256=hashlib.sha256(f"{aid}{text}".encode()).hexdigest())
        yield ArticleResult(article, [event])


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(round(0.99 * (len(samples) - 1))))]
    return f"p50 {p50 * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms"


def bench_ingest(ledger: Ledger, n: int) -> None:
    t0 = time.perf_counter()
    done = 0
    step = max(1, n // 10)
    for result in synthetic_results(n):
        ledger.add_result(result)
        done += 1
        if done % step == 0:
            rate = done / (time.perf_counter() - t0)
            print(f"  ... {done:>9,} articles, {rate:7.0f} articles/s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t0
    stats = ledger.stats()
    print(f"ingest (link + store, one transaction per article): {n:,} reports -> {stats['events']:,} events "
          f"in {elapsed:.1f} s = {n / elapsed:,.0f} reports/s")


def bulk_fill(ledger: Ledger, total: int, skip: int) -> None:
    """Write reconciled synthetic events straight into the tables until the ledger holds ``total``."""
    have = ledger.count_events(EventFilter())
    if have >= total:
        return
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    actor_ids: dict[str, int] = {}
    batch_events: list[dict] = []
    batch_actors: list[dict] = []

    def flush() -> None:
        with ledger.engine.begin() as conn:
            conn.execute(sa.insert(EventRow), batch_events)
            conn.execute(sa.insert(EventActorRow), batch_actors)
        batch_events.clear()
        batch_actors.clear()

    n = have
    # as many as are missing: the generator spreads its n articles over three years
    for i, r in enumerate(synthetic_results(total - have, seed=99)):
        if n >= total:
            break
        ev = r.events[0]
        eid = new_event_id(f"bulk-{i}", 1, ev.id)
        le = build_ledger_event(eid, [Report(ev, r.article.id, r.article.published, r.article.outlet, r.article.id)])
        le.updated_at = now
        loc = ev.location
        batch_events.append({
            "id": eid, "status": ev.status, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
            "date_start": ev.date.start, "date_end": ev.date.end, "date_precision": ev.date.precision,  # type: ignore[union-attr]
            "location_id": None, "location_name": loc.name, "country": loc.country,  # type: ignore[union-attr]
            "country_code": loc.country_code, "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon,  # type: ignore[union-attr]
            "geo_precision": loc.precision, "fatalities": fatalities(le), "independent_sources": 1,  # type: ignore[union-attr]
            "first_reported": le.first_reported, "last_updated": le.last_updated, "search_text": search_text(le),
            "doc": json.dumps(ledger_event_to_dict(le)), "created_at": now, "updated_at": now,
        })
        for a in ev.actors:
            if a.name not in actor_ids:
                with ledger.engine.begin() as conn:
                    found = conn.execute(sa.select(ActorRow.id).where(ActorRow.name == a.name)).scalar()
                    if found is None:
                        found = conn.execute(sa.insert(ActorRow).values(name=a.name, name_lower=a.name.casefold(),
                                                                        type=a.type)).inserted_primary_key[0]
                actor_ids[a.name] = found
            batch_actors.append({"event_id": eid, "actor_id": actor_ids[a.name], "role": a.role, "side": a.side,
                                 "backed_by": None})
        n += 1
        if len(batch_events) >= 5000:
            flush()
    if batch_events:
        flush()
    elapsed = time.perf_counter() - t0
    print(f"bulk fill: {n - have:,} reconciled events in {elapsed:.1f} s ({(n - have) / elapsed:,.0f}/s); "
          f"ledger now {n:,} events")
    # bulk events carry their claims in the event document only (the claims table needs stored articles)


def copy_fill(ledger: Ledger, total: int) -> None:
    """Fill up to ``total`` events fast (SQLite only): copies of the events already stored, in SQL.

    Each copy gets a new id and a point moved by up to 0.5 degrees (row and document alike, with
    json_set), and keeps its date, type, country and actors: the ledger reaches the density per
    country and day that the generator would give at that size, in minutes instead of the hours
    ``bulk_fill`` takes on a loaded machine. Triggers keep the R-tree and the daily sums.
    """
    have = ledger.count_events(EventFilter())
    if have >= total or have == 0:
        return
    t0 = time.perf_counter()
    copy = 0
    while have < total:
        copy += 1
        n = min(have, total - have)
        with ledger.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS copied (old TEXT PRIMARY KEY, new TEXT, dlat REAL, "
                                 "dlon REAL)")
            conn.exec_driver_sql("DELETE FROM copied")
            conn.exec_driver_sql(
                "INSERT INTO copied SELECT id, id || '-' || ?, (abs(random()) % 1000) / 1000.0 - 0.5, "
                "(abs(random()) % 1000) / 1000.0 - 0.5 FROM events WHERE id NOT LIKE '%-%' ORDER BY id LIMIT ?",
                (str(copy), n))
            conn.exec_driver_sql(
                "INSERT INTO events (id, status, event_type, sub_event_type, date_start, date_end, date_precision, "
                "location_id, location_name, country, country_code, admin1, lat, lon, geo_precision, fatalities, "
                "independent_sources, first_reported, last_updated, search_text, doc, created_at, updated_at) "
                "SELECT c.new, status, event_type, sub_event_type, date_start, date_end, date_precision, location_id, "
                "location_name, country, country_code, admin1, round(lat + c.dlat, 4), round(lon + c.dlon, 4), "
                "geo_precision, fatalities, independent_sources, first_reported, last_updated, search_text, "
                "json_set(doc, '$.id', c.new, '$.location.lat', round(lat + c.dlat, 4), '$.location.lon', "
                "round(lon + c.dlon, 4)), created_at, updated_at FROM events JOIN copied c ON c.old = events.id")
            conn.exec_driver_sql("INSERT INTO event_actors SELECT c.new, actor_id, role, side, backed_by "
                                 "FROM event_actors JOIN copied c ON c.old = event_actors.event_id")
        have = ledger.count_events(EventFilter())
        print(f"  ... copy {copy}: ledger now {have:,} events", file=sys.stderr, flush=True)
    spread_dates(ledger)
    print(f"copy fill: ledger now {have:,} events in {time.perf_counter() - t0:.1f} s "
          f"(copies of the generated events, points moved by up to 0.5 degrees, dates spread over three years)")


def spread_dates(ledger: Ledger) -> None:
    """Give every event a random day in the generator's three years (row and document; synthetic
    events are one day long): the generated head that ``copy_fill`` copies covers only its first
    weeks, which would leave most 60-day query windows empty."""
    with ledger.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE events SET date_start = date(?, '+' || (abs(random()) % 1095) || ' days') "
            "WHERE date_start IS NOT NULL", (START.isoformat(),))
        conn.exec_driver_sql(
            "UPDATE events SET date_end = date_start, doc = json_set(doc, '$.date.start', date_start, "
            "'$.date.end', date_start) WHERE date_start IS NOT NULL")


def bench_baseline_ingest(n: int, tmp: Path) -> float:
    """Plain sqlite3: the same event documents, one transaction per article, same pragmas."""
    conn = sqlite3.connect(tmp / "baseline.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, country TEXT, day TEXT, doc TEXT)")
    conn.execute("CREATE INDEX ix_docs ON docs (country, day)")
    t0 = time.perf_counter()
    for r in synthetic_results(n):
        ev = r.events[0]
        conn.execute("BEGIN")
        conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (r.article.id, ev.location.country_code,  # type: ignore[union-attr]
                                                              ev.date.start.isoformat(),  # type: ignore[union-attr]
                                                              json.dumps(event_to_dict(ev))))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return n / elapsed


def bench_queries(ledger: Ledger, runs: int) -> None:
    rng = random.Random(11)
    ids = [le.event.id for le in ledger.query_events(EventFilter(), limit=2000, sort="date")]
    span_days = 1095
    timings: dict[str, list[float]] = {k: [] for k in
                                       ("country+dates page", "country+dates count", "bbox page", "event detail",
                                        "actor page", "timeline (week, country)", "raw sqlite3 page")}
    raw = sqlite3.connect(ledger.engine.url.database)
    for _ in range(runs):
        cc = rng.choice(COUNTRIES)
        start = START + dt.timedelta(days=rng.randrange(span_days - 60))
        flt = EventFilter(country=cc[0], date_from=start, date_to=start + dt.timedelta(days=60))
        offset = rng.choice([0, 0, 50, 100, 200])
        t = time.perf_counter()
        ledger.query_events(flt, limit=50, offset=offset)
        timings["country+dates page"].append(time.perf_counter() - t)
        t = time.perf_counter()
        ledger.count_events(flt)
        timings["country+dates count"].append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = raw.execute("SELECT doc, updated_at FROM events WHERE country_code = ? AND date_start >= ? AND "
                           "date_start <= ? ORDER BY date_start DESC, id DESC LIMIT 50 OFFSET ?",
                           (cc[0], start.isoformat(), (start + dt.timedelta(days=60)).isoformat(), offset)).fetchall()
        [json.loads(d) for d, _ in rows]
        timings["raw sqlite3 page"].append(time.perf_counter() - t)
        lat, lon = cc[2] + rng.uniform(-2, 1), cc[3] + rng.uniform(-2, 1)
        t = time.perf_counter()
        ledger.query_events(EventFilter(bbox=(lon, lat, lon + 1.0, lat + 1.0)), limit=50)
        timings["bbox page"].append(time.perf_counter() - t)
        t = time.perf_counter()
        ledger.get_event(rng.choice(ids))
        timings["event detail"].append(time.perf_counter() - t)
        t = time.perf_counter()
        ledger.query_events(EventFilter(country=cc[0], actor="militia"), limit=50)
        timings["actor page"].append(time.perf_counter() - t)
        if len(timings["timeline (week, country)"]) < 30:
            t = time.perf_counter()
            ledger.timeline(EventFilter(country=cc[0]), bucket="week")
            timings["timeline (week, country)"].append(time.perf_counter() - t)
    raw.close()
    print(f"queries ({runs} runs each, limit 50, random country / 60-day window / page):")
    for name, samples in timings.items():
        print(f"  {name:<26} {percentiles(samples)}")
    ratio = statistics.median(timings["country+dates page"]) / statistics.median(timings["raw sqlite3 page"])
    print(f"  Ledger.query_events / raw sqlite3 (same SQL, same JSON parsing), p50: {ratio:.2f}x")


def bench_export(ledger: Ledger, tmp: Path) -> None:
    n = ledger.count_events(EventFilter())
    for fmt in ("acled", "jsonl", "parquet"):
        t = time.perf_counter()
        export_events(ledger, fmt, tmp / f"export.{fmt}")
        elapsed = time.perf_counter() - t
        size = (tmp / f"export.{fmt}").stat().st_size / 1e6
        print(f"export {fmt:<8} {n:,} events in {elapsed:6.1f} s = {n / elapsed:8,.0f} events/s ({size:.0f} MB)")


def _link_block(results: list[ArticleResult]) -> tuple[int, int, float]:
    """Link reports in memory (blocking + scoring) as a batch would; (events, linked, CPU seconds)."""
    cpu = time.process_time()
    index = BlockIndex()
    linked = created = 0
    for r in results:
        ev = r.events[0]
        profile = report_profile(ev, r.article.published, r.article.id)
        window = event_window(ev.date, r.article.published)
        cc = ev.location.country_code if ev.location else None
        best = max(((link_score(profile, cand), cand) for cand in index.candidates(cc, window)),  # type: ignore[arg-type]
                   key=lambda t: t[0], default=(0.0, None))
        if best[0] >= 0.6:
            linked += 1
        else:
            index.add(profile, cc, window)
            created += 1
    return created, linked, time.process_time() - cpu


def bench_linking(n: int, workers: int) -> None:
    """Linking alone of ``n`` reports: on one core, then split by country over ``workers`` processes.

    Blocking never pairs reports of different countries, so countries are independent blocks: the
    split gives the same events as the single run.
    """
    results = list(synthetic_results(n, seed=3))
    t0 = time.perf_counter()
    created, linked, cpu = _link_block(results)
    elapsed = time.perf_counter() - t0
    print(f"linking in memory: {n:,} reports -> {created:,} events ({linked:,} linked) in {elapsed:.1f} s "
          f"= {n / elapsed:,.0f} reports/s (one core; {cpu:.1f} CPU s)")
    if workers < 2:
        return
    by_country: dict[str | None, list[ArticleResult]] = {}
    for r in results:
        loc = r.events[0].location
        by_country.setdefault(loc.country_code if loc else None, []).append(r)
    shares: list[list[ArticleResult]] = [[] for _ in range(workers)]
    for block in sorted(by_country.values(), key=len, reverse=True):  # largest first onto the lightest share
        min(shares, key=len).extend(block)
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_link_block, shares)
    elapsed = time.perf_counter() - t0
    print(f"linking in memory, {workers} processes split by country: {sum(p[0] for p in parts):,} events "
          f"({sum(p[1] for p in parts):,} linked) in {elapsed:.1f} s = {n / elapsed:,.0f} reports/s "
          f"({sum(p[2] for p in parts):.1f} CPU s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the ledger for the query figures")
    parser.add_argument("--ingest", type=int, default=20_000, help="reports ingested through Ledger.add_result")
    parser.add_argument("--link-events", type=int, default=100_000, help="reports for the in-memory linking run")
    parser.add_argument("--copy-fill-from", type=int, default=0,
                        help="generate only this many events, then copy them up to --events in SQL (see copy_fill)")
    parser.add_argument("--link-workers", type=int, default=2, help="processes for the split linking run")
    parser.add_argument("--queries", type=int, default=200, help="runs per query")
    parser.add_argument("--baseline", type=int, default=2_000, help="reports for the plain-sqlite3 baseline")
    parser.add_argument("--db", help="SQLite file to use (kept); default a temporary one")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated parts to run, of {','.join(PARTS)} (e.g. fill a --db once, then "
                             "measure queries on it)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(parts - set(PARTS)))}")

    with tempfile.TemporaryDirectory(prefix="warledger-bench-") as tmpdir:
        tmp = Path(tmpdir)
        db = Path(args.db) if args.db else tmp / "ledger.sqlite"
        print(f"warledger store benchmark: {args.events:,} events, SQLite at {db}")
        t0 = time.perf_counter()
        ledger = Ledger(f"sqlite:///{db}")
        print(f"open (and upgrade the schema if needed): {time.perf_counter() - t0:.1f} s")
        if "ingest" in parts and ledger.count_events(EventFilter()) == 0:
            bench_ingest(ledger, min(args.ingest, args.events))
        if "fill" in parts:
            if args.copy_fill_from:
                bulk_fill(ledger, args.copy_fill_from, args.ingest)
                copy_fill(ledger, args.events)
            else:
                bulk_fill(ledger, args.events, args.ingest)
        if "ingest" in parts:
            m = min(args.baseline, args.ingest)
            t0 = time.perf_counter()
            small = Ledger(f"sqlite:///{tmp / 'small.sqlite'}")
            for r in synthetic_results(m):
                small.add_result(r)
            ours = m / (time.perf_counter() - t0)
            small.close()
            base = bench_baseline_ingest(m, tmp)
            print(f"ingest on {m:,} reports: ledger {ours:,.0f}/s vs plain sqlite3 insert {base:,.0f}/s "
                  f"(ratio {ours / base:.2f}: linking, claims, actors, MinHash and indexes are the difference)")
        print(f"database size: {db.stat().st_size / 1e6:,.0f} MB, {ledger.count_events(EventFilter()):,} events")
        if "queries" in parts:
            bench_queries(ledger, args.queries)
        if "export" in parts:
            bench_export(ledger, tmp)
        ledger.close()
    if "linking" in parts:
        bench_linking(args.link_events, args.link_workers)


if __name__ == "__main__":
    main()

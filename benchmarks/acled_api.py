"""ACLED-compatible API benchmark: ``/api/acled/read`` with a country + date BETWEEN filter, limit 5000.

    .venv/bin/python benchmarks/acled_api.py                      # 200,000 events
    .venv/bin/python benchmarks/acled_api.py --events 1000000     # the issue's 1M (about 1.7 GB of SQLite)

Synthetic ledger: the sample corpus goes through the real pipeline once; its ledger events (real
documents, about 1.7 KB each) are then cloned N times with new ids and dates spread over three
years, written straight into the ``events`` table (the columns the API reads, consistent with each
document). Printed, not asserted: p50/p99 latency and rows/s of the request through the real app
(uvicorn on 127.0.0.1, read by httpx), JSON and CSV; peak Python memory of one request; and, in
the same process, the floor: plain ``sqlite3`` fetching and decoding the same documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import sqlite3
import statistics
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import httpx

START = dt.date(2023, 1, 1)
DAYS = 3 * 365
COUNTRY = "Mali"
CODE = "ML"
BETWEEN = "2024-01-01|2024-12-31"


def build_sample(path: Path) -> None:
    from warledger.api.demo import ingest_paths, sample_corpus_inputs
    from warledger.store import Ledger

    ledger = Ledger(f"sqlite:///{path}")
    try:
        ingest_paths(ledger, sample_corpus_inputs())
    finally:
        ledger.close()


def clone_events(path: Path, n: int, seed: int = 11) -> None:
    """Grow the ledger at ``path`` to ``n`` events by cloning its events with new ids and dates."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(events)")]
    templates = [dict(zip(columns, row, strict=True)) for row in con.execute("SELECT * FROM events")]
    located = [t for t in templates if t["country_code"]]
    # a quarter of the clones in the benchmark's country, so the filter has work to do
    in_country = [t for t in located if t["country_code"] == CODE] or located
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    placeholders = ",".join("?" for _ in columns)
    batch: list[tuple] = []
    for i in range(n - len(templates)):
        t = dict(rng.choice(in_country if rng.random() < 0.25 else located))
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        doc = json.loads(t["doc"])
        t["id"] = doc["id"] = f"evb{i:013x}"
        span = (dt.date.fromisoformat(doc["date"]["end"]) - dt.date.fromisoformat(doc["date"]["start"])
                if doc.get("date") else dt.timedelta(0))
        doc["date"] = {**(doc.get("date") or {"precision": "day", "text": ""}),
                       "start": day.isoformat(), "end": (day + span).isoformat()}
        t["date_start"], t["date_end"] = day.isoformat(), (day + span).isoformat()
        t["doc"] = json.dumps(doc, ensure_ascii=False)
        batch.append(tuple(t[c] for c in columns))
        if len(batch) >= 20000:
            con.executemany(f"INSERT INTO events VALUES ({placeholders})", batch)
            con.commit()
            batch.clear()
    if batch:
        con.executemany(f"INSERT INTO events VALUES ({placeholders})", batch)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def timed(fn, runs: int) -> tuple[list[float], int]:
    times, rows = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t0)
    return times, rows


def report(label: str, times: list[float], rows: int, baseline_p50: float | None = None) -> None:
    p50, p99 = percentiles(times)
    ratio = f"  {p50 / baseline_p50:5.1f}x the sqlite3 floor" if baseline_p50 else ""
    print(f"{label:<44} p50 {p50 * 1000:8.1f} ms  p99 {p99 * 1000:8.1f} ms  {rows / p50:10,.0f} rows/s  "
          f"({rows} rows){ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import uvicorn

    from warledger.api import create_app

    with tempfile.TemporaryDirectory(prefix="warledger-acled-bench-") as tmp:
        path = Path(tmp) / "ledger.sqlite"
        t0 = time.perf_counter()
        build_sample(path)
        t1 = time.perf_counter()
        clone_events(path, args.events)
        t2 = time.perf_counter()
        print(f"ledger: {args.events:,} events ({path.stat().st_size / 1e6:,.0f} MB); sample corpus ingested in "
              f"{t1 - t0:.1f} s, clones written in {t2 - t1:.1f} s")

        params = {"country": COUNTRY, "event_date": BETWEEN, "event_date_where": "BETWEEN", "limit": "5000"}
        lo, hi = BETWEEN.split("|")

        def floor() -> int:
            con = sqlite3.connect(path)
            docs = con.execute(
                "SELECT doc FROM events WHERE country_code = ? AND date_start BETWEEN ? AND ? "
                "ORDER BY date_start DESC, id DESC LIMIT 5000", (CODE, lo, hi)).fetchall()
            con.close()
            return len([json.loads(d) for (d,) in docs])

        base_times, base_rows = timed(floor, args.runs)
        report("baseline: sqlite3 SELECT doc + json.loads", base_times, base_rows)
        base_p50 = percentiles(base_times)[0]

        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(f"sqlite:///{path}"), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/api/acled/read"
        with httpx.Client(timeout=300) as http:
            def json_request() -> int:
                body = http.get(url, params=params).json()
                assert body["success"], body
                return int(body["count"])

            def csv_request() -> int:
                return http.get(url, params={**params, "_format": "csv"}).text.count("\n") - 1

            def page_two() -> int:
                return int(http.get(url, params={**params, "limit": "1000", "page": "2"}).json()["count"])

            json_request()  # warm the page cache and the app
            report("/api/acled/read country+BETWEEN limit 5000", *timed(json_request, args.runs), base_p50)
            report("  same, _format=csv", *timed(csv_request, args.runs), base_p50)
            report("  limit 1000 page 2", *timed(page_two, args.runs))

            # peak Python memory while one request streams (server and client share this process; the
            # client drops each chunk): bounded by batch and chunk sizes, not by the size of the answer
            for limit in (5000, 50000):
                wide = {**params, "event_date": "2023-01-01|2025-12-31", "limit": str(limit)}
                tracemalloc.start()
                with http.stream("GET", url, params=wide) as r:
                    received = sum(len(chunk) for chunk in r.iter_bytes())
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(f"peak Python memory, one streamed request, limit {limit:>6}: {peak / 1e6:6.1f} MB "
                      f"for {received / 1e6:6.1f} MB sent")

        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()

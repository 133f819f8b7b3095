"""API benchmark: latency and throughput of the REST API, and the dashboard's first render.

    .venv/bin/python benchmarks/api.py                       # 1,000,000 events
    .venv/bin/python benchmarks/api.py --events 100000       # the figures quoted in the README
    .venv/bin/python benchmarks/api.py --db ledger.sqlite    # reuse a ledger (kept between runs)

The ledger is the synthetic one of ``benchmarks/store.py`` (reconciled events over 30 countries and
three years, written in bulk with its ``bulk_fill``). The server is ``warledger serve --workers N`` on
127.0.0.1 (serve's default number of processes unless ``--workers``). The load, ``--clients`` concurrent
keep-alive connections, comes from ``wrk`` when it is installed (C, a fraction of the CPU of a Python client
on the same cores; ``apt-get install wrk``), else from this process; ``--generator both`` prints both. Both
draw each request from the scenario's parameters (countries, 90-day windows, event types, minimum tolls,
pages 1-3, event ids): wrk cycles through 20,000 paths drawn in advance, the Python client draws as it
goes, so no query repeats in step to flatter a cache. wrk runs each scenario for ``--seconds``; the Python
client stops at ``--requests`` or ``--seconds``. Printed, not asserted.

Baseline in the same run: the same queries called on ``Ledger`` directly, one at a time, with no
HTTP in between, so the ratio shows what the web layer adds. The dashboard figure is the time from
navigation start to the first complete render (map, timeline and table drawn) in headless
chromium, read from the Performance API, with a date window holding about ``--in-view`` events.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import httpx

from warledger.api.workers import default_workers
from warledger.model import EventFilter
from warledger.store import Ledger

sys.path.insert(0, str(Path(__file__).parent))
from store import COUNTRIES, START, bulk_fill  # noqa: E402  (the store benchmark's synthetic ledger)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SPAN_DAYS = 1095  # the synthetic ledger's three years


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int, workers: int) -> subprocess.Popen:
    """``warledger serve`` as a user runs it, with ``workers`` processes."""
    warledger = str(Path(sys.executable).with_name("warledger"))
    proc = subprocess.Popen([warledger, "serve", "--db", db_url, "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/events?size=1&total=none", timeout=10).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("benchmark: the server did not start")


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU seconds used so far by the server and its worker processes."""
    import psutil

    total = 0.0
    try:
        root = psutil.Process(server.pid)
        for proc in [root, *root.children(recursive=True)]:
            t = proc.cpu_times()
            total += t.user + t.system
    except psutil.Error:
        pass
    return total


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


# --- the requests ------------------------------------------------------------------------------

def page_number(rng: random.Random) -> str:
    """Mostly the first page, as people read: 1 (70%), 2 (20%), 3 (10%)."""
    return str(rng.choices([1, 2, 3], weights=[7, 2, 1])[0])


def filtered_events_params(rng: random.Random) -> dict[str, str]:
    """A typical dashboard query: one country, a 90-day window, a page of 50 (mostly the first), newest first."""
    code = rng.choice(COUNTRIES)[0]
    start = START + dt.timedelta(days=rng.randint(0, SPAN_DAYS - 90))
    return {"country": code, "date_from": start.isoformat(), "date_to": (start + dt.timedelta(days=89)).isoformat(),
            "size": "50", "sort": "-date", "page": page_number(rng)}


def type_fatalities_params(rng: random.Random) -> dict[str, str]:
    """Another common one: an event type with at least some deaths, sorted by deaths (mostly the first page)."""
    etype = rng.choice(["Battles", "Explosions/Remote violence", "Violence against civilians"])
    return {"event_type": etype, "min_fatalities": str(rng.choice([5, 10, 20])), "size": "50", "sort": "-fatalities",
            "page": page_number(rng)}


def scanning_search_params(rng: random.Random) -> dict[str, str]:
    """A text search that matches nothing: SQLite reads every event to say so (seconds at 1M)."""
    return {"q": f"no such words {rng.randint(0, 10**9)}", "size": "50"}


def to_filter(params: dict[str, str]) -> EventFilter:
    return EventFilter(
        country=params.get("country"), event_type=params.get("event_type"),
        date_from=dt.date.fromisoformat(params["date_from"]) if "date_from" in params else None,
        date_to=dt.date.fromisoformat(params["date_to"]) if "date_to" in params else None,
        min_fatalities=int(params["min_fatalities"]) if "min_fatalities" in params else None,
    )


# --- load --------------------------------------------------------------------------------------

class Connection:
    """One keep-alive HTTP/1.1 connection of the load generator.

    Hand-written because the load runs on the same machine as the server: httpx spent as much CPU
    per request as the server did (6 ms), which a 2-core machine takes from the server.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        """GET ``target`` (path and query); the status code (the body is read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = next((int(h.split(":", 1)[1]) for h in lines[1:] if h.lower().startswith("content-length:")), None)
        if length is None:  # every response of these endpoints has a length; anything else is a failure
            await self.close()
            return 0
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = self.reader = None


async def load(base: str, make_request: Callable[[random.Random], tuple[str, dict[str, str]]], clients: int,
               total: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + seconds
    url = httpx.URL(base)

    async def client_loop(worker: int) -> None:
        nonlocal issued, errors
        rng = random.Random(worker)
        conn = Connection(url.host, url.port or 80)
        try:
            while issued < total and time.perf_counter() < deadline:
                issued += 1
                path, params = make_request(rng)
                target = path + ("?" + urllib.parse.urlencode(params) if params else "")
                t0 = time.perf_counter()
                try:
                    ok = await asyncio.wait_for(conn.get(target), 60) == 200
                except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                    ok = False
                    await conn.close()
                latencies.append(time.perf_counter() - t0)
                errors += not ok
        finally:
            await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    elapsed = time.perf_counter() - t0
    return {"n": len(latencies), "errors": errors, "p50": statistics.median(latencies),
            "p99": percentile(latencies, 0.99), "rps": len(latencies) / elapsed}


# the wrk script: each wrk thread walks the prepared paths from its own starting point; done() prints
# the exact figures (wrk's --latency table rounds them)
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("first", counter)
end
function init(args)
  index = (first * 7919) %% #paths
end
function request()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index], {Accept = "application/json"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WARLEDGER requests=%%d duration_us=%%d errors=%%d p50_us=%%d p99_us=%%d\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(wrk: str, base: str, make_request: Callable[[random.Random], tuple[str, dict[str, str]]], clients: int,
             seconds: float, threads: int, tmpdir: str, paths: int = 20_000) -> dict[str, float]:
    """The scenario under ``wrk`` for ``seconds``: requests, errors, p50, p99, req/s and wrk's CPU seconds."""
    rng = random.Random(11)
    targets = []
    for _ in range(paths):
        path, params = make_request(rng)
        targets.append(path + ("?" + urllib.parse.urlencode(params) if params else ""))
    script = Path(tmpdir) / "scenario.lua"
    script.write_text(WRK_SCRIPT % ",".join(lua_string(t) for t in targets))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # the server runs on: only wrk is reaped
    run = subprocess.run([wrk, "--threads", str(min(threads, clients)), "--connections", str(clients),
                          "--duration", f"{max(1, round(seconds))}s", "--timeout", "60s", "--latency",
                          "--script", str(script), base], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = re.search(r"WARLEDGER (.*)", run.stdout)
    if run.returncode != 0 or not found:
        raise SystemExit(f"benchmark: wrk failed: {(run.stderr or run.stdout).strip()[:500]}")
    fig = {k: int(v) for k, v in (part.split("=") for part in found.group(1).split())}
    return {"n": fig["requests"], "errors": fig["errors"], "p50": fig["p50_us"] / 1e6, "p99": fig["p99_us"] / 1e6,
            "rps": fig["requests"] / (fig["duration_us"] / 1e6),
            "client_cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)}


def direct(fn: Callable[[random.Random], object], n: int, seconds: float = 60) -> float:
    """Median latency of calling the ledger directly, one call at a time (``n`` calls, or fewer
    if they take more than ``seconds``; at least 5)."""
    rng = random.Random(1)
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    for _ in range(n):
        if len(samples) >= 5 and time.perf_counter() > deadline:
            break
        t0 = time.perf_counter()
        fn(rng)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


# --- dashboard ---------------------------------------------------------------------------------

def window_with(ledger: Ledger, in_view: int) -> tuple[str, str]:
    """A date window (from START) holding about ``in_view`` events, found by bisection on the count."""
    lo, hi = 1, SPAN_DAYS + 10
    while lo < hi:
        mid = (lo + hi) // 2
        n = ledger.count_events(EventFilter(date_from=START, date_to=START + dt.timedelta(days=mid)))
        if n < in_view:
            lo = mid + 1
        else:
            hi = mid
    return START.isoformat(), (START + dt.timedelta(days=lo)).isoformat()


def dashboard_render(base: str, query: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 960})
            page = context.new_page()
            page.goto(f"{base}/{query}")
            page.wait_for_selector("body[data-loaded]", timeout=120_000)
            ms = page.evaluate("performance.getEntriesByName('warledger-ready')[0].startTime")
            times.append(ms / 1000)
            context.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the ledger")
    parser.add_argument("--db", help="SQLite file to use (kept, filled up to --events); default a temporary one")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=3000,
                        help="at most this many requests per scenario (the Python generator)")
    parser.add_argument("--seconds", type=float, default=20,
                        help="each scenario runs this long under wrk; the Python generator at most this long")
    parser.add_argument("--generator", choices=["auto", "wrk", "python", "both"], default="auto",
                        help="load generator: wrk (auto: when installed), this process, or both one after the other")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's threads (one keeps up with 50 connections)")
    parser.add_argument("--in-view", type=int, default=10_000, help="events in view for the dashboard render")
    parser.add_argument("--render-runs", type=int, default=3, help="dashboard loads to time (0: skip)")
    parser.add_argument("--searchers", type=int, default=4,
                        help="clients running slow text searches during the last scenario (0: skip it)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="server processes (warledger serve --workers; default: its default)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="warledger-api-bench-") as tmpdir:
        db = Path(args.db) if args.db else Path(tmpdir) / "ledger.sqlite"
        url = f"sqlite:///{db}"
        print(f"warledger API benchmark: {args.events:,} events, SQLite at {db}, {args.clients} clients, "
              f"{args.workers} server processes, {os.cpu_count()} cores, load average "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        ledger = Ledger(url)
        bulk_fill(ledger, args.events, skip=0)
        # a server that has been running has its ledger in the page cache; a run right after other work on
        # the machine would otherwise time the disk in its first scenario (p99 1.1 s instead of 56 ms, seen)
        t0 = time.perf_counter()
        with open(db, "rb") as f:
            while f.read(1 << 24):
                pass
        print(f"ledger file read once into the page cache: {db.stat().st_size / 1e9:.1f} GB in "
              f"{time.perf_counter() - t0:.1f} s")
        total = ledger.count_events(EventFilter())
        rng = random.Random(3)
        sample_ids = [le.event.id for le in ledger.query_events(EventFilter(), limit=2000,
                                                                offset=rng.randint(0, max(0, total - 2000)))]

        def page_of(make_params: Callable[[random.Random], dict[str, str]]) -> Callable[[random.Random], object]:
            def call(r: random.Random) -> object:
                params = make_params(r)  # what the endpoint does: count, then one page
                flt = to_filter(params)
                return ledger.count_events(flt), ledger.query_events(
                    flt, limit=50, offset=50 * (int(params["page"]) - 1), sort=params["sort"])
            return call

        base_filtered = direct(page_of(filtered_events_params), 200)
        base_type = direct(page_of(type_fatalities_params), 100)
        base_detail = direct(lambda r: ledger.get_event(r.choice(sample_ids)), 500)

        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            scenarios = [
                ("GET /api/events (country + 90 days, 50/page, p. 1-3)", base_filtered,
                 lambda r: ("/api/events", filtered_events_params(r))),
                ("GET /api/events (type + min deaths, by deaths, p. 1-3)", base_type,
                 lambda r: ("/api/events", type_fatalities_params(r))),
                ("GET /api/events/{id}", base_detail, lambda r: (f"/api/events/{r.choice(sample_ids)}", {})),
            ]
            wrk = shutil.which("wrk")
            generators = {"auto": ["wrk" if wrk else "python"], "both": ["wrk", "python"]}.get(
                args.generator, [args.generator])
            if "wrk" in generators and not wrk:
                if args.generator == "wrk":
                    raise SystemExit("benchmark: wrk is not installed (apt-get install wrk), use --generator python")
                generators.remove("wrk")
                print("(wrk is not installed: the Python load generator only)")
            print(f"\n{'scenario':<54} {'load':>6} {'requests':>8} {'errors':>6} {'p50':>11} {'p99':>11} {'req/s':>8} "
                  f"{'direct p50':>11} {'p50/direct':>10} {'server CPU/req':>14} {'client CPU/req':>14}")
            if args.searchers > 0:  # the first scenario again, with slow searches running beside it
                scenarios.append((f"GET /api/events (country + 90 days) + {args.searchers} searching", base_filtered,
                                  scenarios[0][2]))
            for name, baseline, make in scenarios:
                asyncio.run(load(base, make, 4, 40, 30))  # warm-up
                searching = "searching" in name
                for generator in generators:
                    if searching:
                        searches = concurrent.futures.ThreadPoolExecutor(1).submit(
                            asyncio.run, load(base, lambda r: ("/api/events", scanning_search_params(r)),
                                              args.searchers, 10**9, args.seconds))
                    server_cpu, client_cpu = server_cpu_seconds(server), time.process_time()
                    if generator == "wrk":
                        res = wrk_load(wrk or "wrk", base, make, args.clients, args.seconds, args.wrk_threads, tmpdir)
                        client_cpu = res["client_cpu"] / max(1, res["n"])
                    else:
                        res = asyncio.run(load(base, make, args.clients, args.requests, args.seconds))
                        client_cpu = (time.process_time() - client_cpu) / max(1, res["n"])
                    server_cpu = (server_cpu_seconds(server) - server_cpu) / max(1, res["n"])
                    if searching:
                        slow = searches.result()
                        print(f"  (beside it: {slow['n']} text searches matching nothing, p50 {fmt_ms(slow['p50'])}, "
                              f"{slow['errors']} errors; server CPU/req below includes them)")
                    print(f"{name:<54} {generator:>6} {res['n']:>8,} {res['errors']:>6} {fmt_ms(res['p50'])} "
                          f"{fmt_ms(res['p99'])} {res['rps']:>8.0f} {fmt_ms(baseline)} {res['p50'] / baseline:>9.1f}x "
                          f"{fmt_ms(server_cpu):>14} {fmt_ms(client_cpu):>14}")
            print("(server CPU/req: CPU seconds of every server process per request, which a busy machine does "
                  "not inflate the way it does latency; client CPU/req: the load generator's, wrk or this process)")

            if args.render_runs <= 0:
                pass
            elif Path(CHROMIUM).exists():
                date_from, date_to = window_with(ledger, args.in_view)
                in_view = ledger.count_events(EventFilter(date_from=dt.date.fromisoformat(date_from),
                                                          date_to=dt.date.fromisoformat(date_to)))
                times = dashboard_render(base, f"?date_from={date_from}&date_to={date_to}", args.render_runs)
                print(f"\ndashboard first render, {in_view:,} events in view ({date_from} to {date_to}), "
                      f"headless chromium: median {statistics.median(times):.2f} s "
                      f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
            else:
                print(f"\ndashboard render skipped: {CHROMIUM} is missing")
        finally:
            server.terminate()
            server.wait(timeout=10)
            ledger.close()


if __name__ == "__main__":
    main()

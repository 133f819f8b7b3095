"""Load: the real server (``warledger serve`` on 127.0.0.1) under concurrent reads and authenticated writes.

    .venv/bin/python benchmarks/load.py [--seconds 30] [--readers 6] [--writers 2]

Readers loop over the dashboard's queries (/api/events, /api/map/points, /api/stats/summary, /api/stats/timeline,
an event's detail); writers POST distinct articles with the bearer token. Afterwards every article a
writer was told was ingested is fetched back from /api/articles/{id}. Prints requests, errors (any
non-2xx or transport failure; target 0), p50/p99 latency per kind, and whether every written article
is in the store (target: all).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

PLACES = ["Kharkiv", "Gao", "El Fasher", "Idlib", "Mosul", "Goma", "Tavush", "Donetsk", "Kidal", "Bakhmut"]
ACTORS = ["Artillery fire", "A drone strike", "An ambush by militants", "Clashes between the army and rebels"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article(n: int) -> dict:
    place = PLACES[n % len(PLACES)]
    return {"id": f"load-{n}", "published": "2026-03-10", "outlet": "Load Test Wire",
            "text": f"{ACTORS[n % len(ACTORS)]} killed {n % 40 + 2} civilians and wounded {n % 13 + 1} others in "
                    f"{place} on Tuesday, local officials said, in report number {n} of the day. Residents said "
                    f"the market was hit for the {n % 5 + 2}th time this month."}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--startup-seconds", type=float, default=180,
                        help="how long to wait for the server to answer (imports take a while on a busy machine)")
    args = parser.parse_args()

    token = secrets.token_urlsafe(24)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="warledger-load-"))
    token_file = workdir / "token"
    token_file.write_text(token)
    warledger = str(Path(sys.executable).with_name("warledger"))
    env = {**os.environ, "WARLEDGER_WRITES_PER_MINUTE": "0"}  # measure the server, not the rate limit
    server = subprocess.Popen([warledger, "serve", "--db", f"sqlite:///{workdir / 'ledger.sqlite'}", "--port",
                               str(port), "--token-file", str(token_file)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + args.startup_seconds
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/api/stats/summary", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            print("load: the server did not start:", server.stderr.read() if server.poll() is not None else "")
            return 2

        latencies: dict[str, list[float]] = {"read": [], "write": []}
        errors: list[str] = []
        written: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        counter = iter(range(10**9))

        def record(kind: str, started: float, response: httpx.Response | None, problem: str | None) -> None:
            with lock:
                latencies[kind].append(time.monotonic() - started)
                if problem or response is None or response.status_code >= 300:
                    errors.append(problem or f"{kind} {response.request.url.path}: HTTP {response.status_code}")

        def reader() -> None:
            paths = ["/api/events?size=50", "/api/map/points", "/api/stats/summary", "/api/stats/timeline"]
            with httpx.Client(base_url=base, timeout=30) as client:
                i = 0
                while time.monotonic() < stop:
                    path = paths[i % len(paths)]
                    i += 1
                    started = time.monotonic()
                    try:
                        response = client.get(path)
                        record("read", started, response, None)
                        if path.startswith("/api/events") and response.status_code == 200:
                            events = response.json().get("events") or []
                            if events:
                                started = time.monotonic()
                                record("read", started, client.get(f"/api/events/{events[0]['id']}"), None)
                    except httpx.HTTPError as exc:
                        record("read", started, None, f"read {path}: {type(exc).__name__}")

        def writer() -> None:
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
                while time.monotonic() < stop:
                    n = next(counter)
                    started = time.monotonic()
                    try:
                        response = client.post("/api/articles", json=article(n))
                        record("write", started, response, None)
                        if response.status_code == 200:
                            with lock:
                                written.extend(a["id"] for a in response.json()["articles"])
                    except httpx.HTTPError as exc:
                        record("write", started, None, f"write: {type(exc).__name__}")

        threads = [threading.Thread(target=reader) for _ in range(args.readers)]
        threads += [threading.Thread(target=writer) for _ in range(args.writers)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began

        missing = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for article_id in written:
                if client.get(f"/api/articles/{article_id}").status_code != 200:
                    missing.append(article_id)

        print(f"load: {args.readers} readers + {args.writers} writers for {elapsed:.0f} s against warledger serve")
        print(f"{'kind':6} {'requests':>9} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8}")
        for kind, values in latencies.items():
            print(f"{kind:6} {len(values):9d} {len(values) / elapsed:7.1f} {statistics.median(values) * 1000:8.1f} "
                  f"{percentile(values, 99) * 1000:8.1f}" if values else f"{kind:6} 0")
        print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
        print(f"written articles in the store afterwards: {len(written) - len(missing)}/{len(written)}")
        return 1 if errors or missing else 0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    raise SystemExit(main())

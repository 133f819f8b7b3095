"""Dask scale-out: N articles through ``warledger.scale.process_documents`` on a LocalCluster of 1 and 2 workers.

    .venv/bin/python benchmarks/scale.py                 # 20,000 articles (long: ~10-20 min on 2 cores)
    .venv/bin/python benchmarks/scale.py --n 2000        # a quicker run
    .venv/bin/python benchmarks/scale.py --n 2000 --flat # also N/4 with 2 workers: is memory flat in N?

The articles cycle through the benchmark feed (sample corpus + dev texts when present + generated
non-conflict news, ~70% irrelevant), each copy a distinct article. Prints articles/s, the
speed-up of 2 workers over 1, and the peak resident memory (psutil, sampled every 0.2 s) of the
driver, of each worker process and of all together. Cluster start-up (spawning workers) is
timed separately; the spaCy model load on first use is part of the run, as in a real batch.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from feed_corpus import mixed_feed, repeated  # noqa: E402
from machine import describe  # noqa: E402

from warledger.model import IngestError  # noqa: E402
from warledger.scale import process_documents  # noqa: E402

MB = 1024 * 1024


@dataclass
class MemoryPeaks:
    driver: int = 0
    workers: dict[int, int] = field(default_factory=dict)
    total: int = 0
    cpu: dict[int, float] = field(default_factory=dict)  # last seen user+system CPU seconds per process


class MemorySampler(threading.Thread):
    """Peak RSS of this process and of its child processes (the Dask worker processes)."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        import psutil

        self.me = psutil.Process()
        self.interval = interval
        self.peaks = MemoryPeaks()
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psutil

        while not self._stop_event.is_set():
            try:
                driver = self.me.memory_info().rss
                total = driver
                for child in self.me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        times = child.cpu_times()
                    except psutil.Error:
                        continue
                    self.peaks.cpu[child.pid] = times.user + times.system
                    total += rss
                    self.peaks.workers[child.pid] = max(self.peaks.workers.get(child.pid, 0), rss)
                self.peaks.driver = max(self.peaks.driver, driver)
                self.peaks.total = max(self.peaks.total, total)
            except psutil.Error:
                pass
            self._stop_event.wait(self.interval)

    def stop(self) -> MemoryPeaks:
        self._stop_event.set()
        self.join()
        return self.peaks


@dataclass
class Run:
    workers: int
    n: int
    startup: float
    seconds: float
    errors: int
    peaks: MemoryPeaks
    driver_cpu: float = 0.0  # CPU s of the driver process (it also runs the scheduler) during the run

    @property
    def rate(self) -> float:
        return self.n / self.seconds

    @property
    def worker_cpu(self) -> float:
        return sum(self.peaks.cpu.values())


def run_once(n_workers: int, n: int, base: list, batch_size: int) -> Run:
    from dask.distributed import LocalCluster

    sampler = MemorySampler()
    sampler.start()
    t0 = time.perf_counter()
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                      silence_logs=logging.ERROR) as cluster:
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        c1 = time.process_time()
        errors = sum(isinstance(r, IngestError)
                     for r in process_documents(repeated(base, n), scheduler=cluster.scheduler_address,
                                                batch_size=batch_size))
        seconds = time.perf_counter() - t1
        driver_cpu = time.process_time() - c1
    return Run(n_workers, n, startup, seconds, errors, sampler.stop(), driver_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles per run (default 20000)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--dev-limit", type=int, default=0, help="dev texts in the base corpus (0 = all)")
    parser.add_argument("--flat", action="store_true", help="also run N/4 articles on 2 workers (memory vs N)")
    args = parser.parse_args()

    _, base = mixed_feed(dev_limit=args.dev_limit or None)
    print(describe())
    print(f"base corpus: {len(base)} distinct articles, cycled to N; batch size {args.batch_size}; "
          f"{os.cpu_count()} cores")
    plan = [(1, args.n), (2, args.n)] + ([(2, max(1, args.n // 4))] if args.flat else [])

    print()
    print(f"{'workers':>7} {'articles':>8} {'start s':>8} {'run s':>8} {'art/s':>7} {'errors':>6} "
          f"{'driver MB':>9} {'worker MB (each)':>18} {'total MB':>8} {'worker CPU s':>12} {'art/CPU s':>9} "
          f"{'driver CPU s':>12}",
          flush=True)
    runs = []
    for workers, n in plan:  # each row as soon as its run ends: a 20k run takes minutes
        r = run_once(workers, n, base, args.batch_size)
        runs.append(r)
        each = ", ".join(f"{v / MB:.0f}" for v in sorted(r.peaks.workers.values(), reverse=True)[:r.workers])
        print(f"{r.workers:>7} {r.n:>8} {r.startup:>8.1f} {r.seconds:>8.1f} {r.rate:>7.1f} {r.errors:>6} "
              f"{r.peaks.driver / MB:>9.0f} {each:>18} {r.peaks.total / MB:>8.0f} {r.worker_cpu:>12.1f} "
              f"{r.n / max(r.worker_cpu, 1e-9):>9.1f} {r.driver_cpu:>12.1f}", flush=True)
    print(f"\nspeed-up (2 workers / 1 worker, {args.n} articles): {runs[1].rate / runs[0].rate:.2f}")
    print("(wall-clock speed-up; on a machine shared with other jobs compare the load average above and the "
          "worker CPU seconds, which contention does not change)")
    # two workers each kept busy on their own core would do 2 x (articles per worker CPU second) per second
    one, two = (r.n / max(r.worker_cpu, 1e-9) for r in runs[:2])
    print(f"CPU-based speed-up (2 x art/CPU s with 2 workers / art/CPU s with 1 worker; what 2 idle cores would give "
          f"if the driver keeps both workers busy): {2 * two / one:.2f}")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

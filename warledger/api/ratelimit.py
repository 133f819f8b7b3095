"""A per-client token bucket for write requests (one bucket per client address).

Each client may burst ``burst`` writes, then ``per_minute`` writes a minute on average; a request
over the limit is a 429 with ``Retry-After``. In-process state: with several server workers each
holds its own buckets, which still bounds any one client.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

MAX_CLIENTS = 10_000  # buckets kept; the idlest are dropped beyond this, so spoofed addresses cannot grow memory


class TokenBucket:
    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if not math.isfinite(per_minute) or per_minute < 0:
            raise ValueError(f"write rate must be a finite number of writes per minute >= 0, not {per_minute!r}")
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, last refill time)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0.0 when ``client`` may write now (a token is spent), else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate if self.rate > 0 else float("inf")
            if len(self._buckets) > MAX_CLIENTS:
                for key, _ in sorted(self._buckets.items(), key=lambda kv: kv[1][1])[: MAX_CLIENTS // 10]:
                    del self._buckets[key]
        return wait

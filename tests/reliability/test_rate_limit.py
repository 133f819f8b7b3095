"""The per-client token bucket on writes: the bucket's arithmetic, then 429s from the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warledger.api import create_app
from warledger.api.ratelimit import TokenBucket

TOKEN = "rate-token-31c9"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("per_minute", "burst", "steps", "expected"), [
    # steps: (seconds to advance, client); expected: allowed (True) or throttled (False)
    (60, 2, [(0, "a"), (0, "a"), (0, "a")], [True, True, False]),
    (60, 2, [(0, "a"), (0, "a"), (1.0, "a"), (0, "a")], [True, True, True, False]),
    (60, 1, [(0, "a"), (0, "b"), (0, "a"), (0, "b")], [True, True, False, False]),  # one bucket per client
    (6, 1, [(0, "a"), (5, "a"), (5, "a")], [True, False, True]),  # 6 a minute: one every 10 s
    (60, 3, [(0, "a"), (0, "a"), (0, "a"), (3600, "a"), (0, "a"), (0, "a"), (0, "a"), (0, "a")],
     [True, True, True, True, True, True, False, False]),  # an idle hour refills only up to the burst
])
def test_token_bucket(per_minute: float, burst: int, steps: list[tuple[float, str]], expected: list[bool]) -> None:
    clock = FakeClock()
    bucket = TokenBucket(per_minute, burst, clock=clock)
    allowed = []
    for advance, client in steps:
        clock.now += advance
        allowed.append(bucket.take(client) == 0.0)
    assert allowed == expected


def test_wait_says_when_the_next_token_arrives() -> None:
    clock = FakeClock()
    bucket = TokenBucket(6, 1, clock=clock)
    assert bucket.take("a") == 0.0
    assert bucket.take("a") == pytest.approx(10.0)
    clock.now += 4
    assert bucket.take("a") == pytest.approx(6.0)


def test_the_app_answers_429_with_retry_after_past_the_burst(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'l.sqlite'}", token=TOKEN, writes_per_minute=1, write_burst=3)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        codes = [client.post("/api/articles", json={"text": ""}, headers=auth).status_code for _ in range(3)]
        assert 429 not in codes
        throttled = client.post("/api/articles", json={"text": ""}, headers=auth)
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
        # guessing tokens is throttled too, and reads are never limited
        assert client.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer no"}).status_code \
            == 429
        assert all(client.get("/api/events").status_code == 200 for _ in range(10))


def test_limit_off_with_zero(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'l.sqlite'}", token=TOKEN, writes_per_minute=0)
    with TestClient(app) as client:
        codes = {client.post("/api/articles", json={"text": ""}).status_code for _ in range(100)}
        assert 429 not in codes

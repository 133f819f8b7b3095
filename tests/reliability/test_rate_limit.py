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


BAD_RATES = ["abc", "-5", "inf", "-inf", "nan", "1e999", "10 per minute", " "]


@pytest.mark.parametrize("value", BAD_RATES)
def test_a_bad_write_rate_variable_is_one_line_from_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          value: str) -> None:
    from click.testing import CliRunner

    import warledger.cli.serve as serve_module
    from warledger.cli import main

    served = []
    monkeypatch.setattr(serve_module, "_run", lambda *args: served.append(args))
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path / 'l.sqlite'}"],
                                env={"WARLEDGER_WRITES_PER_MINUTE": value})
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if not value.strip():  # an empty variable is unset: the default applies
        assert result.exit_code == 0 and served, result.output
        return
    assert result.exit_code == 2 and not served, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert len(lines) == 1 and "Traceback" not in result.output, lines
    assert lines[0].startswith("warledger: error: $WARLEDGER_WRITES_PER_MINUTE=")
    assert repr(value) in lines[0] and "not a valid write rate" in lines[0]


@pytest.mark.parametrize(("value", "limited"), [("0", False), ("30", True), ("2.5", True), ("", True)])
def test_good_write_rate_variables_are_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str,
                                            limited: bool) -> None:
    monkeypatch.setenv("WARLEDGER_WRITES_PER_MINUTE", value)
    app = create_app(f"sqlite:///{tmp_path / 'l.sqlite'}", token=TOKEN)
    assert (app.state.write_limiter is not None) == limited
    if value not in ("", "0"):
        assert app.state.write_limiter.rate == pytest.approx(float(value) / 60)


@pytest.mark.parametrize("value", [*BAD_RATES[:-1], -1.0, float("nan"), float("inf")])
def test_create_app_refuses_a_bad_write_rate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             value: str | float) -> None:
    monkeypatch.delenv("WARLEDGER_WRITES_PER_MINUTE", raising=False)
    with pytest.raises(ValueError, match="not a valid write rate") as info:
        create_app(f"sqlite:///{tmp_path / 'l.sqlite'}", token=TOKEN, writes_per_minute=value)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)
    monkeypatch.setenv("WARLEDGER_WRITES_PER_MINUTE", str(value))
    with pytest.raises(ValueError, match=r"^\$WARLEDGER_WRITES_PER_MINUTE="):
        create_app(f"sqlite:///{tmp_path / 'l.sqlite'}", token=TOKEN)


@pytest.mark.parametrize("rate", [-1.0, float("nan"), float("inf")])
def test_the_token_bucket_refuses_a_rate_it_cannot_count_with(rate: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        TokenBucket(rate, 10)


def test_serve_as_a_process_prints_no_traceback(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "WARLEDGER_WRITES_PER_MINUTE": "abc"}
    command = [str(Path(sys.executable).parent / "warledger"), "serve", "--db", f"sqlite:///{tmp_path / 'l.sqlite'}"]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "warledger: error: $WARLEDGER_WRITES_PER_MINUTE='abc' is not a valid write rate: expected a number of "
        "writes per minute >= 0 (0 turns the limit off)"], proc.stderr

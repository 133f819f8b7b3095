"""Ledgers for the API tests: a hand-written one with known figures, and the sample corpus.

Both are real SQLite files written through the real ``warledger.store.Ledger``; the sample
corpus goes through the whole pipeline (ingest, clean, extract, geocode, link, store) once per
test session.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import fixture_results
from fastapi.testclient import TestClient

from warledger.api import create_app

TOKEN = "test-token-7f3a9c1e"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written ledger (6 articles, 6 events), built once; copy it before writing to it."""
    from warledger.store import Ledger

    path = tmp_path_factory.mktemp("ledger") / "fixture.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    try:
        summary = ledger.add_results(fixture_results())
    finally:
        ledger.close()
    assert not summary.failed, summary.failed
    return path


@pytest.fixture
def fixture_db_copy(fixture_db: Path, tmp_path: Path) -> str:
    """A private copy of the hand-written ledger, for tests that write."""
    path = tmp_path / "ledger.sqlite"
    shutil.copy(fixture_db, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def client(fixture_db: Path) -> Iterator[TestClient]:
    """Reads against the hand-written ledger (token configured, reads open)."""
    with TestClient(create_app(f"sqlite:///{fixture_db}", token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus through the real pipeline into a SQLite ledger, once per session."""
    from warledger.api.demo import ingest_paths, sample_corpus_inputs
    from warledger.store import Ledger

    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    try:
        report = ingest_paths(ledger, sample_corpus_inputs())
    finally:
        ledger.close()
    assert report.stored > 0, report.errors
    return path


# --- a real server and a real browser, for the dashboard's browser tests ------------------------

CHROMIUM = "/usr/bin/chromium"
# keep chromium from reaching out to the network on its own
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(db_url: str, *, dashboard: bool = True, **app_options: Any) -> Iterator[str]:
    """``create_app(db_url, **app_options)`` under uvicorn in a thread on a free 127.0.0.1 port; yields its URL.

    ``dashboard=False`` for API-only clients, which do not need the npm map libraries installed."""
    import uvicorn

    from warledger.api.app import vendor_installed

    if dashboard and not vendor_installed():
        pytest.fail("warledger/api/static/vendor is missing: run scripts/install.sh (npm ci + copy_vendor.mjs)")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db_url, **app_options), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless chromium through Playwright, once per session (tests skip without it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()

"""Ledgers for the API tests: a hand-written one with known figures, and the sample corpus.

Both are real SQLite files written through the real ``warledger.store.Ledger``; the sample
corpus goes through the whole pipeline (ingest, clean, extract, geocode, link, store) once per
test session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import fixture_results
from api_live import CHROMIUM, CHROMIUM_ARGS, TOKEN
from fastapi.testclient import TestClient

from warledger.api import create_app


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

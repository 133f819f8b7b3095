"""A ledger filled with the realistic reports of tests/store/reports.py, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.store import Ledger


def _load_reports():  # type: ignore[no-untyped-def]
    name = "ledger_test_reports"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "store" / "reports.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def filled_ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}" if request.param == "sqlite" else request.getfixturevalue(
        "postgres_db")
    ledger = Ledger(url)
    summary = ledger.add_results(_load_reports().all_results())
    assert not summary.failed
    yield ledger
    ledger.close()

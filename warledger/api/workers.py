"""The app for ``warledger serve --workers N``: uvicorn starts N processes, each builds its own app.

uvicorn's worker processes import the app by name, so the parent hands its settings over in
environment variables (the token already travels in ``$WARLEDGER_API_TOKEN``). Each worker opens
its own ledger connection pool; SQLite in WAL mode serves readers in many processes at once.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

DB_ENV = "WARLEDGER_SERVE_DB"
PRIVATE_ENV = "WARLEDGER_SERVE_PRIVATE"
WORKERS_ENV = "WARLEDGER_SERVE_WORKERS"
FACTORY = "warledger.api.workers:app_from_env"


def default_workers() -> int:
    """One per core, at most 4: requests are CPU-bound in Python, and more processes only add memory."""
    return max(1, min(4, os.cpu_count() or 1))


def export_settings(db: str | None, private: bool, workers: int = 1) -> None:
    """Put the settings where the worker processes (children of this one) will read them."""
    os.environ[WORKERS_ENV] = str(workers)
    if db is None:
        os.environ.pop(DB_ENV, None)
    else:
        os.environ[DB_ENV] = db
    os.environ[PRIVATE_ENV] = "1" if private else ""


def app_from_env() -> FastAPI:
    """The app in one worker process, from the settings ``export_settings`` left."""
    from warledger.api import create_app
    from warledger.api.app import DEFAULT_WRITE_BURST, writes_per_minute_setting

    # each process keeps its own token bucket and the kernel spreads connections over the processes,
    # so each gets its share of the configured write rate: together they allow about what one would
    workers = max(1, int(os.environ.get(WORKERS_ENV) or 1))
    return create_app(os.environ.get(DB_ENV) or None, private_reads=os.environ.get(PRIVATE_ENV) == "1",
                      writes_per_minute=writes_per_minute_setting(None) / workers,
                      write_burst=max(1, DEFAULT_WRITE_BURST // workers))

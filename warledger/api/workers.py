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
FACTORY = "warledger.api.workers:app_from_env"


def default_workers() -> int:
    """One per core, at most 4: requests are CPU-bound in Python, and more processes only add memory."""
    return max(1, min(4, os.cpu_count() or 1))


def export_settings(db: str | None, private: bool) -> None:
    """Put the settings where the worker processes (children of this one) will read them."""
    if db is None:
        os.environ.pop(DB_ENV, None)
    else:
        os.environ[DB_ENV] = db
    os.environ[PRIVATE_ENV] = "1" if private else ""


def app_from_env() -> FastAPI:
    """The app in one worker process, from the settings ``export_settings`` left."""
    from warledger.api import create_app

    return create_app(os.environ.get(DB_ENV) or None, private_reads=os.environ.get(PRIVATE_ENV) == "1")

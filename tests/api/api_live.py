"""A real server for the API tests (uvicorn on a free 127.0.0.1 port) and the constants they share.

In a module of its own, not in conftest.py: test files import these by name, and ``from conftest
import ...`` picks whichever conftest.py pytest loaded last when several test folders run together.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from warledger.api import create_app

TOKEN = "test-token-7f3a9c1e"

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

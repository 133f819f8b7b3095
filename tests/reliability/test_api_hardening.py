"""The API's edges: SQL injection strings in every query parameter, CORS, write auth, caps, token hygiene.

Every GET endpoint and parameter is taken from the app's own OpenAPI schema, so a filter added
later is covered without editing this file.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from small_ledger import ledger_of

from warledger.api import create_app

TOKEN = "hardening-token-5b1e"
INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    "x' UNION SELECT id, text FROM article_versions --",
    "%' OR 1=1 --",
    "\") OR 1=1 --",
    "1 OR 1=1",
    "Mali:OR:country=Mali' OR 'a'='a",
    "\x00",
    "' ; ATTACH DATABASE '/tmp/pwn.sqlite' AS pwn; --",
]
ARTICLES = [
    "Shelling killed at least 12 civilians in Kharkiv on Tuesday, the regional governor said.",
    "Militants killed five soldiers in an ambush near Gao in northern Mali on Monday, the army said.",
]


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "ledger.sqlite"
    ledger_of(path, ARTICLES)
    return path


@pytest.fixture(scope="module")
def client(ledger_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{ledger_path}", token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def get_endpoints(client: TestClient) -> list[tuple[str, list[str]]]:
    schema = client.get("/openapi.json").json()
    found = []
    for path, ops in schema["paths"].items():
        op = ops.get("get")
        if op is None:
            continue
        names = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
        found.append((path, names))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_injection_strings_in_every_query_parameter(client: TestClient, ledger_path: Path) -> None:
    before = table_counts(ledger_path)
    endpoints = get_endpoints(client)
    assert len(endpoints) >= 5
    tried = 0
    for path, params in endpoints:
        for name in [*params, "country", "event_type"]:
            for value in INJECTIONS:
                response = client.get(concrete(path), params={name: value})
                tried += 1
                assert response.status_code < 500, (path, name, value, response.text[:300])
                if response.status_code == 200 and "json" in response.headers.get("content-type", ""):
                    body = response.text
                    assert "article_versions" not in body and "sqlite_master" not in body
    assert tried > 100
    assert table_counts(ledger_path) == before
    assert not Path("/tmp/pwn.sqlite").exists()


def test_an_injected_filter_matches_nothing_rather_than_everything(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    assert everything["total"] if "total" in everything else everything
    for value in ["' OR '1'='1", "%' OR 1=1 --", "1 OR 1=1"]:
        response = client.get("/api/events", params={"country": value})
        assert response.status_code in (200, 400, 422)
        if response.status_code == 200:
            data = response.json()
            events = data.get("events", data.get("items", data)) if isinstance(data, dict) else data
            assert not events, (value, str(data)[:200])


def test_writes_need_the_bearer_token_and_the_token_is_never_logged(
        client: TestClient, caplog: pytest.LogCaptureFixture, ledger_path: Path) -> None:
    before = table_counts(ledger_path)
    body = {"text": ARTICLES[0] + " Two more died later.", "published": "2026-03-11"}
    caplog.set_level(logging.DEBUG)
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/articles", json=body,
                       headers={"Authorization": f"Bearer {TOKEN[:-1]}"}).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert table_counts(ledger_path) == before
    assert TOKEN not in caplog.text


def test_no_writes_at_all_without_an_operator_token(ledger_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{ledger_path}", token=""), raise_server_exceptions=False) as c:
        response = c.post("/api/articles", json={"text": ARTICLES[0]}, headers={"Authorization": "Bearer "})
        assert response.status_code in (401, 403)


def test_cors_is_closed_to_foreign_origins(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/api/events", headers=origin).headers
    preflight = client.options("/api/articles", headers={**origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in preflight.headers


def test_body_and_page_size_caps(ledger_path: Path) -> None:
    app = create_app(f"sqlite:///{ledger_path}", token=TOKEN, max_body_bytes=4096)
    with TestClient(app, raise_server_exceptions=False) as c:
        big = {"text": "Shelling killed 12 civilians. " * 1000}
        response = c.post("/api/articles", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 413
        for params in ({"size": 10**9}, {"size": -1}, {"size": "abc"}, {"page": -5}, {"page": 10**30},
                       {"limit": 10**9}):
            response = c.get("/api/events", params=params)
            assert response.status_code in (200, 400, 422), (params, response.text[:200])
            if response.status_code == 200:
                data = response.json()
                events = data.get("events", []) if isinstance(data, dict) else data
                assert len(events) <= 1000
        assert c.get("/api/gedevents/25.1", params={"pagesize": 10**6}).status_code in (200, 400, 422)


def test_malformed_bodies_are_4xx_not_500(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for body in [b"", b"{", b"[" * 100_000, b'{"text": 5}', b"\xff\xfe\x00", b"null", b'{"text": "' + b"a" * 10 + b'"',
                 b'[{"text": "x"}, 7]', b'{"text": "\\ud800"}']:
        response = client.post("/api/articles", content=body, headers=auth)
        assert 400 <= response.status_code < 500, (body[:40], response.status_code, response.text[:200])

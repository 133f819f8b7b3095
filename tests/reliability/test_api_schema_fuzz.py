"""Schemathesis against the app's OpenAPI schema: no 5xx and declared response schemas honoured.

A real SQLite ledger holding a few ingested articles; every operation in the schema, GETs and
``POST /api/articles`` without and with the operator's token (so generated bodies go through the
whole write path). Bounded here: 26 generated requests per operation and credential variant (13 that
fit the schema, 13 that break it), fixed seed. ``benchmarks/schemathesis_run.py`` runs the same
thing deeper with fresh seeds.
"""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from schema_fuzz import SchemaFuzzReport, format_report, fuzz_api_schema
from small_ledger import ledger_of

from warledger.api import create_app

TOKEN = "schema-fuzz-token-0c4d"
ARTICLES = [
    "Shelling killed at least 12 civilians in Kharkiv on Tuesday, the regional governor said.",
    "Militants killed five soldiers in an ambush near Gao in northern Mali on Monday, the army said.",
    "An air strike on a market in El Fasher killed 23 people and wounded dozens on Sunday, medics said.",
]


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ledger_of(tmp_path_factory.mktemp("schema-fuzz") / "ledger.sqlite", ARTICLES)


@pytest.fixture(scope="module")
def report(ledger_url: str) -> SchemaFuzzReport:
    # writes unthrottled: the rate limit has its own tests, and 429s would hide what the write path does
    app = create_app(ledger_url, token=TOKEN, writes_per_minute=0)
    with TestClient(app):  # run the lifespan, as a server would
        return fuzz_api_schema(app, TOKEN, max_examples=13, seed=0)


def test_every_operation_is_exercised(report: SchemaFuzzReport) -> None:
    labels = {run.label for run in report.runs}
    assert {"GET /api/events", "GET /api/events/{event_id}", "GET /api/articles/{article_id}",
            "POST /api/articles", "GET /api/stats/summary", "GET /api/export"} <= labels
    assert all(not label.startswith("GET") or label in labels for label in labels)
    variants = {run.variant for run in report.runs if run.label == "POST /api/articles"}
    assert variants == {"anonymous", "with token"}
    assert report.cases >= 150, format_report(report)


def test_no_server_errors_and_responses_match_their_schemas(report: SchemaFuzzReport) -> None:
    assert report.server_errors() == 0 and not report.failures, format_report(report)


def test_writes_need_the_token_and_generated_articles_get_through(report: SchemaFuzzReport) -> None:
    runs = {run.variant: run for run in report.runs if run.label == "POST /api/articles"}
    assert set(runs["anonymous"].statuses) == {401}, runs["anonymous"].statuses
    assert runs["with token"].statuses[200] > 0 and 401 not in runs["with token"].statuses


# Regressions found by the schemathesis run


def test_422_bodies_match_the_declared_validation_error_schema(ledger_url: str) -> None:
    # the schema declared FastAPI's default 422 body ({"detail": [errors]}) while api/errors.py writes
    # {"detail": "one line", "errors": [...]}: every 422 broke the published contract
    with TestClient(create_app(ledger_url, token=TOKEN)) as client:
        declared = client.get("/openapi.json").json()["components"]["schemas"]["HTTPValidationError"]
        assert declared["properties"]["detail"]["type"] == "string" and declared["required"] == ["detail"]
        for response in (client.get("/api/events", params={"size": "-1"}),
                         client.get("/api/events", params={"cursor": "not-a-cursor"}),
                         client.post("/api/articles", content=b"[1]", headers={"Authorization": f"Bearer {TOKEN}"})):
            assert response.status_code == 422, response.text
            body = response.json()
            assert isinstance(body["detail"], str) and body["detail"] and "\n" not in body["detail"]
            assert set(body) <= set(declared["properties"])
            assert all(isinstance(e, dict) and set(e) <= {"loc", "msg", "type"} for e in body.get("errors", []))


@pytest.mark.parametrize(("params", "status"), [
    # found by benchmarks/schemathesis_run.py: the keyset-page query bound the offset (page-1)*size to SQLite,
    # which overflowed (500), and a page past 64 bits broke the JSON encoder (500)
    ({"page": 10**30}, 422),
    ({"page": 2**63 - 1, "size": 500}, 200),
    ({"page": 2**62}, 200),
    # a hand-made cursor whose fatalities cannot be bound
    ({"sort": "-fatalities", "cursor": base64.urlsafe_b64encode(
        b'["-fatalities", 99999999999999999999999999, "2026-01-01", "x"]').decode().rstrip("=")}, 422),
])
def test_absurd_pages_and_cursors_are_not_server_errors(ledger_url: str, params: dict, status: int) -> None:
    with TestClient(create_app(ledger_url, token=TOKEN), raise_server_exceptions=False) as client:
        response = client.get("/api/events", params=params)
    assert response.status_code == status, response.text[:200]
    if status == 200:
        assert response.json()["events"] == []
    else:
        assert "page" in response.json()["detail"] or "cursor" in response.json()["detail"]

"""POST /api/articles: the operator's bearer token, body checks, private reads, and real ingestion."""

from __future__ import annotations

import json

import pytest
from api_live import TOKEN
from fastapi.testclient import TestClient

from warledger.api import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}

# written for these tests: a realistic wire report the pipeline can read
ARTICLE = {
    "id": "api-post-kramatorsk",
    "title": "Rocket strike on Kramatorsk railway station kills nine",
    "published": "2024-03-19",
    "outlet": "Donbas Courier",
    "url": "https://donbas-courier.example.com/2024/03/19/kramatorsk-station",
    "text": (
        "KRAMATORSK, Ukraine — Nine civilians were killed and at least 25 wounded when a rocket hit the railway "
        "station in Kramatorsk on Monday evening, the head of the Donetsk regional administration said on Tuesday.\n\n"
        "Hundreds of people had gathered on the platforms waiting for an evacuation train to the west. "
        "Police said the rocket carried cluster munitions."
    ),
}


@pytest.fixture
def writer(fixture_db_copy):
    with TestClient(create_app(fixture_db_copy, token=TOKEN)) as c:
        yield c


def test_writes_are_refused_without_a_configured_token(fixture_db_copy, monkeypatch):
    monkeypatch.delenv("WARLEDGER_API_TOKEN", raising=False)
    with TestClient(create_app(fixture_db_copy)) as c:
        r = c.post("/api/articles", json=ARTICLE, headers=AUTH)
        assert r.status_code == 403
        assert "WARLEDGER_API_TOKEN" in r.json()["detail"]
        assert c.get("/api/events").json()["total"] == 6  # nothing was written


def test_token_from_the_environment(fixture_db_copy, monkeypatch):
    monkeypatch.setenv("WARLEDGER_API_TOKEN", TOKEN)
    with TestClient(create_app(fixture_db_copy)) as c:
        assert c.post("/api/articles", content=b"{}", headers=AUTH).status_code == 422  # past the token check
        assert c.post("/api/articles", content=b"{}").status_code == 401


@pytest.mark.parametrize(
    "headers, detail",
    [
        ({}, "need an 'Authorization: Bearer <token>' header"),
        ({"Authorization": "Bearer wrong-token"}, "the bearer token is not valid"),
        ({"Authorization": f"Bearer {TOKEN}x"}, "the bearer token is not valid"),
        ({"Authorization": f"Basic {TOKEN}"}, "need an 'Authorization: Bearer <token>' header"),
    ],
)
def test_missing_or_wrong_token_is_401(writer, headers, detail):
    r = writer.post("/api/articles", json=ARTICLE, headers=headers)
    assert r.status_code == 401
    assert detail in r.json()["detail"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in r.text
    assert writer.get("/api/events").json()["total"] == 6


@pytest.mark.parametrize(
    "body, detail",
    [
        (b"", "request body is empty"),
        (b"text=hello", "request body is not valid JSON"),
        (b'["a", "b"]', "request body must be a JSON object"),
        (b'{"title": "No text here"}', "body field 'text': Field required"),
        (b'{"text": ""}', "body field 'text': String should have at least 1 character"),
        (b'{"text": "Clashes resumed.", "published": "19 March"}', "body field 'published'"),
        (b'{"articles": []}', "'articles' must be a non-empty list"),
        (b'{"articles": "Clashes resumed."}', "'articles' must be a non-empty list"),
    ],
)
def test_bad_bodies_are_422(writer, body, detail):
    r = writer.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422
    assert detail in r.json()["detail"]


def test_body_size_is_capped(fixture_db_copy):
    with TestClient(create_app(fixture_db_copy, token=TOKEN, max_body_bytes=2000)) as c:
        big = {"text": "Shelling continued overnight. " * 200}
        r = c.post("/api/articles", json=big, headers=AUTH)
        assert r.status_code == 413
        assert "2000-byte limit" in r.json()["detail"]


def test_private_reads_need_the_token(fixture_db_copy):
    with TestClient(create_app(fixture_db_copy, token=TOKEN, private_reads=True)) as c:
        for path in ("/api/events", "/api/stats/summary", "/api/map/points", "/api/export?format=jsonl",
                     "/api/articles/tavush-clash"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401, path
            assert c.get(path, headers=AUTH).status_code == 200, path
        assert c.get("/docs").status_code == 200  # the page shell holds no data


def test_post_one_article_through_the_pipeline(writer):
    r = writer.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["received"], body["ingested"], body["failed"]) == (1, 1, 0)
    stored = body["articles"][0]
    assert stored["given_id"] == "api-post-kramatorsk"
    article = writer.get(f"/api/articles/{stored['id']}").json()
    assert article["title"] == ARTICLE["title"]
    assert "railway station in Kramatorsk" in article["text"]
    assert writer.get("/api/stats/summary").json()["articles"] == 7
    # the same article again changes nothing
    again = writer.post("/api/articles", json=ARTICLE, headers=AUTH).json()
    assert again["ledger"]["duplicates"] == 1
    assert writer.get("/api/stats/summary").json()["articles"] == 7


def test_a_bad_item_does_not_stop_a_batch(writer):
    batch = {"articles": [
        ARTICLE,
        {"id": "no-text", "title": "Empty"},
        {"id": "bad-date", "text": "Clashes resumed near the border.", "published": "yesterday"},
    ]}
    r = writer.post("/api/articles", content=json.dumps(batch), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["received"], body["ingested"], body["failed"]) == (3, 1, 2)
    assert [(e["index"], e["id"]) for e in body["errors"]] == [(1, "no-text"), (2, "bad-date")]
    assert "body field 'articles[1].text': Field required" in body["errors"][0]["message"]


def test_pipeline_errors_in_a_batch_are_reported_for_their_own_article(writer, monkeypatch):
    # the batch goes through process_documents_batch: an article the cleaner refuses (a publication date outside
    # the plausible years, an HTML page with no article) and an article that hits a bug are each reported alone
    import warledger.pipeline

    real_geocode = warledger.pipeline.geocode_events

    def geocode_with_a_bug(article, events):
        if article.title == "Bug trigger":
            raise KeyError("gazetteer row")
        return real_geocode(article, events)

    monkeypatch.setattr(warledger.pipeline, "geocode_events", geocode_with_a_bug)
    second = {**ARTICLE, "id": "second-report", "title": "Second report on the Kramatorsk strike",
              "text": ARTICLE["text"].replace("Nine civilians", "Ten civilians")}
    batch = {"articles": [
        {**ARTICLE, "id": "too-old", "published": "1650-03-19"},
        ARTICLE,
        {"id": "empty-page", "format": "html", "text": "<html><body><nav>Home</nav></body></html>"},
        {**ARTICLE, "id": "bug", "title": "Bug trigger"},
        second,
    ]}
    r = writer.post("/api/articles", json=batch, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["received"], body["ingested"], body["failed"]) == (5, 2, 3), body
    assert [a["given_id"] for a in body["articles"]] == ["api-post-kramatorsk", "second-report"]
    assert all(a["events"] >= 1 for a in body["articles"])
    errors = {e["id"]: e["message"] for e in body["errors"]}
    assert [e["index"] for e in body["errors"]] == [0, 2, 3]
    assert "1650-03-19" in errors["too-old"] and "\n" not in errors["too-old"]
    assert errors["empty-page"] and "\n" not in errors["empty-page"]
    assert errors["bug"] == "internal error: KeyError"


def test_a_batch_larger_than_one_extraction_batch_keeps_every_article(writer):
    from warledger.pipeline import BATCH_SIZE

    articles = [{**ARTICLE, "id": f"copy-{i}", "url": f"https://donbas-courier.example.com/copy-{i}",
                 "text": ARTICLE["text"].replace("Nine civilians", f"{i + 2} civilians")}
                for i in range(BATCH_SIZE + 3)]
    body = writer.post("/api/articles", json={"articles": articles}, headers=AUTH).json()
    assert body["ingested"] == BATCH_SIZE + 3 and body["failed"] == 0
    assert [a["given_id"] for a in body["articles"]] == [a["id"] for a in articles]

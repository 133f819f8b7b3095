"""Read endpoints against the hand-written ledger: filters, pagination, sorting, 404 and 422."""

from __future__ import annotations

import pytest


def ids(response) -> list[str]:
    return [e["id"] for e in response.json()["events"]]


def test_list_reports_total_page_and_size(client):
    r = client.get("/api/events")
    assert r.status_code == 200
    body = r.json()
    assert (body["total"], body["page"], body["size"]) == (6, 1, 50)
    assert len(body["events"]) == 6
    first = body["events"][0]
    # the output contract of a ledger event, plus the summed fatalities
    for key in ("id", "event_type", "date", "location", "casualties", "claims", "articles", "fatalities"):
        assert key in first


def test_pages_cover_every_event_once(client):
    seen = []
    for page in (1, 2, 3):
        r = client.get("/api/events", params={"size": 2, "page": page})
        assert r.json()["total"] == 6
        seen += ids(r)
    assert len(seen) == 6 and len(set(seen)) == 6
    assert ids(client.get("/api/events", params={"size": 2, "page": 4})) == []


@pytest.mark.parametrize(
    "params, problem",
    [
        ({"size": 501}, "query parameter 'size'"),
        ({"size": 0}, "query parameter 'size'"),
        ({"page": 0}, "query parameter 'page'"),
        ({"sort": "place"}, "query parameter 'sort'"),
        ({"date_from": "14/05/2024"}, "query parameter 'date_from': '14/05/2024' is not a date in YYYY-MM-DD form"),
        ({"date_from": "2024-06-01", "date_to": "2024-05-01"}, "2024-06-01 is after date_to 2024-05-01"),
        ({"bbox": "36,49,37"}, "query parameter 'bbox'"),
        ({"bbox": "36,50,37,49"}, "minlat 50 is greater than maxlat 49"),
        ({"min_fatalities": -1}, "query parameter 'min_fatalities'"),
        ({"min_fatalities": "many"}, "query parameter 'min_fatalities'"),
        ({"status": "rumoured"}, "query parameter 'status'"),
    ],
)
def test_bad_parameters_are_422_with_a_readable_message(client, params, problem):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and problem in detail
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "params, expected_places",
    [
        ({"country": "UA"}, ["Kharkiv", "Kharkiv"]),
        ({"country": "Ukraine"}, ["Kharkiv", "Kharkiv"]),
        ({"country": "Syria"}, ["Idlib"]),
        ({"event_type": "Battles"}, ["Tavush"]),
        ({"sub_event_type": "Air/drone strike"}, ["Idlib"]),
        ({"date_from": "2024-01-01", "date_to": "2024-05-31"}, ["Goma", "Kharkiv", None]),
        ({"bbox": "35.5,49.5,37,50.5"}, ["Kharkiv", "Kharkiv"]),
        ({"actor": "armenia"}, ["Tavush"]),
        ({"min_fatalities": 5}, ["Idlib", "Kharkiv"]),
        ({"q": "crowded market"}, ["Idlib"]),
        ({"status": "planned"}, [None]),
        ({"country": "UA", "min_fatalities": 10}, ["Kharkiv"]),
        ({"country": "Yemen"}, []),
        ({"country": "  ", "q": ""}, ["Goma", "Idlib", "Kharkiv", "Kharkiv", "Tavush", None]),  # blank = no filter
    ],
)
def test_filters(client, params, expected_places):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    places = sorted((e["location"] or {}).get("name") or "~" for e in body["events"])
    assert places == sorted(p or "~" for p in expected_places)
    assert body["total"] == len(expected_places)


def test_sort_by_fatalities_and_date(client):
    most = client.get("/api/events", params={"sort": "-fatalities"}).json()["events"]
    assert [e["fatalities"] for e in most][:3] == [14, 7, 4]
    least = client.get("/api/events", params={"sort": "fatalities"}).json()["events"]
    assert least[-1]["fatalities"] == 14
    oldest = client.get("/api/events", params={"sort": "date"}).json()["events"]
    assert oldest[0]["date"]["start"] == "2020-07-13"
    newest = client.get("/api/events").json()["events"]
    assert newest[0]["date"]["start"] == "2024-06-07"


def test_event_detail_keeps_conflicting_claims_side_by_side(client):
    kharkiv = client.get("/api/events", params={"country": "UA", "min_fatalities": 1}).json()["events"][0]
    r = client.get(f"/api/events/{kharkiv['id']}")
    assert r.status_code == 200
    ev = r.json()
    assert sorted(ev["articles"]) == ["kharkiv-daily", "kharkiv-wire"]
    killed = sorted((c["best"], c["claimed_by"], c["outlet"]) for c in ev["claims"] if c["kind"] == "killed")
    assert killed == [(12, "regional governor Oleh Syniehubov", "Eastern Wire"),
                      (14, "Ukraine's interior ministry", "Kyiv Daily")]
    wire = next(c for c in ev["claims"] if c["article_id"] == "kharkiv-wire" and c["kind"] == "killed")
    assert wire["evidence"][0]["text"] == "At least 12 civilians were killed"
    assert ev["fatalities"] == 14


def test_materiel_claims_are_listed(client):
    tavush = client.get("/api/events", params={"event_type": "Battles"}).json()["events"][0]
    ev = client.get(f"/api/events/{tavush['id']}").json()
    materiel = [c for c in ev["claims"] if c.get("materiel")]
    assert [(c["kind"], c["count"], c["outcome"], c["claimed_by"]) for c in materiel] == [
        ("armoured vehicle", 1, "destroyed", "Baku")]


def test_unknown_event_is_404(client):
    r = client.get("/api/events/ev-does-not-exist")
    assert r.status_code == 404
    assert r.json()["detail"] == "no event with id 'ev-does-not-exist'"


def test_article_text_and_metadata(client):
    r = client.get("/api/articles/tavush-clash")
    assert r.status_code == 200
    a = r.json()
    assert a["id"] == "tavush-clash"
    assert a["title"] == "Four Armenian soldiers killed in border clash"
    assert a["outlet"] == "Caucasus Monitor"
    assert a["published"] == "2020-07-14"
    assert "Four Armenian servicemen were killed" in a["text"]
    assert a["captions"] == [] and a["removed"] == []


def test_evidence_offsets_index_the_article_text(client):
    ev = client.get("/api/events", params={"q": "crowded market"}).json()["events"][0]
    claim = ev["claims"][0]
    text = client.get(f"/api/articles/{claim['article_id']}").json()["text"]
    for e in claim["evidence"]:
        assert text[e["start"]:e["end"]] == e["text"]


def test_unknown_article_is_404(client):
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404
    assert "no-such-article" in r.json()["detail"]


def test_map_points_cover_events_with_a_place(client):
    body = client.get("/api/map/points").json()
    assert body["total"] == 6 and body["without_location"] == 1 and body["truncated"] is False
    assert body["loaded"] == 6
    assert body["fields"] == ["id", "lat", "lon", "event_type", "fatalities"]
    assert len(body["points"]) == 5
    ukraine = {e["id"] for e in client.get("/api/events", params={"country": "UA"}).json()["events"]}
    kharkiv = [p for p in body["points"] if p[0] in ukraine]
    assert len(kharkiv) == 2 and all(abs(p[1] - 49.98) < 0.01 for p in kharkiv)
    assert client.get("/api/map/points", params={"country": "SY"}).json()["points"][0][4] == 7


def test_map_points_over_the_limit_are_the_newest(client):
    body = client.get("/api/map/points", params={"limit": 3}).json()
    assert (body["total"], body["loaded"], body["truncated"]) == (6, 3, True)
    newest = [e["id"] for e in client.get("/api/events", params={"size": 3}).json()["events"]]
    assert {p[0] for p in body["points"]} <= set(newest)
    assert len(body["points"]) + body["without_location"] == 3
    assert client.get("/api/map/points", params={"limit": 0}).status_code == 422


def test_timeline_by_day_and_week(client):
    r = client.get("/api/stats/timeline")
    assert r.status_code == 200
    rows = r.json()["rows"]
    assert sum(row["events"] for row in rows) == 6
    assert {"period": "2024-05-14", "event_type": "Explosions/Remote violence", "events": 1,
            "fatalities": 14} in rows
    weeks = client.get("/api/stats/timeline", params={"bucket": "week", "country": "UA"}).json()
    assert weeks["bucket"] == "week"
    # ISO weeks start on Monday: Tuesday 14 May 2024 falls in the week of Monday 13 May
    assert [(w["period"], w["events"]) for w in weeks["rows"]] == [("2024-05-13", 1), ("2024-06-03", 1)]
    assert client.get("/api/stats/timeline", params={"bucket": "fortnight"}).status_code == 422


def test_summary(client):
    s = client.get("/api/stats/summary").json()
    assert (s["events"], s["fatalities"], s["articles"]) == (6, 25, 6)
    assert (s["date_min"], s["date_max"]) == ("2020-07-13", "2024-06-07")
    ukraine = next(c for c in s["countries"] if c["country"] == "Ukraine")
    assert ukraine["events"] == 2
    assert client.get("/api/stats/summary", params={"country": "AM"}).json()["fatalities"] == 4


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/stats/timeline", "/api/stats/summary", "/api/export"):
        assert path in spec["paths"]
    assert "ArticleIn" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()


def test_dashboard_page_is_served_with_a_strict_policy(client):
    from warledger.api.app import vendor_installed

    r = client.get("/")
    if not vendor_installed():
        assert r.status_code == 503 and "scripts/install.sh" in r.text
        return
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert '<div id="map"' in r.text
    for asset in ("/static/app.js", "/static/style.css", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/world-atlas/countries-110m.json"):
        assert client.get(asset).status_code == 200, asset

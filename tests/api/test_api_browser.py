"""The dashboard in a real browser: Debian's chromium driven by Playwright, against the real server.

The server is uvicorn on a free 127.0.0.1 port over a SQLite ledger holding the sample corpus
(through the whole pipeline) plus one article quoting hostile markup. Each test saves a
screenshot under test-output/browser/ for people to look at.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_live import CHROMIUM, TOKEN, live_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus plus the article that quotes <script> and <img onerror> markup."""
    from api_fixtures import fixture_results

    from warledger.store import Ledger

    path = tmp_path_factory.mktemp("browser") / "ledger.sqlite"
    shutil.copy(sample_db, path)
    ledger = Ledger(f"sqlite:///{path}")
    try:
        defaced = [r for r in fixture_results() if r.article.id == "kharkiv-defaced"]
        assert not ledger.add_results(defaced).failed
    finally:
        ledger.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def server(browser_db: str) -> Iterator[str]:
    """The real app under uvicorn in a thread; yields its base URL."""
    with live_server(browser_db) as url:
        yield url


@pytest.fixture
def page(browser, server, request) -> Iterator[object]:
    """A fresh page on the dashboard; fails the test on any console error or page error."""
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog opened: {d.message}"), d.dismiss()))
    # anything not served by our own server would be a CDN or tile request: record and block it
    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            problems.append(f"external request: {route.request.url}")
            route.abort()
    pg.route("**/*", guard)
    pg.problems = problems
    yield pg
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert problems == []


def api(server: str, path: str, **params) -> dict:
    return httpx.get(server + path, params=params, timeout=30).json()


def open_dashboard(page, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector("#map[data-status=ready]", timeout=20_000)
    page.wait_for_selector("#events-body[data-status=ready]", timeout=20_000)
    page.wait_for_selector("#timeline[data-status=ready]", timeout=20_000)
    wait_for_refresh(page, 0)


def markers_on_map(page) -> int:
    """Events the map shows: single markers plus the totals written on cluster icons."""
    return page.evaluate("""() => {
        let n = document.querySelectorAll('#map .ev-marker').length;
        for (const c of document.querySelectorAll('#map .ev-cluster')) n += Number(c.dataset.count);
        return n;
    }""")


def clickable(page, selector: str) -> int | None:
    """Index of the first ``#map`` element matching ``selector`` that a click on its centre reaches
    (not under another marker, the legend or the page header)."""
    return page.evaluate("""(selector) => {
        const nodes = [...document.querySelectorAll('#map ' + selector)];
        const i = nodes.findIndex((n) => {
            const r = n.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            const wrapper = hit && hit.classList.contains('leaflet-marker-icon') && hit.contains(n);
            return hit && (hit === n || n.contains(hit) || wrapper);
        });
        return i < 0 ? null : i;
    }""", selector)


def loaded(page) -> int:
    return int(page.get_attribute("body", "data-loaded") or 0)


def wait_for_refresh(page, before: int) -> None:
    """Wait until the dashboard has finished a refresh started after ``before`` (a ``loaded`` value)."""
    # polled from here: wait_for_function would need eval, which the dashboard's CSP forbids
    deadline = time.monotonic() + 20
    while loaded(page) <= before:
        assert time.monotonic() < deadline, "the dashboard did not refresh"
        page.wait_for_timeout(50)
    page.wait_for_selector("#map[data-status=ready]", timeout=20_000)


def timeline_bars_match_the_api(page, server: str) -> None:
    """Each bar of the timeline is one row of /api/stats/timeline for the period and bucket it shows.

    The dashboard sums the bootstrap's daily rows into weeks or months itself; this checks that its
    sums and periods are the server's, bar by bar (period, type and count, from each bar's title).
    """
    shown = {"bucket": page.get_attribute("#timeline", "data-bucket"),
             "date_from": page.get_attribute("#timeline", "data-from"),
             "date_to": page.get_attribute("#timeline", "data-to")}
    rows = api(server, "/api/stats/timeline", **shown)["rows"]
    suffix = "" if shown["bucket"] == "day" else f" ({shown['bucket']})"
    expected = sorted(f"{r['period']}{suffix} · {r['event_type'] or 'Unclassified'}: {r['events']:,}"
                      for r in rows if r["events"])
    titles = page.locator("#timeline svg g.bars rect title").all_text_contents()
    assert expected and sorted(titles) == expected


def test_map_shows_as_many_events_as_the_api(page, server):
    open_dashboard(page, server)
    points = api(server, "/api/map/points")
    total = api(server, "/api/events", size=1)["total"]
    assert total > 10 and len(points["points"]) > 10
    assert markers_on_map(page) == len(points["points"])
    assert points["total"] == total
    assert page.text_content("#table-count") == f"{total:,} events"
    assert page.text_content("#kpi-events") == f"{total:,}"
    # the basemap is drawn from the bundled country outlines, not tiles
    assert page.locator("#map path.leaflet-interactive, #map canvas").count() > 0
    assert page.locator("#map img.leaflet-tile").count() == 0


def test_clicking_a_marker_opens_the_detail_with_highlighted_evidence(page, server):
    open_dashboard(page, server)
    for _ in range(8):  # zoom into clusters until single markers show
        if clickable(page, ".ev-marker") is not None:
            break
        page.locator("#map .ev-cluster").nth(clickable(page, ".ev-cluster")).click()
        page.wait_for_timeout(700)
    marker = page.locator("#map .ev-marker").nth(clickable(page, ".ev-marker"))
    event_id = marker.get_attribute("data-id")
    marker.click()
    page.wait_for_selector("#detail[data-status=ready]", timeout=20_000)
    event = api(server, f"/api/events/{event_id}")
    assert page.get_attribute("#detail", "data-id") == event_id
    assert page.locator("#detail table.claims tbody tr").count() == len(event["claims"])
    assert page.locator("#detail article.article").count() == len(event["articles"])
    quoted = {e["text"] for c in event["claims"] for e in c["evidence"]} | {e["text"] for e in event["evidence"]}
    marks = page.locator("#detail .article-text mark").all_text_contents()
    assert marks, "no evidence highlighted"
    assert all(any(q in m or m in q for q in quoted) for m in marks)
    assert page.locator("#map .ev-marker.is-selected").count() == 1


def test_clicking_a_table_row_opens_its_event(page, server):
    open_dashboard(page, server, "?sort=-fatalities")
    row = page.locator("#events-body tr").first
    event_id = row.get_attribute("data-id")
    row.click()
    page.wait_for_selector("#detail[data-status=ready]", timeout=20_000)
    event = api(server, f"/api/events/{event_id}")
    assert event["fatalities"] == api(server, "/api/events", sort="-fatalities", size=1)["events"][0]["fatalities"]
    bests = page.locator("#detail table.claims td.best").all_text_contents()
    assert sorted(bests) == sorted(f"{c.get('count', c['best']):,}" for c in event["claims"])
    figures = page.locator("#detail .article-text mark.evidence").all_text_contents()
    quoted = " ".join(e["text"] for c in event["claims"] for e in c["evidence"])
    assert figures and all(f in quoted for f in figures)
    page.keyboard.press("Escape")
    assert page.locator("#detail").is_hidden()


def test_a_filter_changes_map_and_table(page, server):
    open_dashboard(page, server)
    before = markers_on_map(page)
    countries = [c for c in api(server, "/api/stats/summary")["countries"] if c["country"]]
    country = countries[1]["country"]  # not the largest, so the counts must change
    before_refresh = loaded(page)
    page.select_option("select[name=country]", country)
    wait_for_refresh(page, before_refresh)
    expected = api(server, "/api/events", country=country, size=1)["total"]
    on_map = len(api(server, "/api/map/points", country=country)["points"])
    assert markers_on_map(page) == on_map != before
    assert page.text_content("#table-count") == f"{expected:,} event{'s' if expected != 1 else ''}"
    assert all(country in t for t in page.locator("#events-body tr td:nth-child(3)").all_text_contents())
    assert f"country={country.replace(' ', '+')}" in page.url


def test_timeline_renders_and_brushing_filters(page, server):
    open_dashboard(page, server)
    timeline_bars_match_the_api(page, server)
    shown = {"bucket": page.get_attribute("#timeline", "data-bucket"),
             "date_from": page.get_attribute("#timeline", "data-from"),
             "date_to": page.get_attribute("#timeline", "data-to")}
    rows = api(server, "/api/stats/timeline", **shown)["rows"]
    # what the timeline leaves out (stragglers far from the rest) it says, and shows on request
    all_rows = api(server, "/api/stats/timeline", bucket="week")["rows"]
    hidden = sum(r["events"] for r in all_rows) - sum(r["events"] for r in rows)
    if hidden:
        assert f"{hidden} outlying event" in page.text_content("#timeline-hint")
    box = page.locator("#timeline svg").bounding_box()
    # drag across the right third of the plot
    y = box["y"] + box["height"] / 2
    before_refresh = loaded(page)
    page.mouse.move(box["x"] + box["width"] * 0.6, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
    page.mouse.up()
    wait_for_refresh(page, before_refresh)
    date_from = page.input_value("input[name=date_from]")
    date_to = page.input_value("input[name=date_to]")
    assert date_from and date_to and date_from <= date_to
    expected = api(server, "/api/events", date_from=date_from, date_to=date_to, size=1)["total"]
    assert page.text_content("#table-count").startswith(f"{expected:,} event")
    assert markers_on_map(page) == len(api(server, "/api/map/points", date_from=date_from, date_to=date_to)["points"])
    assert page.locator("#timeline svg rect.brush").count() == 1
    before_refresh = loaded(page)
    page.click("#timeline-clear")
    wait_for_refresh(page, before_refresh)
    assert page.input_value("input[name=date_from]") == ""


def test_the_dashboard_opens_with_one_api_request(page, server):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url[len(server):]) if r.url.startswith(server + "/api/") else None)
    open_dashboard(page, server, "?sort=-fatalities")
    assert len(asked) == 1 and asked[0].startswith("/api/dashboard/bootstrap?"), asked
    assert "sort=-fatalities" in asked[0] and "size=25" in asked[0]
    # everything on the first screen came with it: filter lists, figures, table
    summary = api(server, "/api/stats/summary")
    countries = [c for c in summary["countries"] if c["country"]]
    assert page.locator("select[name=country] option").count() == len(countries) + 1
    assert page.text_content("#kpi-events") == f"{summary['events']:,}"
    assert page.locator("#events-body tr").count() == min(25, summary["events"])
    # a filter change is again one request, now without the filter lists
    asked.clear()
    before = loaded(page)
    page.select_option("select[name=country]", countries[0]["country"])
    wait_for_refresh(page, before)
    assert len(asked) == 1 and asked[0].startswith("/api/dashboard/bootstrap?"), asked
    assert "options=false" in asked[0]


def test_article_markup_is_shown_as_text_and_never_runs(page, server):
    open_dashboard(page, server, "?q=northern+outskirts")
    assert page.text_content("#table-count") == "1 event"
    assert markers_on_map(page) == 1
    page.locator("#events-body tr").first.click()
    page.wait_for_selector("#detail[data-status=ready]", timeout=20_000)
    text = page.locator("#detail .article-text").first
    content = text.text_content()
    assert '<script>window.__warledgerXss = "script"</script>' in content
    assert "<img src=x onerror=" in content
    assert text.locator("script, img").count() == 0
    assert page.locator("#detail img, #detail script").count() == 0
    assert page.evaluate("window.__warledgerXss") is None
    assert page.locator("#detail .article-text mark.evidence").all_text_contents() == ["Two people were wounded"]
    assert page.locator("#detail .article-text mark.evidence-event").all_text_contents() == [
        "shelling of the city's northern outskirts"]


def test_narrow_screen_has_no_sideways_scroll(browser, server, request):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    open_dashboard(pg, server)
    assert pg.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    pg.locator("#events-body tr").first.click()
    pg.wait_for_selector("#detail[data-status=ready]", timeout=20_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    context.close()


def test_filters_that_match_nothing_say_so_everywhere(page, server):
    open_dashboard(page, server, "?q=no+article+says+this+phrase")
    assert page.text_content("#table-count") == "0 events"
    assert "No events match these filters" in page.text_content("#events-body")
    assert "No events match these filters" in page.text_content("#map-status")
    assert page.locator("#map-status button", has_text="Reset filters").count() == 1
    assert page.text_content("#timeline svg text.empty") == "No dated events match these filters"
    assert page.text_content("#kpi-events") == "0"
    # the filter lists still offer the whole ledger
    assert page.locator("select[name=country] option").count() > 2


def test_a_private_server_without_the_token_says_it_cannot_reach_the_api(browser, browser_db):
    with live_server(browser_db, token=TOKEN, private_reads=True) as url:
        context = browser.new_context(viewport={"width": 1440, "height": 960})
        pg = context.new_page()
        try:
            pg.goto(url + "/")
            pg.wait_for_selector("#toast:not([hidden])", timeout=20_000)
            assert pg.text_content("#map-status") == "Could not reach the warledger API"
            assert "401" in pg.text_content("#toast")
            assert pg.get_attribute("body", "data-loaded") is None
        finally:
            context.close()


def test_api_docs_work_offline(page, server):
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 8


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server over a ledger of 3,000 synthetic events (clustering at scale)."""
    from api_fixtures import synthetic_results, write_reconciled

    from warledger.store import Ledger

    path = tmp_path_factory.mktemp("crowded") / "ledger.sqlite"
    ledger = Ledger(f"sqlite:///{path}")
    try:
        assert write_reconciled(ledger, synthetic_results(3000, seed=11, days=700, spread=6.0)) == 3000
    finally:
        ledger.close()
    with live_server(f"sqlite:///{path}") as url:
        yield url


def test_thousands_of_events_cluster_to_the_api_count(browser, crowded_server, request):
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        open_dashboard(pg, crowded_server)
        total = api(crowded_server, "/api/events", size=1, total="exact")["total"]
        points = api(crowded_server, "/api/map/points")
        assert total == 3000 and points["total"] == total
        assert len(points["points"]) + points["without_location"] == total
        # every located event is on the map, as a marker or inside a cluster's total, and drawn as few elements
        assert markers_on_map(pg) == len(points["points"])
        drawn = pg.locator("#map .ev-marker, #map .ev-cluster").count()
        assert 0 < drawn < 300
        assert pg.get_attribute("#map", "data-points") == str(len(points["points"]))
        # 700 days: the timeline sums the daily rows into weeks, as the API does
        assert pg.get_attribute("#timeline", "data-bucket") == "week"
        timeline_bars_match_the_api(pg, crowded_server)
        # zooming in redraws: still every event in view accounted for, nothing drawn twice
        before = pg.locator("#map .ev-cluster").count()
        pg.locator("#map .ev-cluster").nth(clickable(pg, ".ev-cluster")).click()
        pg.wait_for_timeout(800)
        ids = pg.evaluate("() => [...document.querySelectorAll('#map .ev-marker')].map((n) => n.dataset.id)")
        assert len(ids) == len(set(ids))
        assert pg.locator("#map .ev-marker, #map .ev-cluster").count() > 0 and before > 0
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        context.close()
    assert errors == []


def test_table_pages_forward_and_back_by_cursor(browser, crowded_server):
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    pg = context.new_page()
    try:
        open_dashboard(pg, crowded_server)
        rows = "() => [...document.querySelectorAll('#events-body tr')].map((r) => r.dataset.id)"
        first = pg.evaluate(rows)
        assert len(first) == 25 and pg.text_content("#page-info") == "1–25 of 1,000+"  # a capped total
        seen = list(first)
        for n in (2, 3):
            pg.click("#page-next")
            deadline = time.monotonic() + 20
            while not pg.text_content("#page-info").startswith(f"{(n - 1) * 25 + 1}–"):
                assert time.monotonic() < deadline, "the next page did not load"
                pg.wait_for_timeout(50)
            seen += pg.evaluate(rows)
        expected = [e["id"] for e in api(crowded_server, "/api/events", size=75)["events"]]
        assert seen == expected
        pg.click("#page-prev")
        deadline = time.monotonic() + 20
        while not pg.text_content("#page-info").startswith("26–"):
            assert time.monotonic() < deadline, "the previous page did not load"
            pg.wait_for_timeout(50)
        assert pg.evaluate(rows) == expected[25:50]
    finally:
        context.close()

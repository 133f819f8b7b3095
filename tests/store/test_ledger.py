"""The ledger on SQLite and PostgreSQL: linking, reconciliation, idempotency, versions, queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
import reports
import sqlalchemy as sa

from warledger.contract import ledger_event_to_dict
from warledger.model import Article, ArticleResult, EventFilter, LedgerEvent
from warledger.store import Ledger, LedgerError


def event_of_report(ledger: Ledger) -> dict[tuple[str, str], str]:
    """(article id, extracted event id) -> ledger event id, from the stored claims and reports."""
    out = {}
    with ledger.engine.connect() as conn:
        for article_id, report_event_id, event_id in conn.execute(
                sa.text("SELECT article_id, report_event_id, event_id FROM reports WHERE superseded = false")):
            out[(article_id, report_event_id)] = event_id
    return out


def find(ledger: Ledger, **kw: object) -> LedgerEvent:
    [le] = ledger.query_events(EventFilter(**kw), limit=10)  # type: ignore[arg-type]
    return le


def test_overlapping_reports_become_single_events(ledger: Ledger) -> None:
    summary = ledger.add_results(reports.all_results())
    assert summary.stored == 10 and not summary.failed
    linked = event_of_report(ledger)
    assert set(linked) == set(reports.GOLD)
    # the partition of reports into ledger events is exactly the incidents of the gold
    for a in reports.GOLD:
        for b in reports.GOLD:
            assert (linked[a] == linked[b]) == (reports.GOLD[a] == reports.GOLD[b]), (a, b)
    assert ledger.count_events(EventFilter()) == len(set(reports.GOLD.values()))
    assert summary.events_created == len(set(reports.GOLD.values()))


def test_reconciled_figures_keep_conflicting_and_partisan_claims(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    le = find(ledger, country="AZ", date_to=dt.date(2024, 7, 13))
    by_key = {(c.kind, c.group, c.side): c for c in le.event.casualties}
    az_killed = by_key[("killed", "military", "Azerbaijan")]
    # the later ministry figure (4) replaces its earlier 3; Yerevan's 12 is partisan: kept, counted only in high
    assert (az_killed.low, az_killed.best, az_killed.high) == (4, 4, 12)
    claims = [c for c in le.claims if c.kind == "killed" and c.side == "Azerbaijan"]
    assert sorted((c.best, c.partisan) for c in claims) == [(3, False), (3, False), (4, False), (12, True), (12, True)]
    # Baku's claim about Armenian losses is the only figure for them: partisan, conservative
    am_killed = by_key[("killed", "military", "Armenia")]
    assert am_killed.best == 10 and all(c.partisan for c in le.claims if c.side == "Armenia" and c.kind == "killed")
    assert [m.kind for m in le.event.materiel] == ["armoured vehicle"]
    assert any(c.materiel and c.partisan for c in le.claims)
    # the wire story and its republication are one source, not two
    assert len(le.articles) == 4 and le.independent_sources == 3
    assert le.first_reported == dt.date(2024, 7, 13) and le.last_updated == dt.date(2024, 7, 14)
    assert le.event.location is not None and le.event.location.name == "Aghdam"  # the finer place wins
    assert le.updated_at is not None
    # a background mention of the 2020 war never joins the 2024 clash
    background = ledger.query_events(EventFilter(status="background"))
    assert len(background) == 1 and background[0].event.id != le.event.id


def test_later_report_raises_the_toll(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    le = find(ledger, country="Ukraine", event_type="Explosions/Remote violence", min_fatalities=1)
    killed = [c for c in le.event.casualties if c.kind == "killed"]
    assert [(c.low, c.best, c.high) for c in killed] == [(7, 7, 7)]
    assert sorted(c.best for c in le.claims if c.kind == "killed") == [5, 5, 7]
    doc = ledger_event_to_dict(le)
    assert doc["independent_sources"] == 3 and len(doc["claims"]) == 5


def test_ingesting_twice_changes_nothing(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    before = ledger.stats()
    docs = [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())]
    again = ledger.add_results(reports.all_results())
    assert again.duplicates == 10 and again.stored == 0 and again.events_created == again.events_updated == 0
    assert ledger.stats() == before
    assert [ledger_event_to_dict(le) for le in ledger.iter_events(EventFilter())] == docs


def test_fresh_ledgers_give_the_same_event_ids(ledger: Ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger.add_results(reports.all_results())
    other = Ledger(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.add_results(reports.all_results())
    ids = sorted(le.event.id for le in ledger.iter_events(EventFilter()))
    assert ids == sorted(le.event.id for le in other.iter_events(EventFilter()))
    other.close()


def test_republished_article_is_a_new_version(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    old = next(r for r in reports.incident_a() if r.article.id == "baku-observer-0714-toll")
    text = old.article.text.replace("has risen to four", "has risen to five")
    article = dataclasses.replace(old.article, text=text, text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                                  published=dt.date(2024, 7, 15))
    event = dataclasses.replace(old.events[0], casualties=[
        reports.killed(text, "servicemen killed in Friday's fighting on the border with Armenia has risen to five",
                       "military", 5, "Azerbaijan", "the defence ministry in Baku")])
    summary = ledger.add_results([ArticleResult(article, [event])])
    assert summary.new_versions == 1 and summary.events_created == 0 and summary.events_updated == 1
    le = find(ledger, country="AZ", date_to=dt.date(2024, 7, 13))
    killed = {(c.group, c.side): c.best for c in le.event.casualties if c.kind == "killed"}
    assert killed[("military", "Azerbaijan")] == 5
    # the superseded version's figure is gone from the claims, the article is still linked once
    assert 4 not in [c.best for c in le.claims if c.article_id == "baku-observer-0714-toll"]
    assert le.articles.count("baku-observer-0714-toll") == 1
    stored = ledger.get_article("baku-observer-0714-toll")
    assert stored is not None and "risen to five" in stored.text and stored.published == dt.date(2024, 7, 15)
    assert ledger.stats()["article_versions"] == 11


def test_filters_sorting_and_pagination(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    assert ledger.count_events(EventFilter(country="Ukraine")) == 2
    assert ledger.count_events(EventFilter(country="ua")) == 2
    assert ledger.count_events(EventFilter(country="UKR")) == 2
    assert ledger.count_events(EventFilter(event_type="Battles")) == 3
    assert ledger.count_events(EventFilter(event_type="Battles", status="reported")) == 2
    assert ledger.count_events(EventFilter(date_from=dt.date(2024, 7, 13), date_to=dt.date(2024, 7, 19))) == 2
    assert ledger.count_events(EventFilter(actor="russian")) == 2
    assert ledger.count_events(EventFilter(actor="kazakhstan")) == 1
    assert ledger.count_events(EventFilter(min_fatalities=5)) == 2
    assert ledger.count_events(EventFilter(bbox=(37.0, 48.0, 38.0, 49.0))) == 2
    assert ledger.count_events(EventFilter(bbox=(44.0, 40.0, 46.0, 41.5))) == 3  # Tovuz x2, Yerevan
    assert ledger.count_events(EventFilter(text="sniper")) == 1
    assert ledger.count_events(EventFilter(text="100%_")) == 0  # LIKE wildcards are literal
    by_dead = ledger.query_events(EventFilter(), sort="-fatalities", limit=2)
    assert [le.event.location.name for le in by_dead] == ["Aghdam", "Kostiantynivka"]  # type: ignore[union-attr]
    newest = ledger.query_events(EventFilter(), sort="-date")
    dates = [le.event.date.start for le in newest]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    pages = [le.event.id for off in range(0, 7, 3) for le in ledger.query_events(EventFilter(), limit=3, offset=off)]
    assert pages == [le.event.id for le in newest]
    with pytest.raises(LedgerError, match="sort"):
        ledger.query_events(EventFilter(), sort="loudness")


def test_iter_events_streams_every_event_in_date_order(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    streamed = list(ledger.iter_events(EventFilter(), batch_size=2))
    assert sorted(le.event.id for le in streamed) == sorted(le.event.id for le in ledger.query_events(EventFilter()))
    keys = [(le.event.date.start, le.event.id) for le in streamed]  # type: ignore[union-attr]
    assert keys == sorted(keys)
    assert len(list(ledger.iter_events(EventFilter(country="UA"), batch_size=1))) == 2


def test_timeline_summary_and_articles(ledger: Ledger) -> None:
    ledger.add_results(reports.all_results())
    days = ledger.timeline(EventFilter(status="reported"), bucket="day")
    assert {"period": "2024-07-12", "event_type": "Explosions/Remote violence", "events": 2, "fatalities": 7} in days
    weeks = ledger.timeline(EventFilter(status="reported"), bucket="week")
    assert [w["period"] for w in weeks] == sorted(w["period"] for w in weeks)
    assert {w["period"] for w in weeks} == {"2024-07-08", "2024-07-15"}  # Mondays
    months = ledger.timeline(EventFilter(), bucket="month")
    assert {m["period"] for m in months} == {"2020-01-01", "2024-07-01"}
    s = ledger.summary(EventFilter(country="UA"))
    assert s["events"] == 2 and s["fatalities"] == 7 and s["articles"] == 3
    assert s["countries"] == [{"country": "Ukraine", "country_code": "UA", "events": 2}]
    assert s["date_min"] == s["date_max"] == "2024-07-12"
    a = ledger.get_article("donbas-daily-0713-market")
    assert a is not None and a.outlet == "Donbas Daily" and a.text.startswith("Five civilians were killed")
    assert ledger.get_article("no-such-article") is None
    assert ledger.get_event("ev-missing") is None
    any_event = ledger.query_events(EventFilter(), limit=1)[0]
    assert ledger.get_event(any_event.event.id) == any_event


def test_a_bad_article_is_reported_and_the_rest_stored(ledger: Ledger) -> None:
    good = reports.separate_incidents()
    bad = ArticleResult(Article(id="", text="Shelling was reported.", source="broken.jsonl:3"), [])
    summary = ledger.add_results([good[0], bad, good[1]])
    assert summary.stored == 2 and len(summary.failed) == 1
    assert summary.failed[0][0] == "broken.jsonl:3" and "no id" in summary.failed[0][1]


def test_schema_from_a_newer_version_is_refused(ledger_url: str) -> None:
    Ledger(ledger_url).close()
    engine = sa.create_engine(ledger_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    with pytest.raises(LedgerError, match="newer than this warledger"):
        Ledger(ledger_url)


def test_unreachable_databases_give_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="cannot open ledger database.*does not exist"):
        Ledger(f"sqlite:///{tmp_path / 'missing-dir' / 'ledger.sqlite'}")
    with socket_closed_port() as port:
        with pytest.raises(LedgerError, match="cannot open ledger database") as info:
            Ledger(f"postgresql://nobody@127.0.0.1:{port}/ledger")
    assert "\n" not in str(info.value)


def socket_closed_port():  # type: ignore[no-untyped-def]
    import contextlib
    import socket

    @contextlib.contextmanager
    def _port():  # type: ignore[no-untyped-def]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        yield port

    return _port()


def test_the_stored_document_is_the_output_contract(ledger: Ledger) -> None:
    ledger.add_results(reports.incident_b())
    le = find(ledger, country="UA", min_fatalities=1)
    doc = ledger_event_to_dict(le)
    for key in ("id", "status", "event_type", "date", "location", "actors", "casualties", "materiel", "claims",
                "articles", "independent_sources", "first_reported", "last_updated"):
        assert key in doc
    claim = doc["claims"][0]
    assert set(claim) >= {"kind", "group", "side", "low", "best", "high", "claimed_by", "article_id", "outlet",
                          "published", "partisan", "evidence"}
    # evidence offsets point into the stored article text
    article = ledger.get_article(claim["article_id"])
    ev = claim["evidence"][0]
    assert article is not None and article.text[ev["start"]:ev["end"]] == ev["text"]
    json.dumps(doc)


def _strike(aid: str, outlet: str, text: str, evidence: list[str], event_type: str, sub: str,
            actors: list, casualties: list) -> ArticleResult:  # type: ignore[type-arg]
    from warledger.model import Event

    article = reports.article(aid, outlet, "2024-07-13", text.split(".")[0], text)
    ev = Event(id="e1", event_type=event_type, sub_event_type=sub, date=reports.day("2024-07-12"),
               location=reports.KOSTIANTYNIVKA, actors=actors, casualties=casualties,
               evidence=[reports.span(text, e) for e in evidence], confidence=0.7)
    return ArticleResult(article, [ev])


def test_a_report_that_bridges_two_events_merges_them_and_logs_it(ledger: Ledger) -> None:
    p_text = "Explosions shook the railway depot on the northern outskirts overnight, residents wrote online."
    q_text = "Russian forces killed five people queueing for bread near the central market, prosecutors said."
    r_text = ("Explosions shook the railway depot on the northern outskirts overnight, residents wrote online. "
              "Russian forces killed five people queueing for bread near the central market, prosecutors said.")
    five = reports.killed(q_text, "killed five people", "civilians", 5, "Ukraine", "prosecutors")
    p = _strike("kost-residents-blog", "Kramatorsk Post", p_text, [p_text[:-1]], "Explosions/Remote violence",
                "Air/drone strike", [], [])
    q = _strike("kost-prosecutors", "Donbas Daily", q_text, [q_text[:-1]], "Violence against civilians", "Attack",
                [reports.RUSSIAN_FORCES], [five])
    first = ledger.add_results([p, q])
    assert first.events_created == 2  # too little in common to be linked on their own
    r_five = reports.killed(r_text, "killed five people", "civilians", 5, "Ukraine", "prosecutors")
    r = _strike("kost-roundup", "Eastern Europe Monitor", r_text, [r_text[:95], r_text[96:-1]],
                "Explosions/Remote violence", "Air/drone strike", [reports.RUSSIAN_FORCES], [r_five])
    bridged = ledger.add_results([r])
    assert bridged.events_merged == 1 and bridged.events_created == 0
    [le] = ledger.query_events(EventFilter())
    assert sorted(le.articles) == ["kost-prosecutors", "kost-residents-blog", "kost-roundup"]
    [log] = ledger.removed_events()
    assert log["merged_into"] == le.event.id and log["event_id"] != le.event.id
    assert "kost-roundup" in log["reason"]
    assert ledger.get_event(log["event_id"]) is None

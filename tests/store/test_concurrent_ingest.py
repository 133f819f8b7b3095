"""Two processes ingesting overlapping reports of the same incidents at the same time.

Each incident is reported by two outlets; one process ingests the first report of each, the
other process the second, both walking the incidents in the same order and starting together,
so both look for candidates for the same incident at about the same moment. Whatever the
timing, the ledger must end with one event per incident and every report's claims attached to
it. (With a third report per incident a duplicate would be healed: that report bridges the two
events and merges them; with two, a race shows as two events.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing as mp

import sqlalchemy as sa

from warledger.model import Actor, Article, ArticleResult, Casualty, DateRange, Event, Evidence, Location
from warledger.store import Ledger
from warledger.store.schema import ClaimRow, EventRow, ReportRow

OUTLETS = ("Frontline Herald", "Steppe Courier")
TOWNS = [  # name, country, code, admin1, lat, lon: 1 degree apart at least, so incidents never meet
    ("Vilnohirsk", "Ukraine", "UA", "Dnipropetrovsk", 48.48, 34.02),
    ("Kupiansk", "Ukraine", "UA", "Kharkiv", 49.71, 37.61),
    ("Orikhiv", "Ukraine", "UA", "Zaporizhzhia", 47.57, 35.78),
    ("Kosti", "Sudan", "SD", "White Nile", 13.16, 32.66),
    ("El Obeid", "Sudan", "SD", "North Kordofan", 13.18, 30.22),
    ("Djibo", "Burkina Faso", "BF", "Sahel", 14.10, -1.63),
]


def incident_reports(incidents: int = 30, first_day: dt.date = dt.date(2025, 3, 1),
                     tag: str = "") -> list[list[ArticleResult]]:
    """One report of each incident per outlet, with slightly different tolls and wording."""
    out = []
    for i in range(incidents):
        town, country, code, admin1, lat, lon = TOWNS[i % len(TOWNS)]
        day = first_day + dt.timedelta(days=7 * (i // len(TOWNS)))
        location = Location(name=town, country=country, country_code=code, admin1=admin1, lat=lat, lon=lon,
                            precision="city")
        reports = []
        for k, outlet in enumerate(OUTLETS):
            toll = 4 + i % 5 + k % 2
            text = (f"{outlet} staff report. Artillery shelling hit a residential quarter of {town} on "
                    f"{day:%d %B}, killing {toll} civilians according to the regional governor, who said "
                    f"rescuers were still searching the rubble of {3 + k} houses near the rail depot.")
            phrase = f"killing {toll} civilians"
            start = text.index(phrase)
            evidence = Evidence(start, start + len(phrase), phrase)
            event = Event(
                id="e1", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                date=DateRange(day, day, "day", f"{day:%d %B}"), location=location,
                actors=[Actor("Russian armed forces", "perpetrator", "state_forces"),
                        Actor("civilians", "target", "civilians")],
                casualties=[Casualty("killed", "civilians", toll, toll, toll, None, claimed_by="regional governor",
                                     evidence=[evidence])],
                claimed_by=["regional governor"], evidence=[evidence], confidence=0.8,
            )
            aid = f"inc{tag}{i:02d}-{outlet.split()[0].lower()}"
            article = Article(id=aid, text=text, title=f"Shelling in {town}", published=day + dt.timedelta(days=1),
                              outlet=outlet, url=f"https://{outlet.split()[0].lower()}.example.org/{aid}",
                              text_sha256=hashlib.sha256(text.encode()).hexdigest())
            reports.append(ArticleResult(article, [event]))
        out.append(reports)
    return out


def _ingest(url: str, share: int, start: mp.synchronize.Barrier, failures: mp.Queue) -> None:  # type: ignore[name-defined]
    ledger = Ledger(url)
    mine = [reports[share] for reports in incident_reports()]
    start.wait(timeout=60)
    summary = ledger.add_results(mine)
    failures.put(summary.failed)
    ledger.close()


def test_two_concurrent_ingests_give_one_event_per_incident(ledger_url: str) -> None:
    # a ledger that has run for a while: the places, actors and outlets are known (a first insert of
    # one of those rows would make the second writer wait on its unique index and hide the race)
    with Ledger(ledger_url) as ledger:
        earlier = ledger.add_results([r for reports in incident_reports(len(TOWNS), dt.date(2025, 1, 6), "old")
                                      for r in reports])
    assert earlier.events_created == len(TOWNS) and not earlier.failed
    ctx = mp.get_context("fork")
    start, failures = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_ingest, args=(ledger_url, share, start, failures)) for share in (0, 1)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]
    assert failures.get(timeout=5) == [] and failures.get(timeout=5) == []

    incidents = incident_reports()
    engine = sa.create_engine(ledger_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        events = conn.execute(sa.select(EventRow.id, EventRow.location_name, EventRow.date_start)).all()
        reports_per_event = dict(conn.execute(
            sa.select(ReportRow.event_id, sa.func.count()).group_by(ReportRow.event_id)).all())
        claims_per_event = dict(conn.execute(
            sa.select(ClaimRow.event_id, sa.func.count()).group_by(ClaimRow.event_id)).all())
    engine.dispose()
    events = [e for e in events if e.date_start >= dt.date(2025, 3, 1)]
    assert len(events) == len(incidents), "an incident became more than one event"
    assert {(e.location_name, e.date_start) for e in events} == {
        (r[0].events[0].location.name, r[0].events[0].date.start) for r in incidents}  # type: ignore[union-attr]
    # every report, and each report's killed figure, is attached to its incident's one event
    assert all(reports_per_event.get(e.id) == len(OUTLETS) for e in events)
    assert all(claims_per_event.get(e.id) == len(OUTLETS) for e in events)
    with Ledger(ledger_url) as ledger:
        for le in ledger.iter_events():
            assert le.event.date is not None
            if le.event.date.start < dt.date(2025, 3, 1):
                continue
            assert len(le.articles) == len(OUTLETS) and len(le.claims) == len(OUTLETS)

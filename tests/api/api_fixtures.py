"""A small ledger written by hand: six articles about five incidents, with known figures.

The API tests assert exact counts against it; it is stored through the real ``Ledger`` (linking
included), so the API is tested against the real store, not a stand-in.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from warledger.model import (
    Actor,
    Article,
    ArticleResult,
    Casualty,
    DateRange,
    Event,
    Evidence,
    Location,
    Materiel,
)

KHARKIV = Location("Kharkiv", "Ukraine", "UA", "Kharkiv Oblast", 49.98081, 36.25272, "city", 706483)
TAVUSH = Location("Tavush", "Armenia", "AM", "Tavush", 40.88333, 45.15, "admin1", 828263)
IDLIB = Location("Idlib", "Syria", "SY", "Idlib", 35.93062, 36.63393, "city", 169388)
GOMA = Location("Goma", "Democratic Republic of the Congo", "CD", "North Kivu", -1.67409, 29.22845, "city", 216281)


def span(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(start, start + len(quote), quote)


def article(aid: str, text: str, title: str, published: str, outlet: str, url: str | None = None) -> Article:
    return Article(id=aid, text=text, title=title, published=dt.date.fromisoformat(published), outlet=outlet, url=url,
                   text_sha256=hashlib.sha256(text.encode()).hexdigest(), source=f"fixture:{aid}")


def day(iso: str, text: str) -> DateRange:
    d = dt.date.fromisoformat(iso)
    return DateRange(d, d, "day", text)


KHARKIV_WIRE = (
    "Missile strike on Kharkiv apartment block kills at least 12\n\n"
    "KHARKIV, Ukraine (Eastern Wire) — At least 12 civilians were killed and 30 wounded when Russian missiles struck "
    "a nine-storey apartment block in Kharkiv on Tuesday, regional governor Oleh Syniehubov said.\n\n"
    "Rescue workers were still searching the rubble late into the night."
)
KHARKIV_DAILY = (
    "Kharkiv toll rises to 14 as rescuers clear rubble\n\n"
    "The death toll from Tuesday's missile strike on a residential building in Kharkiv has risen to 14, "
    "Ukraine's interior ministry said on Wednesday. Russia's defence ministry said its forces had hit "
    "a military command post in the city."
)
TAVUSH_TEXT = (
    "Four Armenian soldiers killed in border clash\n\n"
    "YEREVAN — Four Armenian servicemen were killed on Monday in an exchange of fire with Azerbaijani forces "
    "along the border in the Tavush region, Armenia's defence ministry said. Baku said two of its soldiers "
    "were wounded and that an Armenian armoured vehicle had been destroyed."
)
IDLIB_TEXT = (
    "Air strikes hit market in Idlib\n\n"
    "Seven civilians, among them two children, were killed when warplanes struck a crowded market in Idlib "
    "on Thursday, according to the Syrian Civil Defence."
)
GOMA_TEXT = (
    "Thousands march in Goma to demand an end to the fighting\n\n"
    "GOMA — Thousands of people marched peacefully through Goma on Saturday calling on the government and "
    "the M23 rebels to return to talks. No injuries were reported."
)
# an article quoting hostile markup: the dashboard must show it as text and run none of it
DEFACED_TEXT = (
    "Hackers deface Kharkiv city council website after shelling\n\n"
    "Visitors to the Kharkiv city council website on Friday found its front page replaced by the line "
    '<script>window.__warledgerXss = "script"</script> and a broken image tag, <img src=x '
    'onerror="window.__warledgerXss = \'img\'">, officials said. Two people were wounded in shelling of the '
    "city's northern outskirts the same morning, the regional governor said."
)


def fixture_results() -> list[ArticleResult]:
    out: list[ArticleResult] = []

    a = article("kharkiv-wire", KHARKIV_WIRE, "Missile strike on Kharkiv apartment block kills at least 12",
                "2024-05-14", "Eastern Wire", "https://eastern-wire.example.com/2024/05/14/kharkiv-strike")
    e = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        date=day("2024-05-14", "on Tuesday"), location=KHARKIV,
        actors=[Actor("Russian Armed Forces", "perpetrator", "state_forces", "Russia"),
                Actor("Civilians (Ukraine)", "target", "civilians", "Ukraine")],
        casualties=[
            Casualty("killed", "civilians", 12, 12, 12, "Ukraine", "at least", "regional governor Oleh Syniehubov",
                     [span(KHARKIV_WIRE, "At least 12 civilians were killed")]),
            Casualty("wounded", "civilians", 30, 30, 30, "Ukraine", None, "regional governor Oleh Syniehubov",
                     [span(KHARKIV_WIRE, "30 wounded")]),
        ],
        claimed_by=["regional governor Oleh Syniehubov"],
        evidence=[span(KHARKIV_WIRE, "Russian missiles struck a nine-storey apartment block in Kharkiv on Tuesday")],
        confidence=0.9,
    )
    out.append(ArticleResult(a, [e]))

    a = article("kharkiv-daily", KHARKIV_DAILY, "Kharkiv toll rises to 14 as rescuers clear rubble", "2024-05-15",
                "Kyiv Daily")
    e = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        date=day("2024-05-14", "Tuesday's"), location=KHARKIV,
        actors=[Actor("Russian Armed Forces", "perpetrator", "state_forces", "Russia")],
        casualties=[Casualty("killed", "civilians", 14, 14, 14, "Ukraine", None, "Ukraine's interior ministry",
                             [span(KHARKIV_DAILY, "has risen to 14")])],
        claimed_by=["Ukraine's interior ministry"],
        evidence=[span(KHARKIV_DAILY, "missile strike on a residential building in Kharkiv")],
        confidence=0.85,
    )
    out.append(ArticleResult(a, [e]))

    a = article("tavush-clash", TAVUSH_TEXT, "Four Armenian soldiers killed in border clash", "2020-07-14",
                "Caucasus Monitor")
    e = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash", date=day("2020-07-13", "on Monday"),
        location=TAVUSH,
        actors=[Actor("Armed Forces of Armenia", "party", "state_forces", "Armenia"),
                Actor("Armed Forces of Azerbaijan", "party", "state_forces", "Azerbaijan")],
        casualties=[
            Casualty("killed", "military", 4, 4, 4, "Armenia", None, "Armenia's defence ministry",
                     [span(TAVUSH_TEXT, "Four Armenian servicemen were killed")]),
            Casualty("wounded", "military", 2, 2, 2, "Azerbaijan", None, "Baku",
                     [span(TAVUSH_TEXT, "two of its soldiers were wounded")]),
        ],
        materiel=[Materiel("armoured vehicle", "destroyed", 1, "Armenia", "Baku",
                           [span(TAVUSH_TEXT, "an Armenian armoured vehicle had been destroyed")])],
        claimed_by=["Armenia's defence ministry", "Baku"],
        evidence=[span(TAVUSH_TEXT, "exchange of fire with Azerbaijani forces along the border in the Tavush region")],
        confidence=0.8,
    )
    out.append(ArticleResult(a, [e]))

    a = article("idlib-market", IDLIB_TEXT, "Air strikes hit market in Idlib", "2023-10-06", "Levant Post")
    e = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date=day("2023-10-05", "on Thursday"), location=IDLIB,
        casualties=[Casualty("killed", "civilians", 7, 7, 7, None, None, "the Syrian Civil Defence",
                             [span(IDLIB_TEXT, "Seven civilians, among them two children, were killed")])],
        claimed_by=["the Syrian Civil Defence"],
        evidence=[span(IDLIB_TEXT, "warplanes struck a crowded market in Idlib")],
        confidence=0.8,
    )
    out.append(ArticleResult(a, [e]))

    a = article("goma-march", GOMA_TEXT, "Thousands march in Goma to demand an end to the fighting", "2024-02-11",
                "Great Lakes Herald")
    events = [
        Event(id="e1", event_type="Protests", sub_event_type="Peaceful protest", date=day("2024-02-10", "on Saturday"),
              location=GOMA, actors=[Actor("Protesters (DR Congo)", "party", "civilians", None)],
              evidence=[span(GOMA_TEXT, "Thousands of people marched peacefully through Goma on Saturday")],
              confidence=0.7),
        # talks are only called for: planned, and with no place of their own
        Event(id="e2", status="planned", event_type="Strategic developments", sub_event_type="Agreement",
              date=day("2024-02-10", "on Saturday"), location=None,
              actors=[Actor("M23", "party", "rebels", None)],
              evidence=[span(GOMA_TEXT, "the M23 rebels to return to talks")], confidence=0.4),
    ]
    out.append(ArticleResult(a, events))

    a = article("kharkiv-defaced", DEFACED_TEXT, "Hackers deface Kharkiv city council website after shelling",
                "2024-06-07", "Eastern Wire")
    e = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        date=day("2024-06-07", "the same morning"), location=KHARKIV,
        casualties=[Casualty("wounded", "unknown", 2, 2, 2, None, None, "the regional governor",
                             [span(DEFACED_TEXT, "Two people were wounded")])],
        claimed_by=["the regional governor"],
        evidence=[span(DEFACED_TEXT, "shelling of the city's northern outskirts")],
        confidence=0.6,
    )
    out.append(ArticleResult(a, [e]))
    return out


SYNTHETIC_PLACES = [  # name, country, code, lat, lon
    ("Mosul", "Iraq", "IQ", 36.34, 43.13), ("Gao", "Mali", "ML", 16.27, -0.04),
    ("Bunia", "DR Congo", "CD", 1.56, 30.25), ("Aleppo", "Syria", "SY", 36.2, 37.16),
    ("Taiz", "Yemen", "YE", 13.58, 44.02), ("Kherson", "Ukraine", "UA", 46.64, 32.62),
]
SYNTHETIC_TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
                   ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]


def synthetic_results(n: int, seed: int = 7, days: int = 40, spread: float = 0.5) -> list[ArticleResult]:
    """``n`` one-event articles for paging tests: few distinct days and death tolls (many ties),
    about one in twenty undated and unpublished (no date at all), one in fifteen without a place.
    Events fall on ``days`` days within ``spread`` degrees of six towns (more of either: fewer merged)."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        name, country, code, lat, lon = rng.choice(SYNTHETIC_PLACES)
        etype, sub = rng.choice(SYNTHETIC_TYPES)
        undated = i % 20 == 7
        when = None if undated else dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, days - 1))
        killed = rng.choice([0, 0, 1, 2, 3, 5])
        text = f"Report {i}: {etype.lower()} near {name}; {killed} people were killed, officials said."
        ev_span = span(text, f"{killed} people were killed")
        place = None if i % 15 == 4 else Location(f"{name} district {i % 9}", country, code, name,
                                                  round(lat + rng.uniform(-spread, spread), 4),
                                                  round(lon + rng.uniform(-spread, spread), 4), "city")
        event = Event(
            id="e1", event_type=etype, sub_event_type=sub, date=DateRange(when, when, "day") if when else None,
            location=place, actors=[Actor(f"{country} forces {i % 4}", "perpetrator", "state_forces", country)],
            casualties=[Casualty("killed", "civilians", killed, killed, killed, None, claimed_by="officials",
                                 evidence=[ev_span])] if killed else [],
            claimed_by=["officials"], evidence=[ev_span], confidence=0.7,
        )
        art = Article(id=f"syn-{i:04d}", text=text, title=f"Report {i}", published=None if undated else when,
                      outlet=f"Outlet {i % 11}", url=f"https://news.example.org/syn-{i:04d}",
                      text_sha256=hashlib.sha256(text.encode()).hexdigest(), source="synthetic")
        out.append(ArticleResult(art, [event]))
    return out


def write_reconciled(ledger, results: list[ArticleResult]) -> int:  # noqa: ANN001  (a warledger.store.Ledger)
    """Each result's event written straight into ``events`` as a reconciled one-report event.

    For tests that need thousands of events on the map: the store's own ingest links every report
    against the ledger (minutes for thousands on a busy machine). The rows are what the store writes
    for a one-report event (same document, same columns); only the article tables stay empty.
    """
    import json

    import sqlalchemy as sa

    from warledger.contract import ledger_event_to_dict
    from warledger.link import Report, build_ledger_event, fatalities
    from warledger.store.ledger import new_event_id, search_text
    from warledger.store.schema import EventRow

    now = dt.datetime(2024, 6, 1, 12, 0, 0)
    rows = []
    for r in results:
        ev = r.events[0]
        eid = new_event_id(r.article.id, 1, ev.id)
        le = build_ledger_event(eid, [Report(ev, r.article.id, r.article.published, r.article.outlet, r.article.id)])
        loc = ev.location
        day = ev.date.start if ev.date else le.first_reported
        rows.append({
            "id": eid, "status": ev.status, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
            "date_start": day, "date_end": ev.date.end if ev.date else day,
            "date_precision": ev.date.precision if ev.date else None, "location_id": None,
            "location_name": loc.name if loc else None, "country": loc.country if loc else None,
            "country_code": loc.country_code if loc else None, "admin1": loc.admin1 if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "geo_precision": loc.precision if loc else None, "fatalities": fatalities(le), "independent_sources": 1,
            "first_reported": le.first_reported, "last_updated": le.last_updated, "search_text": search_text(le),
            "doc": json.dumps(ledger_event_to_dict(le)), "created_at": now, "updated_at": now,
        })
    with ledger.engine.begin() as conn:
        conn.execute(sa.insert(EventRow), rows)
    return len(rows)

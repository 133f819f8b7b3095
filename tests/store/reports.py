"""Realistic article results for the ledger tests (fictional reports written for warledger).

Several outlets report the same incidents with different figures, a wire story is republished
with small edits, a follow-up raises a toll, rival defence ministries claim each other's losses,
one article reports two nearby incidents, and a planned meeting sits beside real fighting.

``GOLD`` maps (article id, event id) -> incident: the truth the linking tests check against.
Loaded by path from other test folders (see their conftest.py), so it imports nothing from tests.
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

TOVUZ = Location(name="Tovuz", country="Azerbaijan", country_code="AZ", admin1="Tovuz", lat=40.9925, lon=45.6284,
                 precision="city", geonameid=146970)
AGDAM_TOVUZ = Location(name="Aghdam", country="Azerbaijan", country_code="AZ", admin1="Tovuz", lat=41.0119,
                       lon=45.5536, precision="city", geonameid=587353)
KOSTIANTYNIVKA = Location(name="Kostiantynivka", country="Ukraine", country_code="UA", admin1="Donetsk",
                          lat=48.5277, lon=37.7069, precision="city", geonameid=704147)
DRUZHKIVKA = Location(name="Druzhkivka", country="Ukraine", country_code="UA", admin1="Donetsk", lat=48.6203,
                      lon=37.5279, precision="city", geonameid=709611)
DONETSK_OBLAST = Location(name="Donetsk Oblast", country="Ukraine", country_code="UA", admin1="Donetsk",
                          lat=48.0, lon=37.8, precision="admin1")
YEREVAN = Location(name="Yerevan", country="Armenia", country_code="AM", admin1="Yerevan", lat=40.1811,
                   lon=44.5136, precision="city", geonameid=616052)
ALMATY = Location(name="Almaty", country="Kazakhstan", country_code="KZ", admin1="Almaty", lat=43.25,
                  lon=76.9167, precision="city", geonameid=1526384)


def span(text: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(start, start + len(phrase), phrase)


def article(aid: str, outlet: str, published: str, title: str, text: str, url: str | None = None) -> Article:
    return Article(id=aid, text=text, title=title, published=dt.date.fromisoformat(published), outlet=outlet,
                   url=url or f"https://{outlet.lower().replace(' ', '-')}.example.org/{aid}",
                   text_sha256=hashlib.sha256(text.encode()).hexdigest(), source=f"fixture:{aid}")


def day(iso: str, text: str = "") -> DateRange:
    d = dt.date.fromisoformat(iso)
    return DateRange(d, d, "day", text)


def killed(text: str, phrase: str, group: str, best: int, side: str | None, by: str | None,
           low: int | None = None, high: int | None = None, kind: str = "killed",
           qualifier: str | None = None) -> Casualty:
    return Casualty(kind=kind, group=group, low=best if low is None else low, best=best,  # type: ignore[arg-type]
                    high=best if high is None else high, side=side, qualifier=qualifier, claimed_by=by,
                    evidence=[span(text, phrase)])


ARMED_FORCES_AZ = Actor("Azerbaijani armed forces", "party", "state_forces", "Azerbaijan")
ARMED_FORCES_AM = Actor("Armenian armed forces", "party", "state_forces", "Armenia")
RUSSIAN_FORCES = Actor("Russian forces", "perpetrator", "state_forces", "Russia")
UKRAINIAN_CIVILIANS = Actor("civilians", "target", "civilians", "Ukraine")

# --- incident A: border clash near Tovuz, 12 July 2024 -----------------------------------------------
A1_TEXT = (
    "Three Azerbaijani soldiers were killed and two others wounded in a clash with Armenian forces near the "
    "village of Aghdam in Tovuz district late on Friday, Azerbaijan's defence ministry said on Saturday.\n\n"
    "The ministry said Armenian units had opened fire with mortars and large-calibre machine guns on "
    "Azerbaijani positions along the state border, and that its troops returned fire.\n\n"
    "Armenia's defence ministry said its forces had killed 12 Azerbaijani servicemen and destroyed two "
    "armoured vehicles after repelling an attempt to cross the border. Baku dismissed the figures as "
    "fabricated.\n\n"
    "The two neighbours have fought two wars over the Karabakh region, most recently in 2020."
)
A2_TEXT = (
    "Three Azerbaijani soldiers were killed and two others wounded in a clash with Armenian forces near the "
    "village of Aghdam in Tovuz district late on Friday, Azerbaijan's defence ministry said on Saturday.\n\n"
    "The ministry said Armenian units had opened fire with mortars and large-calibre machine guns on "
    "Azerbaijani positions along the state border, and that its troops returned fire.\n\n"
    "Armenia's defence ministry said its forces had killed 12 Azerbaijani servicemen and destroyed two "
    "armoured vehicles after repelling an attempt to cross the border. Baku dismissed the figures as "
    "fabricated.\n\n"
    "South Caucasus Herald with Caspian Wire"
)
A3_TEXT = (
    "The number of Azerbaijani servicemen killed in Friday's fighting on the border with Armenia has risen "
    "to four after a wounded private died in hospital in Ganja, the defence ministry in Baku said on Sunday.\n\n"
    "Local officials in Tovuz district said a woman was wounded by shrapnel in the village of Aghdam, where "
    "several houses were damaged.\n\n"
    "The ministry again accused Armenian forces of starting the exchange of fire near Aghdam."
)
A4_TEXT = (
    "Armenia's defence ministry said on Saturday that one Armenian contract soldier was wounded during an "
    "exchange of fire on the border opposite Tovuz district overnight into Saturday.\n\n"
    "Azerbaijan's defence ministry claimed its troops had killed as many as 10 Armenian soldiers, which "
    "Yerevan called a lie.\n\n"
    "The ministry said the situation on the border was under the control of Armenian units."
)


def incident_a() -> list[ArticleResult]:
    a1 = article("caspian-wire-0713-tovuz", "Caspian Wire", "2024-07-13",
                 "Three Azerbaijani soldiers killed in border clash with Armenia", A1_TEXT)
    e1 = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash",
        date=day("2024-07-12", "late on Friday"), location=AGDAM_TOVUZ,
        actors=[ARMED_FORCES_AZ, ARMED_FORCES_AM],
        casualties=[
            killed(A1_TEXT, "Three Azerbaijani soldiers were killed", "military", 3, "Azerbaijan",
                   "Azerbaijan's defence ministry"),
            killed(A1_TEXT, "two others wounded", "military", 2, "Azerbaijan", "Azerbaijan's defence ministry",
                   kind="wounded"),
            killed(A1_TEXT, "killed 12 Azerbaijani servicemen", "military", 12, "Azerbaijan",
                   "Armenia's defence ministry"),
        ],
        materiel=[Materiel("armoured vehicle", "destroyed", 2, "Azerbaijan", "Armenia's defence ministry",
                           [span(A1_TEXT, "destroyed two armoured vehicles")])],
        claimed_by=["Azerbaijan's defence ministry", "Armenia's defence ministry"],
        evidence=[span(A1_TEXT, "in a clash with Armenian forces near the village of Aghdam in Tovuz district")],
        confidence=0.9,
    )
    e1_bg = Event(id="e2", status="background", event_type="Battles", sub_event_type="Armed clash",
                  date=DateRange(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year", "in 2020"),
                  evidence=[span(A1_TEXT, "most recently in 2020")], confidence=0.4)
    a2 = article("schbr-0713-border-clash", "South Caucasus Herald", "2024-07-13",
                 "Azerbaijan says three soldiers dead after night of fire on Armenian border", A2_TEXT)
    e2 = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash",
        date=day("2024-07-12", "late on Friday"), location=AGDAM_TOVUZ,
        actors=[ARMED_FORCES_AZ, ARMED_FORCES_AM],
        casualties=[
            killed(A2_TEXT, "Three Azerbaijani soldiers were killed", "military", 3, "Azerbaijan",
                   "Azerbaijan's defence ministry"),
            killed(A2_TEXT, "two others wounded", "military", 2, "Azerbaijan", "Azerbaijan's defence ministry",
                   kind="wounded"),
            killed(A2_TEXT, "killed 12 Azerbaijani servicemen", "military", 12, "Azerbaijan",
                   "Armenia's defence ministry"),
        ],
        materiel=[Materiel("armoured vehicle", "destroyed", 2, "Azerbaijan", "Armenia's defence ministry",
                           [span(A2_TEXT, "destroyed two armoured vehicles")])],
        claimed_by=["Azerbaijan's defence ministry", "Armenia's defence ministry"],
        evidence=[span(A2_TEXT, "in a clash with Armenian forces near the village of Aghdam in Tovuz district")],
        confidence=0.9,
    )
    a3 = article("baku-observer-0714-toll", "Baku Observer", "2024-07-14",
                 "Border clash death toll rises to four, ministry says", A3_TEXT)
    e3 = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash",
        date=day("2024-07-12", "Friday's fighting"), location=TOVUZ,
        actors=[ARMED_FORCES_AZ, Actor("Armenian forces", "party", "state_forces", "Armenia")],
        casualties=[
            killed(A3_TEXT, "servicemen killed in Friday's fighting on the border with Armenia has risen to four",
                   "military", 4, "Azerbaijan", "the defence ministry in Baku"),
            killed(A3_TEXT, "a woman was wounded", "civilians", 1, "Azerbaijan", "Local officials in Tovuz district",
                   kind="wounded"),
        ],
        claimed_by=["the defence ministry in Baku", "Local officials in Tovuz district"],
        evidence=[span(A3_TEXT, "Friday's fighting on the border with Armenia")],
        confidence=0.8,
    )
    a4 = article("yerevan-times-0713-border", "Yerevan Times", "2024-07-13",
                 "Armenian soldier wounded in overnight border shooting", A4_TEXT)
    e4 = Event(
        id="e1", event_type="Battles", sub_event_type="Armed clash",
        date=DateRange(dt.date(2024, 7, 12), dt.date(2024, 7, 13), "days", "overnight into Saturday"),
        location=TOVUZ,
        actors=[ARMED_FORCES_AM, ARMED_FORCES_AZ],
        casualties=[
            killed(A4_TEXT, "one Armenian contract soldier was wounded", "military", 1, "Armenia",
                   "Armenia's defence ministry", kind="wounded"),
            killed(A4_TEXT, "killed as many as 10 Armenian soldiers", "military", 10, "Armenia",
                   "Azerbaijan's defence ministry", low=0, qualifier="up to"),
        ],
        claimed_by=["Armenia's defence ministry", "Azerbaijan's defence ministry"],
        evidence=[span(A4_TEXT, "exchange of fire on the border opposite Tovuz district")],
        confidence=0.8,
    )
    return [ArticleResult(a1, [e1, e1_bg]), ArticleResult(a2, [e2]), ArticleResult(a3, [e3]),
            ArticleResult(a4, [e4])]


# --- incident B: drone strike on a market in Kostiantynivka, 12 July 2024 (+ Druzhkivka shelling) -----
B1_TEXT = (
    "Five civilians were killed and 11 wounded when a Russian drone struck a crowded market in Kostiantynivka "
    "on Friday afternoon, the head of the Donetsk regional military administration said.\n\n"
    "Photographs released by emergency services showed burning stalls and a damaged minibus.\n\n"
    "Russian forces have intensified attacks on towns behind the front line in recent weeks."
)
B2_TEXT = (
    "The death toll from Friday's Russian drone attack on the central market in Kostiantynivka has risen to "
    "seven, the regional prosecutor's office said on Monday, after two of the wounded died in hospital.\n\n"
    "Eleven people were wounded in the attack, prosecutors said. A criminal case has been opened."
)
E1_TEXT = (
    "A Russian drone hit the market in Kostiantynivka on Friday, killing five civilians, regional officials "
    "said.\n\n"
    "Hours earlier, Russian artillery shelled residential streets in nearby Druzhkivka, wounding three "
    "civilians, among them a teenager, the town's military administration said."
)


def incident_b() -> list[ArticleResult]:
    b1 = article("donbas-daily-0713-market", "Donbas Daily", "2024-07-13",
                 "Russian drone kills five at Kostiantynivka market", B1_TEXT)
    eb1 = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date=day("2024-07-12", "on Friday afternoon"), location=KOSTIANTYNIVKA,
        actors=[RUSSIAN_FORCES, UKRAINIAN_CIVILIANS],
        casualties=[
            killed(B1_TEXT, "Five civilians were killed", "civilians", 5, "Ukraine",
                   "the head of the Donetsk regional military administration"),
            killed(B1_TEXT, "11 wounded", "civilians", 11, "Ukraine",
                   "the head of the Donetsk regional military administration", kind="wounded"),
        ],
        claimed_by=["the head of the Donetsk regional military administration"],
        evidence=[span(B1_TEXT, "a Russian drone struck a crowded market in Kostiantynivka")],
        confidence=0.9,
    )
    b2 = article("eastern-monitor-0715-market-toll", "Eastern Europe Monitor", "2024-07-15",
                 "Kostiantynivka market strike toll rises to seven", B2_TEXT)
    eb2 = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date=day("2024-07-12", "Friday's"), location=KOSTIANTYNIVKA,
        actors=[RUSSIAN_FORCES],
        casualties=[
            killed(B2_TEXT, "has risen to seven", "civilians", 7, "Ukraine", "the regional prosecutor's office"),
            killed(B2_TEXT, "Eleven people were wounded", "civilians", 11, "Ukraine", "prosecutors", kind="wounded"),
        ],
        claimed_by=["the regional prosecutor's office"],
        evidence=[span(B2_TEXT, "Russian drone attack on the central market in Kostiantynivka")],
        confidence=0.85,
    )
    e1 = article("donbas-daily-0713-roundup", "Donbas Daily", "2024-07-13",
                 "Drone and artillery attacks hit Donetsk region towns", E1_TEXT)
    ee1 = Event(
        id="e1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        date=day("2024-07-12", "on Friday"), location=KOSTIANTYNIVKA,
        actors=[RUSSIAN_FORCES, UKRAINIAN_CIVILIANS],
        casualties=[killed(E1_TEXT, "killing five civilians", "civilians", 5, "Ukraine", "regional officials")],
        claimed_by=["regional officials"],
        evidence=[span(E1_TEXT, "A Russian drone hit the market in Kostiantynivka")],
        confidence=0.8,
    )
    ee2 = Event(
        id="e2", event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        date=day("2024-07-12", "Hours earlier"), location=DRUZHKIVKA,
        actors=[Actor("Russian artillery", "perpetrator", "state_forces", "Russia"), UKRAINIAN_CIVILIANS],
        casualties=[killed(E1_TEXT, "wounding three civilians", "civilians", 3, "Ukraine",
                           "the town's military administration", kind="wounded")],
        claimed_by=["the town's military administration"],
        evidence=[span(E1_TEXT, "Russian artillery shelled residential streets in nearby Druzhkivka")],
        confidence=0.8,
    )
    return [ArticleResult(b1, [eb1]), ArticleResult(b2, [eb2]), ArticleResult(e1, [ee1, ee2])]


# --- separate incidents: a protest, a later clash, a planned meeting -------------------------------------
C1_TEXT = (
    "Several thousand people marched through central Yerevan on Saturday evening to demand that the "
    "government publish the terms of border talks with Azerbaijan. Police said the rally passed peacefully."
)
D1_TEXT = (
    "One Azerbaijani soldier was killed by sniper fire from Armenian positions in Tovuz district on Friday, "
    "the defence ministry in Baku said. Armenia denied its troops had fired."
)
F1_TEXT = (
    "The foreign ministers of Armenia and Azerbaijan will meet in Almaty on July 20 to continue talks on a "
    "peace treaty, Kazakhstan's foreign ministry announced on Saturday."
)


def separate_incidents() -> list[ArticleResult]:
    c1 = article("yerevan-times-0713-rally", "Yerevan Times", "2024-07-13",
                 "Thousands rally in Yerevan over border talks", C1_TEXT)
    ec = Event(id="e1", event_type="Protests", sub_event_type="Peaceful protest",
               date=day("2024-07-13", "on Saturday evening"), location=YEREVAN,
               actors=[Actor("Protesters (Armenia)", "party", "civilians", "Armenia")],
               evidence=[span(C1_TEXT, "Several thousand people marched through central Yerevan")], confidence=0.8)
    d1 = article("caspian-wire-0720-sniper", "Caspian Wire", "2024-07-20",
                 "Azerbaijani soldier killed by sniper fire, Baku says", D1_TEXT)
    ed = Event(id="e1", event_type="Battles", sub_event_type="Armed clash",
               date=day("2024-07-19", "on Friday"), location=TOVUZ, actors=[ARMED_FORCES_AZ, ARMED_FORCES_AM],
               casualties=[killed(D1_TEXT, "One Azerbaijani soldier was killed", "military", 1, "Azerbaijan",
                                  "the defence ministry in Baku")],
               claimed_by=["the defence ministry in Baku"],
               evidence=[span(D1_TEXT, "killed by sniper fire from Armenian positions in Tovuz district")],
               confidence=0.85)
    f1 = article("caspian-wire-0713-talks", "Caspian Wire", "2024-07-13",
                 "Armenian and Azerbaijani foreign ministers to meet in Almaty", F1_TEXT)
    ef = Event(id="e1", status="planned", event_type="Strategic developments", sub_event_type="Agreement",
               date=day("2024-07-20", "on July 20"), location=ALMATY,
               actors=[Actor("Government of Armenia", "party", "government", "Armenia"),
                       Actor("Government of Azerbaijan", "party", "government", "Azerbaijan"),
                       Actor("Government of Kazakhstan", "mediator", "government", "Kazakhstan")],
               evidence=[span(F1_TEXT, "will meet in Almaty on July 20")], confidence=0.7)
    return [ArticleResult(c1, [ec]), ArticleResult(d1, [ed]), ArticleResult(f1, [ef])]


def all_results() -> list[ArticleResult]:
    return incident_a() + incident_b() + separate_incidents()


# (article id, event id) -> incident
GOLD = {
    ("caspian-wire-0713-tovuz", "e1"): "tovuz-clash",
    ("caspian-wire-0713-tovuz", "e2"): "karabakh-war-2020",
    ("schbr-0713-border-clash", "e1"): "tovuz-clash",
    ("baku-observer-0714-toll", "e1"): "tovuz-clash",
    ("yerevan-times-0713-border", "e1"): "tovuz-clash",
    ("donbas-daily-0713-market", "e1"): "kostiantynivka-market",
    ("eastern-monitor-0715-market-toll", "e1"): "kostiantynivka-market",
    ("donbas-daily-0713-roundup", "e1"): "kostiantynivka-market",
    ("donbas-daily-0713-roundup", "e2"): "druzhkivka-shelling",
    ("yerevan-times-0713-rally", "e1"): "yerevan-rally",
    ("caspian-wire-0720-sniper", "e1"): "tovuz-sniper",
    ("caspian-wire-0713-talks", "e1"): "almaty-talks",
}

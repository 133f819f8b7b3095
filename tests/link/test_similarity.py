"""Component scores of linking and near-duplicate detection, table-driven on real phrasings."""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.link.blocking import Window
from warledger.link.similarity import (
    LINK_THRESHOLD,
    NEAR_DUPLICATE_THRESHOLD,
    Profile,
    actor_score,
    casualty_score,
    date_score,
    estimated_jaccard,
    link_score,
    minhash_signature,
    normalise_name,
    place_score,
    statuses_compatible,
    type_score,
)
from warledger.model import Location

D = dt.date
KHARKIV = Location("Kharkiv", "Ukraine", "UA", "Kharkiv", 49.9935, 36.2304, "city", 706483)
CHUHUIV = Location("Chuhuiv", "Ukraine", "UA", "Kharkiv", 49.8353, 36.6880, "city", 710719)  # ~37 km away
KHARKIV_OBLAST = Location("Kharkiv Oblast", "Ukraine", "UA", "Kharkiv", 49.5, 36.5, "admin1")
UKRAINE = Location("Ukraine", "Ukraine", "UA", None, 49.0, 32.0, "country")
SUMY = Location("Sumy", "Ukraine", "UA", "Sumy", 50.9216, 34.8003, "city", 692194)
BELGOROD = Location("Belgorod", "Russia", "RU", "Belgorod", 50.6107, 36.5802, "city", 578072)


@pytest.mark.parametrize("a, b, expected", [
    (("Battles", "Armed clash"), ("Battles", "Armed clash"), 1.0),
    (("Battles", "Armed clash"), ("Battles", None), 0.8),
    (("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"), 0.5),
    (("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"), 0.5),
    (("Protests", "Peaceful protest"), ("Explosions/Remote violence", "Air/drone strike"), 0.0),
    ((None, None), ("Battles", "Armed clash"), 0.5),
])
def test_type_score(a: tuple, b: tuple, expected: float) -> None:
    assert type_score(*a, *b) == expected


@pytest.mark.parametrize("a, b, low, high", [
    (KHARKIV, KHARKIV, 1.0, 1.0),
    (KHARKIV, CHUHUIV, 0.1, 0.3),  # two towns 37 km apart: only the shared oblast lets them be compared
    (KHARKIV, KHARKIV_OBLAST, 0.8, 1.0),  # "in Kharkiv region" can be the city
    (CHUHUIV, KHARKIV_OBLAST, 0.7, 1.0),
    (KHARKIV, UKRAINE, 0.5, 0.5),  # "in Ukraine" says little but does not contradict
    (KHARKIV, BELGOROD, 0.0, 0.0),  # across the border: never the same event
    (KHARKIV, None, 0.5, 0.5),
])
def test_place_score(a: Location, b: Location | None, low: float, high: float) -> None:
    assert low <= place_score(a, b) <= high


@pytest.mark.parametrize("a, b, expected", [
    (Window(D(2026, 10, 22), D(2026, 10, 22)), Window(D(2026, 10, 22), D(2026, 10, 22)), 1.0),
    (Window(D(2026, 10, 21), D(2026, 10, 22)), Window(D(2026, 10, 22), D(2026, 10, 22)), 0.8),  # "overnight"
    (Window(D(2026, 10, 20), D(2026, 10, 20)), Window(D(2026, 10, 22), D(2026, 10, 22)), 0.3),  # two days apart
    (Window(D(2026, 10, 10), D(2026, 10, 10)), Window(D(2026, 10, 22), D(2026, 10, 22)), 0.0),
    (None, Window(D(2026, 10, 22), D(2026, 10, 22)), 0.5),
])
def test_date_score(a: Window | None, b: Window, expected: float) -> None:
    assert date_score(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("a, b, expected", [
    ({"rapid support forces", "sudanese armed forces"}, {"rapid support forces"}, 1.0),
    ({"rapid support forces"}, {"sudanese armed forces"}, 0.0),
    (set(), set(), 0.5),
    ({"houthis"}, set(), 0.4),
])
def test_actor_score(a: set, b: set, expected: float) -> None:
    assert actor_score(frozenset(a), frozenset(b)) == expected


@pytest.mark.parametrize("a, b, low, high", [
    ({"killed": (5, 5, 5)}, {"killed": (5, 5, 5)}, 1.0, 1.0),
    ({"killed": (5, 5, 5)}, {"killed": (7, 7, 7)}, 1.0, 1.0),  # a toll that rose later
    ({"killed": (30, 30, 99)}, {"killed": (17, 17, 17)}, 1.0, 1.0),  # "at least 30" vs 17: within a factor of 2
    ({"killed": (3, 3, 3)}, {"killed": (40, 40, 40)}, 0.2, 0.3),  # an order of magnitude apart
    ({"wounded": (3, 3, 3)}, {"killed": (40, 40, 40)}, 0.5, 0.5),  # nothing to compare
])
def test_casualty_score(a: dict, b: dict, low: float, high: float) -> None:
    assert low <= casualty_score(a, b) <= high


@pytest.mark.parametrize("a, b, ok", [
    ("reported", "reported", True), ("planned", "planned", True), ("reported", "background", True),
    ("reported", "planned", False), ("planned", "background", False),
])
def test_statuses_compatible(a: str, b: str, ok: bool) -> None:
    assert statuses_compatible(a, b) is ok


@pytest.mark.parametrize("name, expected", [
    ("The Rapid Support Forces", "rapid support forces"),
    ("Azerbaijan's defence ministry", "azerbaijan s defence ministry"),
    ("  HTS ", "hts"),
])
def test_normalise_name(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


def _profile(**kw: object) -> Profile:
    base = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                window=Window(D(2026, 10, 22), D(2026, 10, 22)), location=KHARKIV,
                actor_keys=frozenset({"russian forces"}), casualties={"killed": (4, 4, 4)},
                tokens=frozenset({"missile", "struck", "kharkiv", "district", "residential"}),
                source_groups=frozenset({"a"}))
    base.update(kw)
    return Profile(**base)  # type: ignore[arg-type]


def test_link_score_separates_same_and_different_events() -> None:
    same = _profile(casualties={"killed": (6, 6, 6)}, tokens=frozenset({"missile", "kharkiv", "district", "killed"}),
                    source_groups=frozenset({"b"}))
    assert link_score(_profile(), same) >= LINK_THRESHOLD
    elsewhere = _profile(location=SUMY, source_groups=frozenset({"b"}))
    assert link_score(_profile(), elsewhere) == 0.0
    nearby_town = _profile(location=CHUHUIV, source_groups=frozenset({"b"}))
    assert link_score(_profile(), nearby_town) < link_score(_profile(), _profile(source_groups=frozenset({"b"})))
    week_later = _profile(window=Window(D(2026, 10, 29), D(2026, 10, 29)), actor_keys=frozenset(),
                          casualties={}, tokens=frozenset({"shelling"}), source_groups=frozenset({"b"}))
    assert link_score(_profile(), week_later) < LINK_THRESHOLD
    planned = _profile(status="planned", source_groups=frozenset({"b"}))
    assert link_score(_profile(), planned) == 0.0


WIRE = (
    "A Russian missile struck a residential district of Kharkiv on Thursday morning, killing four people and "
    "wounding 21, the regional governor said. Rescuers were searching the rubble of a five-storey building for "
    "survivors, and emergency services said the fire on the upper floors had been put out by noon. The strike "
    "came a day after drones hit energy facilities in the region, cutting power to thousands of homes."
)
REPUBLISHED = (
    "Russian missile kills four in Kharkiv\n\n"
    "A Russian missile struck a residential district of Kharkiv on Thursday morning, killing four people and "
    "wounding 21, the regional governor said. Rescuers were searching the rubble of a five-storey building for "
    "survivors, and emergency services said the fire on the upper floors had been put out by noon.\n\n"
    "Baltic Courier with Global Wire Service"
)
OWN_REPORTING = (
    "Our correspondent in Kharkiv saw firefighters carrying residents out of an apartment block after Thursday's "
    "missile attack. Four people died, according to the governor, who said more than twenty were taken to "
    "hospital. Neighbours said they had heard the air-raid siren only seconds before the blast."
)


def test_wire_copy_is_a_near_duplicate_and_own_reporting_is_not() -> None:
    wire, copy, own = (minhash_signature(t) for t in (WIRE, REPUBLISHED, OWN_REPORTING))
    assert estimated_jaccard(wire, copy) >= NEAR_DUPLICATE_THRESHOLD
    assert estimated_jaccard(wire, own) < 0.2

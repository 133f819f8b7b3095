"""Blocking rules: date windows and place compatibility."""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.link.blocking import (
    BlockIndex,
    Window,
    candidate_date_bounds,
    event_window,
    is_linkable_window,
    places_compatible,
    windows_overlap,
)
from warledger.model import DateRange, Location

D = dt.date
OMDURMAN = Location("Omdurman", "Sudan", "SD", "Khartoum", 15.6445, 32.4777, "city")
KHARTOUM = Location("Khartoum", "Sudan", "SD", "Khartoum", 15.5518, 32.5324, "city")  # ~12 km
EL_FASHER = Location("El Fasher", "Sudan", "SD", "North Darfur", 13.6279, 25.3494, "city")
SUDAN = Location("Sudan", "Sudan", "SD", None, 15.0, 30.0, "country")
NORTH_DARFUR = Location("North Darfur", "Sudan", "SD", "North Darfur", 15.8, 25.0, "admin1")
ABECHE = Location("Abeche", "Chad", "TD", "Ouaddai", 13.8292, 20.8324, "city")


@pytest.mark.parametrize("a, b, ok", [
    (OMDURMAN, KHARTOUM, True),  # 12 km: within the city radius
    (OMDURMAN, EL_FASHER, False),  # 800 km
    (EL_FASHER, NORTH_DARFUR, True),  # same first-level region
    (EL_FASHER, SUDAN, True),  # "in Sudan" matches anywhere in Sudan
    (ABECHE, SUDAN, False),  # ... but nothing abroad
    (EL_FASHER, ABECHE, False),
    (EL_FASHER, None, True),
])
def test_places_compatible(a: Location, b: Location | None, ok: bool) -> None:
    assert places_compatible(a, b) is ok
    assert places_compatible(b, a) is ok


@pytest.mark.parametrize("a, b, ok", [
    (Window(D(2026, 10, 20), D(2026, 10, 20)), Window(D(2026, 10, 20), D(2026, 10, 20)), True),
    (Window(D(2026, 10, 20), D(2026, 10, 20)), Window(D(2026, 10, 22), D(2026, 10, 22)), True),  # ± 2 days
    (Window(D(2026, 10, 20), D(2026, 10, 20)), Window(D(2026, 10, 23), D(2026, 10, 23)), False),
    (Window(D(2026, 10, 11), D(2026, 10, 18)), Window(D(2026, 10, 15), D(2026, 10, 15)), True),  # "the past week"
    (None, Window(D(2026, 10, 15), D(2026, 10, 15)), True),
])
def test_windows_overlap(a: Window | None, b: Window, ok: bool) -> None:
    assert windows_overlap(a, b) is ok


def test_an_undated_report_covers_the_days_before_publication() -> None:
    assert event_window(None, D(2026, 10, 22)) == Window(D(2026, 10, 19), D(2026, 10, 22))
    assert event_window(DateRange(D(2026, 10, 20), D(2026, 10, 21), "days"), D(2026, 10, 22)) == Window(
        D(2026, 10, 20), D(2026, 10, 21))
    assert event_window(None, None) is None


def test_long_ranges_are_not_linkable_and_sql_bounds_cover_the_window() -> None:
    assert is_linkable_window(Window(D(2026, 10, 1), D(2026, 10, 31)))
    assert not is_linkable_window(Window(D(2026, 1, 1), D(2026, 12, 31)))
    lo, hi, end_min = candidate_date_bounds(Window(D(2026, 10, 20), D(2026, 10, 20)))
    assert lo <= D(2026, 9, 17) and hi == D(2026, 10, 22) and end_min == D(2026, 10, 18)


def test_block_index_finds_events_of_the_same_country_within_the_window() -> None:
    index = BlockIndex()
    index.add("fasher", "SD", Window(D(2026, 10, 11), D(2026, 10, 12)))
    index.add("omdurman", "SD", Window(D(2026, 10, 20), D(2026, 10, 20)))
    index.add("kharkiv", "UA", Window(D(2026, 10, 22), D(2026, 10, 22)))
    assert list(index.candidates("SD", Window(D(2026, 10, 21), D(2026, 10, 21)))) == ["omdurman"]
    assert list(index.candidates("SD", Window(D(2026, 10, 14), D(2026, 10, 14)))) == ["fasher"]
    assert list(index.candidates("UA", Window(D(2026, 10, 20), D(2026, 10, 20)))) == ["kharkiv"]

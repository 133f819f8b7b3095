"""Figures that are not head counts (years, ages, shares, times, labels) and absurd tolls."""

import pytest

from warledger.extract.sanity import is_absurd_toll, is_measure_or_label, looks_like_year


def _check(text: str, figure: str) -> bool:
    i = text.index(figure)
    return is_measure_or_label(text, i, i + len(figure))


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("since a 1994 peace treaty between the two countries", "1994"),
        ("the conflict began in 1988", "1988"),
        ("Since 2014 the region has been contested", "2014"),
        ("occupied 20 percent of the territory", "20"),
        ("occupied 20 per cent of the territory", "20"),
        ("a 14-year-old boy was among them", "14"),
        ("a 52 year old farmer", "52"),
        ("the shelling began at 3 pm local time", "3"),
        ("the patrol left at 6 a.m.", "6"),
        ("a checkpoint on Route 6 near the town", "6"),
        ("the 2nd Brigade moved north", "2"),
        ("about 36 km from the border", "36"),
        ("on 12 May the army withdrew", "12"),
        ("on May 3, the army withdrew", "3"),
        ("Hassan Ali, 45, was shot", "45"),
        ("fired 120 shells at the village", "120"),
        ("12.7mm machine guns were used", "12.7"),
        ("in Sector 4 of the front", "4"),
    ],
)
def test_not_a_count(text: str, figure: str) -> None:
    assert _check(text, figure)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("12 soldiers were killed", "12"),
        ("at least 30 civilians died", "30"),
        ("2,014 people were displaced", "2,014"),
        ("killing 7 fighters", "7"),
        ("the attack wounded 140 people", "140"),
    ],
)
def test_a_count(text: str, figure: str) -> None:
    assert not _check(text, figure)


@pytest.mark.parametrize(("figure", "expected"), [("1994", True), ("2016", True), ("1850", True), ("350", False),
                                                  ("12000", False)])
def test_looks_like_year(figure: str, expected: bool) -> None:
    assert looks_like_year(figure) is expected


@pytest.mark.parametrize(
    ("best", "sentence", "absurd"),
    [
        (5_000_000, "5,000,000 people were killed in the village raid.", True),
        (2_000_000, "The war has displaced 2,000,000 people nationwide.", True),
        (50_000, "50,000 residents were killed in the village.", True),
        (50_000, "The siege has killed 50,000 people over three years.", False),
        (12, "12 people were killed in the village.", False),
    ],
)
def test_absurd_tolls(best: int, sentence: str, absurd: bool) -> None:
    assert is_absurd_toll(best, sentence) is absurd

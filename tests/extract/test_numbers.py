"""Figures in words and digits, qualifiers, ranges and vague amounts -> low/best/high."""

import pytest

from warledger.extract.numbers import find_amounts, parse_amount, split_total, words_to_int


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("four", 4),
        ("seventeen", 17),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("ninety-nine", 99),
        ("a hundred", 100),
        ("one hundred", 100),
        ("a hundred and twelve", 112),
        ("two hundred and forty-five", 245),
        ("a dozen", 12),
        ("two dozen", 24),
        ("three dozen", 36),
        ("1,200", 1200),
        ("12,500", 12500),
        ("3 million", 3_000_000),
        ("two thousand", 2000),
        ("17", 17),
        ("a thousand", 1000),
    ],
)
def test_words_to_int(phrase: str, value: int) -> None:
    assert words_to_int(phrase) == value


@pytest.mark.parametrize(
    ("phrase", "low", "best", "high", "qualifier"),
    [
        ("17", 17, 17, 17, None),
        ("nearly 170", 153, 170, 170, "nearly"),
        ("almost 40", 36, 40, 40, "almost"),
        ("close to 200", 180, 200, 200, "close to"),
        ("at least 30", 30, 30, 30, "at least"),
        ("no fewer than 12", 12, 12, 12, "no fewer than"),
        ("more than 50", 51, 51, 51, "more than"),
        ("over 100", 101, 101, 101, "over"),
        ("about 20", 18, 20, 22, "about"),
        ("around 60", 54, 60, 66, "around"),
        ("some 300", 270, 300, 330, "some"),
        ("roughly 50", 45, 50, 55, "roughly"),
        ("approximately 10", 9, 10, 11, "approximately"),
        ("an estimated 2,000", 1800, 2000, 2200, "an estimated"),
        ("up to 40", 20, 40, 40, "up to"),
        ("as many as 9", 5, 9, 9, "as many as"),
        ("fewer than 10", 5, 9, 9, "fewer than"),
        ("20 to 30", 20, 25, 30, "range"),
        ("8-10", 8, 9, 10, "range"),
        ("two or three", 2, 2, 3, "range"),
        ("between 5 and 7", 5, 6, 7, "between"),
        ("between five and seven", 5, 6, 7, "between"),
        ("at least thirty-five", 35, 35, 35, "at least"),
        ("nearly two dozen", 21, 24, 24, "nearly"),
    ],
)
def test_qualifiers_and_ranges(phrase: str, low: int, best: int, high: int, qualifier: str | None) -> None:
    amount = parse_amount(phrase)
    assert amount is not None
    assert (amount.low, amount.best, amount.high, amount.qualifier) == (low, best, high, qualifier)
    assert amount.low <= amount.best <= amount.high


@pytest.mark.parametrize(
    ("phrase", "best", "acled_best"),
    [
        ("several", 3, 10),
        ("a few", 3, 3),
        ("dozens of", 24, 12),
        ("scores of", 40, 20),
        ("hundreds of", 200, 100),
        ("thousands of", 2000, 1000),
        ("an unknown number of", 1, 10),
        ("an unspecified number of", 1, 10),
        ("a number of", 3, 10),
        ("many", 10, 10),
        ("a handful of", 3, 3),
    ],
)
def test_vague_amounts_in_both_modes(phrase: str, best: int, acled_best: int) -> None:
    default, acled = parse_amount(phrase), parse_amount(phrase, acled_conventions=True)
    assert default is not None and acled is not None
    assert default.vague and acled.vague
    assert default.best == best
    assert acled.best == acled_best
    assert default.low <= default.best <= default.high
    assert acled.low <= acled.best <= acled.high


@pytest.mark.parametrize(("phrase", "acled_best"), [("20 to 30", 20), ("11-12", 11), ("between 2 and 4", 2)])
def test_acled_codes_a_range_with_its_lower_figure(phrase: str, acled_best: int) -> None:
    amount = parse_amount(phrase, acled_conventions=True)
    assert amount is not None and amount.best == acled_best


def test_two_figures_joined_by_and_stay_two() -> None:
    amounts = find_amounts("two soldiers and three civilians")
    assert [a.best for a in amounts] == [2, 3]


def test_offsets_point_at_the_figure() -> None:
    text = "Officials said nearly 170 fighters and 12 vehicles were lost."
    for a in find_amounts(text):
        assert text[a.start:a.end] == a.text
    assert [a.text for a in find_amounts(text)] == ["nearly 170", "12"]


@pytest.mark.parametrize("phrase", ["tank", "the village", "Route", ""])
def test_no_figure(phrase: str) -> None:
    assert parse_amount(phrase) is None


@pytest.mark.parametrize(("total", "parts", "share"), [(10, 2, 5), (9, 2, 5), (10, 3, 3), (3, 3, 1), (8, 8, 1),
                                                       (1, 12, 0), (7, 1, 7)])
def test_split_total_rounds_half_up(total: int, parts: int, share: int) -> None:
    assert split_total(total, parts) == share

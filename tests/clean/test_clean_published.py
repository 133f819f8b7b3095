"""Publication-date inference: explicit dates, history and future contexts, past-tense weekdays."""

import datetime as dt

import pytest

from warledger.clean.published import (
    explicit_dates,
    first_weekday_on_or_after,
    infer_published,
    is_future_context,
    is_historical_context,
    past_weekdays,
    reporting_period_date,
    weekday_tense,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smoke rises over the market, March 13, 2023.", [D(2023, 3, 13)]),
        ("The accord was signed on 12 May 1994 in Bishkek.", [D(1994, 5, 12)]),
        ("Dated 2016-04-03 in the ministry's statement.", [D(2016, 4, 3)]),
        ("Sunday, April 3rd, 2016 was the worst day.", [D(2016, 4, 3)]),
        ("On the 5th of June 2024 and on Sept. 1, 2024 there were strikes.", [D(2024, 6, 5), D(2024, 9, 1)]),
        ("February 30, 2023 is no date and neither is April 2016.", []),
        ("Talks resume on April 20.", []),  # no year
    ],
)
def test_explicit_dates(text: str, expected: list[dt.date]) -> None:
    assert [m.date for m in explicit_dates(text)] == expected


@pytest.mark.parametrize(
    ("sentence", "historical", "future"),
    [
        ("An Armenian serviceman stands near a howitzer, April 3, 2016.", False, False),
        ("The truce that ended the war was agreed 22 years ago, on May 12, 1994.", True, False),
        ("Back in June 3, 2014, the rebels held the airport.", True, False),
        ("Both sides signed a ceasefire in Moscow on April 5, 2016, the ministry said.", False, False),
        ("The former commander was arrested on April 5, 2016.", False, False),
        ("The town has been shelled daily since February 24, 2022.", True, False),
        ("Exactly ten years ago, on March 1, 2014, troops seized the parliament.", True, False),
        ("A file photo shows the bridge on June 2, 2019.", True, False),
        ("Envoys will meet in Geneva on June 20, 2024.", False, True),
        ("Elections are scheduled for December 3, 2023.", False, True),
        ("The talks are due to resume on May 30, 2024.", False, True),
        ("A soldier stands next to a howitzer near the front line, April 3, 2016.", False, False),
        ("The ministry said on May 2, 2024 that troops would withdraw.", False, False),
        ("Negotiators meet again next week, after the round that ended on May 2, 2024.", False, True),
    ],
)
def test_date_contexts(sentence: str, historical: bool, future: bool) -> None:
    assert is_historical_context(sentence) is historical
    assert is_future_context(sentence) is future


@pytest.mark.parametrize(
    ("before", "after", "tense"),
    [
        ("Four civilians have died since clashes broke out again, Azerbaijan announced on ", ".", "past"),
        ("", " the ministry said it had halted attacks.", "past"),  # "On Monday the ministry said"
        ("Envoys from the three countries will come together in Vienna on ", " for talks.", "future"),
        ("Residents of three villages were evacuated on ", " after renewed shelling.", "past"),
        ("UN envoys are due to meet both delegations in Geneva next ", ".", "unknown"),
        ("The market was hit last ", ", residents said.", "unknown"),  # the week before: no anchor
        ("Officials said on Monday that talks will resume on ", ".", "future"),
        ("The market is open every ", ".", "unknown"),
        ("", ", envoys will meet in Doha.", "future"),
        ("Rain is forecast for ", ".", "unknown"),
    ],
)
def test_weekday_tense(before: str, after: str, tense: str) -> None:
    assert weekday_tense(before, after) == tense


def test_past_weekdays_in_order() -> None:
    text = ("Two soldiers were killed on Tuesday night, the ministry said on Wednesday. "
            "Talks will resume on Friday. The market was hit last Sunday.")
    assert past_weekdays(text) == [1, 2]


@pytest.mark.parametrize(
    ("day", "weekday", "expected"),
    [
        (D(2016, 4, 3), 1, D(2016, 4, 5)),  # Sunday -> Tuesday
        (D(2016, 4, 3), 6, D(2016, 4, 3)),  # the same weekday: that day
        (D(2024, 6, 9), 0, D(2024, 6, 10)),
        (D(2023, 12, 30), 1, D(2024, 1, 2)),  # across the year end
    ],
)
def test_first_weekday_on_or_after(day: dt.date, weekday: int, expected: dt.date) -> None:
    assert first_weekday_on_or_after(day, weekday) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a caption dateline, then "announced on Tuesday": the Tuesday after the photo
        ("Soldiers stand near an artillery piece in the mountains, April 3, 2016.\n\n"
         "Four civilians have died in the shelling, the government announced on Tuesday.\n\n"
         "Envoys will meet in Vienna on Friday.", D(2016, 4, 5)),
        # several past weekdays: the latest of their first occurrences
        ("A woman walks past a burned shelter, North Darfur, June 9, 2024.\n\n"
         "Twelve people were killed, a charity said on Wednesday.\n\n"
         "The army said on Tuesday it had repelled an attack.", D(2024, 6, 12)),
        # only the history date and a future date: nothing usable
        ("The war ended with a truce agreed 22 years ago, on May 12, 1994.\n\n"
         "Talks are scheduled for June 3, 2024.", None),
        # history dates are skipped even when they are the latest-looking ones in a sentence with "since"
        ("Rebels have held the town since March 2, 2024. Shelling hit the market on February 27, 2024, "
         "officials said.", D(2024, 2, 27)),
        # no explicit date: a weekday alone names no week
        ("Gunmen killed two guards on Sunday, the governor said.", None),
        # an explicit date without weekdays is taken as it is
        ("Drone strike on fuel depot, May 21, 2024. Two workers were injured.", D(2024, 5, 21)),
        ("", None),
    ],
)
def test_infer_published(text: str, expected: dt.date | None) -> None:
    assert infer_published(text) == expected


def test_reporting_period_date_takes_the_latest_usable_date() -> None:
    text = ("Shelling hit the town on 2 March 2023, officials said. A second strike followed on "
            "4 March 2023. The town was founded on 1 June 1783.")
    assert reporting_period_date(text) == D(2023, 3, 4)

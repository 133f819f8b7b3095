"""Date phrases resolved against the publication date (warledger.extract.dates).

Publication date in most cases: Thursday 14 March 2024.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.extract.dates import find_dates, resolve_relative_date, resolve_weekday

PUB = dt.date(2024, 3, 14)  # a Thursday
D = dt.date


def first(sentence: str, published: dt.date = PUB, tense: str | None = None):
    found = find_dates(sentence, published, tense)
    assert found, f"no date found in {sentence!r}"
    return found[0]


# (sentence, expected start, expected end, precision)
ABSOLUTE = [
    ("Rebels stormed the town on 12 March 2024, residents said.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The convoy was hit on March 12, 2024 near the border.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The ministry's statement is dated 2024-03-12.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The strike was recorded on 12/03/2024 by monitors.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("Monitors logged the blast on 03/25/2024.", D(2024, 3, 25), D(2024, 3, 25), "day"),  # only month-first fits
    ("The shelling on 12.03.2024 destroyed a school.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("On 6 May 2020, farm workers held a sit-in outside the district office.", D(2020, 5, 6), D(2020, 5, 6), "day"),
    ("Around 7 May 2020 (as reported), militants attacked a checkpoint.", D(2020, 5, 7), D(2020, 5, 7), "day"),
    ("Between 4 and 6 May 2020, gunmen raided three villages.", D(2020, 5, 4), D(2020, 5, 6), "days"),
    ("Fighting raged between 3 and 5 March around the airport.", D(2024, 3, 3), D(2024, 3, 5), "days"),
    ("Talks took place from 28 February to 2 March in Doha.", D(2024, 2, 28), D(2024, 3, 2), "days"),
    ("Aid convoys were blocked 3-5 March 2024.", D(2024, 3, 3), D(2024, 3, 5), "days"),
    ("The siege lasted March 3-9, witnesses said.", D(2024, 3, 3), D(2024, 3, 9), "days"),
    ("Officials confirmed the raid on the 12th of March.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The village was shelled on March 12th.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("The offensive began in mid-March 2023.", D(2023, 3, 11), D(2023, 3, 20), "days"),
    ("Displacement grew sharply in early February.", D(2024, 2, 1), D(2024, 2, 10), "days"),
    ("Clashes were reported in late February.", D(2024, 2, 21), D(2024, 2, 29), "days"),
    ("Most of the killings happened in February 2024.", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("The militia withdrew in January.", D(2024, 1, 1), D(2024, 1, 31), "month"),
    ("The ceasefire collapsed in 2016.", D(2016, 1, 1), D(2016, 12, 31), "year"),
    ("A curfew was imposed on 28 Dec. 2023 after the riots.", D(2023, 12, 28), D(2023, 12, 28), "day"),
    ("Protesters gathered on Sept 9, 2023 in the capital.", D(2023, 9, 9), D(2023, 9, 9), "day"),
]


@pytest.mark.parametrize(("sentence", "start", "end", "precision"), ABSOLUTE)
def test_absolute_dates(sentence, start, end, precision):
    d = first(sentence)
    assert (d.range.start, d.range.end, d.range.precision) == (start, end, precision)
    assert d.text == sentence[d.start:d.end]


def test_yearless_date_after_publication_is_last_year_in_past_tense():
    d = first("The town was captured on 20 November.", published=D(2024, 1, 10))
    assert d.range.start == D(2023, 11, 20)


def test_yearless_date_in_future_tense_is_next_year():
    d = first("Elections will be held on 10 January.", published=D(2023, 12, 1))
    assert d.range.start == D(2024, 1, 10)


# weekday, tense, expected day (publication: Thursday 14 March 2024)
WEEKDAYS = [
    ("Gunmen attacked the market on Tuesday.", None, D(2024, 3, 12)),
    ("Officials said the army shelled the village on Sunday.", None, D(2024, 3, 10)),
    ("The convoy was ambushed late on Sunday.", None, D(2024, 3, 10)),
    ("Residents said the drone struck on Tuesday night.", None, D(2024, 3, 12)),
    ("A car bomb exploded early on Monday.", None, D(2024, 3, 11)),
    ("The ministry said on Thursday that 12 soldiers died.", None, D(2024, 3, 14)),  # same weekday = publication day
    ("Envoys will meet on Thursday in Geneva.", None, D(2024, 3, 14)),  # same weekday, future: still that day
    ("Envoys will meet on Tuesday in Geneva.", None, D(2024, 3, 19)),
    ("The ceasefire is expected to take effect on Saturday.", None, D(2024, 3, 16)),
    ("Negotiators are due to resume talks on Monday.", None, D(2024, 3, 18)),
    ("The rebels shelled the town last Friday.", None, D(2024, 3, 8)),
    ("Ministers plan to meet next Wednesday.", None, D(2024, 3, 20)),
    ("Saturday's attack left the bridge in ruins.", None, D(2024, 3, 9)),
    ("The talks on Wednesday ended without a deal.", "past", D(2024, 3, 13)),
    ("The talks on Wednesday may bring a deal.", "future", D(2024, 3, 20)),
]


@pytest.mark.parametrize(("sentence", "tense", "day"), WEEKDAYS)
def test_weekdays(sentence, tense, day):
    d = first(sentence, tense=tense)
    assert (d.range.start, d.range.end) == (day, day)


@pytest.mark.parametrize(
    ("published", "weekday", "tense", "expected"),
    [
        (D(2016, 4, 5), 1, "past", D(2016, 4, 5)),
        (D(2016, 4, 5), 1, "future", D(2016, 4, 5)),
        (D(2016, 4, 5), 6, "past", D(2016, 4, 3)),
        (D(2016, 4, 5), 6, "future", D(2016, 4, 10)),
        (D(2016, 4, 5), 2, "past", D(2016, 3, 30)),
        (D(2016, 4, 5), 2, "present", D(2016, 3, 30)),
        (D(2016, 4, 5), 0, "future", D(2016, 4, 11)),
    ],
)
def test_resolve_weekday_news_convention(published, weekday, tense, expected):
    assert resolve_weekday(weekday, published, tense) == expected


# relative phrases: (sentence, start, end, precision)
RELATIVE = [
    ("Two soldiers were killed yesterday in the north.", D(2024, 3, 13), D(2024, 3, 13), "day"),
    ("Police fired tear gas at students today.", D(2024, 3, 14), D(2024, 3, 14), "day"),
    ("A mortar round hit the clinic this morning.", D(2024, 3, 14), D(2024, 3, 14), "day"),
    ("Heavy gunfire was heard last night in the old city.", D(2024, 3, 13), D(2024, 3, 14), "days"),
    ("Drones struck fuel depots overnight, the governor said.", D(2024, 3, 13), D(2024, 3, 14), "days"),
    ("The town was shelled overnight into Wednesday.", D(2024, 3, 12), D(2024, 3, 13), "days"),
    ("Twenty people were killed in the past two days.", D(2024, 3, 12), D(2024, 3, 14), "days"),
    ("Nine attacks were recorded in the past 24 hours.", D(2024, 3, 13), D(2024, 3, 14), "days"),
    ("More than 40 civilians died over the last three days.", D(2024, 3, 11), D(2024, 3, 14), "days"),
    ("Militants raided two police posts last week.", D(2024, 3, 4), D(2024, 3, 10), "week"),
    ("The army said it regained the hill earlier this week.", D(2024, 3, 11), D(2024, 3, 14), "week"),
    ("Looting spread across the district earlier this month.", D(2024, 3, 1), D(2024, 3, 14), "month"),
    ("The group abducted 30 pupils last month.", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("The militia lost the town last year.", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("At least 300 people have died since clashes broke out.", D(2024, 3, 7), D(2024, 3, 14), "days"),
    ("Thousands have fled since fighting erupted.", D(2024, 3, 7), D(2024, 3, 14), "days"),
    ("Twelve villages have been burned since Sunday.", D(2024, 3, 10), D(2024, 3, 14), "days"),
    ("The shelling killed a family on Monday and Tuesday.", D(2024, 3, 11), D(2024, 3, 12), "days"),
    ("The soldier died of his wounds three days ago.", D(2024, 3, 11), D(2024, 3, 11), "day"),
    ("The bodies were found the day before yesterday.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("Attacks on convoys have increased in recent days.", D(2024, 3, 7), D(2024, 3, 14), "days"),
    ("Delegations will gather next week in Nairobi.", D(2024, 3, 18), D(2024, 3, 24), "week"),
    ("The truce is to take effect tomorrow.", D(2024, 3, 15), D(2024, 3, 15), "day"),
    ("Three checkpoints were overrun over the weekend.", D(2024, 3, 9), D(2024, 3, 10), "days"),
    ("Mediators will travel to the region at the weekend.", D(2024, 3, 16), D(2024, 3, 17), "days"),
    ("A drone hit the depot in the early hours of Monday.", D(2024, 3, 11), D(2024, 3, 11), "day"),
    ("Gunfire was reported last Tuesday night near the camp.", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ("Clashes resumed late last night in the north.", D(2024, 3, 13), D(2024, 3, 14), "days"),
    ("The bodies were recovered earlier today.", D(2024, 3, 14), D(2024, 3, 14), "day"),
    ("Nobody has claimed the attack two weeks ago.", D(2024, 2, 26), D(2024, 3, 3), "week"),
]


@pytest.mark.parametrize(("sentence", "start", "end", "precision"), RELATIVE)
def test_relative_dates(sentence, start, end, precision):
    d = first(sentence)
    assert (d.range.start, d.range.end, d.range.precision) == (start, end, precision)
    assert not d.is_historical


# history: (sentence, expected start year) and the mention is historical
HISTORY = [
    ("The conflict began in 1988 when the region sought independence.", 1988),
    ("The enclave has been outside state control since 1992.", 1992),
    ("Both sides signed a 1994 peace treaty that froze the front line.", 1994),
    ("Tens of thousands were displaced in the 1990s.", 1990),
    ("The province broke away two decades ago.", 2004),
    ("A 2015 peace accord has been repeatedly violated.", 2015),
    ("The dispute dates back to the early 1920s.", 1920),
    ("Rebels last held the city during 2012.", 2012),
]


@pytest.mark.parametrize(("sentence", "year"), HISTORY)
def test_history_mentions_are_historical(sentence, year):
    d = first(sentence)
    assert d.range.start.year == year
    assert d.is_historical


NOT_DATES = [
    "More than 2000 workers marched to the governor's office.",
    "The militia may march on the capital.",
    "Officials said 1500 families had fled.",
    "The brigade lost 12 tanks and 3 helicopters.",
    "",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_no_false_dates(sentence):
    assert find_dates(sentence, PUB) == []


# (sentence, texts of the dates that date an earlier incident, texts of the dates of the reported action)
EARLIER_INCIDENTS = [
    ("Lawyers staged protests against the killing of a trader by police on Tuesday.", ["on Tuesday"], []),
    ("Villagers marched to the police station to protest the killing of a farmer, allegedly by the police on "
     "January 6.", ["January 6"], []),
    ("Union members clashed with police after protesting against a February 22nd incident in which police beat a "
     "worker.", ["February 22nd"], []),
    ("Students held a sit-in on Wednesday against the attack on their hostel last week.", ["last week"],
     ["on Wednesday"]),
    ("Gunmen killed two traders on Tuesday in retaliation for the arrest of their leader last month.",
     ["last month"], ["on Tuesday"]),
    ("Outraged by the murder of a shopkeeper on Monday, traders shut the market.", ["on Monday"], []),
    ("Activists demanding justice for the rape of a schoolgirl in January blocked the highway.", ["in January"],
     []),
    ("The man injured on 3 March died on Friday.", ["3 March"], ["on Friday"]),
    ("A policeman who was wounded in an ambush last week succumbed to his injuries on Thursday.", ["last week"],
     ["on Thursday"]),
    ("The trader abducted on 1 March was released on Wednesday.", ["1 March"], ["on Wednesday"]),
    ("Relatives of the miners who were killed a year ago in the blast marched to the governor's office.",
     ["a year ago"], []),
    # the incident itself: its date is the event's
    ("The bodies of two men who were abducted on Monday were found near the river.", [], ["on Monday"]),
    ("Two soldiers were killed following an attack on their post on Monday.", [], ["on Monday"]),
    ("Police arrested three men on Monday.", [], ["on Monday"]),
    ("A man was shot on 3 March and died in hospital.", [], ["3 March"]),
    ("Troops clashed with rebels over the weekend near the dam.", [], ["over the weekend"]),
]


@pytest.mark.parametrize(("sentence", "earlier", "own"), EARLIER_INCIDENTS)
def test_dates_of_earlier_incidents_are_told_apart(sentence, earlier, own):
    found = find_dates(sentence, PUB)
    assert [d.text for d in found if d.earlier_incident] == earlier
    assert [d.text for d in found if not d.earlier_incident] == own


def test_several_dates_in_text_order_with_offsets():
    s = "Fighting that began on Sunday continued on 12 March 2024 and again yesterday."
    found = find_dates(s, PUB)
    assert [d.text for d in found] == ["on Sunday", "12 March 2024", "yesterday"]
    for d in found:
        assert s[d.start:d.end] == d.text


def test_yearless_range_takes_the_year_named_in_the_sentence():
    found = find_dates("Gunmen burned houses on 1 May 2020 and again on 3 May.", D(2021, 2, 1))
    assert [(d.range.start, d.range.end) for d in found] == [(D(2020, 5, 1), D(2020, 5, 1)),
                                                               (D(2020, 5, 3), D(2020, 5, 3))]


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        # ACLED notes: the parenthesis widens the date to when the event may have happened
        ("On 1 May 2020 (between 1-3 May), gunmen burned houses.", D(2020, 5, 1), D(2020, 5, 3), "days"),
        ("Around 2 June 2021 (between 31 May and 2 June), rebels looted a clinic.", D(2021, 5, 31), D(2021, 6, 2),
         "days"),
        ("Around 30 April 2020 (week of), soldiers detained a trader.", D(2020, 4, 27), D(2020, 5, 3), "week"),
        ("As reported on 28 April 2020, police beat a vendor.", D(2020, 4, 28), D(2020, 4, 28), "day"),
        ("On the night of 5 May 2020, a grenade hit a bar.", D(2020, 5, 5), D(2020, 5, 5), "day"),
        # a relative date followed by the written date: the written one wins
        ("The wounded trader died in hospital on Wednesday (29 April).", D(2020, 4, 29), D(2020, 4, 29), "day"),
        ("Gunmen shot at a patrol late on Sunday [26 April].", D(2020, 4, 26), D(2020, 4, 26), "day"),
        ("The strike began five days ago (27/04).", D(2020, 4, 27), D(2020, 4, 27), "day"),
    ],
)
def test_acled_note_date_forms(sentence, start, end, precision):
    found = find_dates(sentence, D(2020, 5, 1))
    assert len(found) == 1
    assert (found[0].range.start, found[0].range.end, found[0].range.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("phrase", "tense", "start", "end", "precision"),
    [
        ("on Tuesday", "past", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("on Tuesday", "future", D(2024, 3, 19), D(2024, 3, 19), "day"),
        ("on Thursday", "past", D(2024, 3, 14), D(2024, 3, 14), "day"),
        ("yesterday", "past", D(2024, 3, 13), D(2024, 3, 13), "day"),
        ("last week", "past", D(2024, 3, 4), D(2024, 3, 10), "week"),
        ("March 2024", "past", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("2016", "past", D(2016, 1, 1), D(2016, 12, 31), "year"),
        ("in the past two days", "past", D(2024, 3, 12), D(2024, 3, 14), "days"),
        ("12 March 2024", "past", D(2024, 3, 12), D(2024, 3, 12), "day"),
    ],
)
def test_resolve_relative_date(phrase, tense, start, end, precision):
    r = resolve_relative_date(phrase, PUB, tense)
    assert r is not None
    assert (r.start, r.end, r.precision, r.text) == (start, end, precision, phrase)


@pytest.mark.parametrize("phrase", ["", "   ", "the fog of war", "17", "at dawn of an unknown day", "%%%"])
def test_unparseable_is_none(phrase):
    assert resolve_relative_date(phrase, PUB) is None

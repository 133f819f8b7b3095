"""Tense and reported / planned / background status (warledger.extract.status)."""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.extract.dates import find_dates, resolve_relative_date
from warledger.extract.status import classify_status, is_cumulative_toll, sentence_tense

PUB = dt.date(2024, 3, 14)


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("The foreign ministers will meet in Geneva on Friday.", "future"),
        ("A ceasefire is expected to take effect at midnight.", "future"),
        ("Delegations are due to arrive in Doha next week.", "future"),
        ("The army plans to open a humanitarian corridor.", "future"),
        ("The envoy is set to visit the front line.", "future"),
        ("Talks are scheduled to resume after the holiday.", "future"),
        ("The two sides are to sign the accord in Addis Ababa.", "future"),
        ("Officials said the curfew would take effect on Saturday.", "future"),
        ("Voting begins tomorrow in the northern districts.", "future"),
        ("The rebels shelled the airport on Tuesday.", "past"),
        ("Three soldiers were killed in an ambush near the pass.", "past"),
        ("Police dispersed the crowd with tear gas.", "past"),
        ("Government troops are advancing on the city.", "present"),
        ("Fighting continues around the refinery.", "present"),
        ("", "past"),
    ],
)
def test_sentence_tense(sentence, tense):
    assert sentence_tense(sentence) == tense


@pytest.mark.parametrize(
    "sentence",
    [
        "The conflict began in 1988 when the enclave voted to leave the republic.",
        "The region has been run by ethnic separatists since 1992.",
        "A 1994 peace treaty ended the full-scale war but never settled the dispute.",
        "A 2015 peace accord was supposed to disarm the militias.",
        "The war in the 1990s killed some 30,000 people.",
        "The clashes are the deadliest since the truce was signed.",
        "Two decades ago the same valley was emptied by fighting.",
        "The decades-old conflict has flared up repeatedly.",
    ],
)
def test_history_is_background(sentence):
    assert classify_status(sentence, PUB, None) == "background"


def test_date_range_years_before_publication_is_background():
    old = resolve_relative_date("in 2009", PUB)
    assert classify_status("Government forces retook the town.", PUB, old) == "background"


@pytest.mark.parametrize(
    "sentence",
    [
        "Foreign ministers of both countries will meet in Vienna on Tuesday.",
        "The ceasefire is expected to take effect on Friday at noon.",
        "Negotiators are due to resume talks in Nairobi next week.",
        "The government plans to hold a referendum on autonomy.",
        "The mediators are set to present a new proposal on Monday.",
        "A prisoner exchange is scheduled to take place at the border crossing.",
    ],
)
def test_future_plans_are_planned(sentence):
    assert classify_status(sentence, PUB, None) == "planned"


@pytest.mark.parametrize(
    "sentence",
    [
        "Artillery fire killed four civilians in the village on Tuesday.",
        "The ministry said 16 soldiers died in clashes overnight.",
        "Protesters blocked the highway for several hours yesterday.",
        "Militants killed two guards and vowed that more attacks will follow.",
        "The fighting, the heaviest since 2020, killed 30 soldiers on Sunday.",
        "Police arrested 12 people after the rally.",
        "Militias attacked the village in breach of a 2015 peace accord.",
        "Lawyers were detained for protesting outside the court over vacancies unfilled since 2009.",
    ],
)
def test_current_news_is_reported(sentence):
    assert classify_status(sentence, PUB, None) == "reported"


def test_future_date_range_is_planned():
    nxt = resolve_relative_date("next week", PUB, "future")
    assert classify_status("Talks in Vienna.", PUB, nxt) == "planned"


def test_no_publication_date_still_classifies():
    assert classify_status("Delegates will meet on Friday.", None, None) == "planned"
    assert classify_status("The war began in 1991.", None, None) == "background"
    assert classify_status("Gunmen shot dead a trader.", None, None) == "reported"


# (sentence, the figure as written, is it a tally of many incidents or a whole conflict)
TALLIES = [
    ("The war has killed more than 300,000 people since 2011.", "300,000", True),
    ("The insurgency has claimed over 35,000 lives across the north-east.", "35,000", True),
    ("About 20,000 people have been displaced since January, the UN said.", "20,000", True),
    ("More than 40,000 people have been killed since the war began in 2022.", "40,000", True),
    ("Since the start of the year, at least 250 civilians have been killed in the province.", "250", True),
    ("So far this year, 1,200 civilians have been killed in the region.", "1,200", True),
    ("Nearly 90 soldiers have died in the past three months along the border.", "90", True),
    ("The raid brings to 400 the number of people killed in the district since November.", "400", True),
    ("At least 5,000 people have died in the conflict so far.", "5,000", True),
    ("Two soldiers were killed on Monday; 48 soldiers have been killed in the province since January.", "48",
     True),
    # one incident's toll, even when counted "so far", "in all" or "since" the clashes of the last days
    ("Two soldiers were killed on Monday; 48 soldiers have been killed in the province since January.", "Two",
     False),
    ("At least 30 people have been killed since clashes broke out on Sunday, officials said.", "30", False),
    ("So far, 12 people have been confirmed dead in the blast at the market.", "12", False),
    ("In all, 14 people died in the two blasts on Tuesday.", "14", False),
    ("Three more bodies were found, bringing the death toll from Saturday's attack to 21.", "21", False),
    ("Five people were killed in an attack on a village earlier this month.", "Five", False),
    ("Four soldiers have been killed in the conflict zone this week.", "Four", False),
]


@pytest.mark.parametrize(("sentence", "figure", "tally"), TALLIES)
def test_cumulative_tolls_are_told_from_an_incidents(sentence: str, figure: str, tally: bool) -> None:
    start = sentence.index(figure)
    mentions = find_dates(sentence, PUB)
    assert is_cumulative_toll(sentence, start, start + len(figure), mentions, PUB) is tally


@pytest.mark.parametrize(
    "sentence",
    [
        "Party members staged a sit-in outside the district office and said they would join the coming strike.",
        "The union held a protest at the depot against plans to privatise the bus service.",
        "Hundreds gathered outside parliament to oppose a draft law they say will curb the press.",
        "Farmers blocked trains at the junction and vowed to continue next week.",
    ],
)
def test_a_protest_reported_as_done_is_reported_despite_a_plan(sentence):
    assert classify_status(sentence, PUB, None) == "reported"


def test_talks_to_be_held_are_still_planned():
    assert classify_status("Talks are to be held in Vienna next week.", PUB, None) == "planned"

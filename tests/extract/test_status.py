"""Tense and reported / planned / background status (warledger.extract.status)."""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.extract.dates import resolve_relative_date
from warledger.extract.status import classify_status, sentence_tense

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

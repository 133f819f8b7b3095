"""Regression tables for three geocoder faults (prose written for these tests):

1. a wire dateline ("NAIROBI, May 2 (GWS) -") is where the reporter files from, not the event's place;
2. the article's countries outweigh a bare alias or small namesake abroad ("Boni" is not Bonn);
3. a city that only hosts talks is not the place of a violent event elsewhere.
"""

from __future__ import annotations

import pytest
from geo_locate import locate

from warledger.geo.geocoder import dateline_length


def _locate(text: str, phrase: str, event_type: str = "Battles", title: str | None = None):
    return locate(text, phrase, event_type, title)


# --- 1. datelines --------------------------------------------------------------------------------

DATELINES = [
    # text, evidence phrase, expected country, expected name (None: any), names it must not be
    ("NAIROBI, May 2 (GWS) - Gunmen killed six traders at a market in Beledweyne, Somali police said on "
     "Friday.", "Gunmen killed six traders", "SO", "Beledweyne", {"Nairobi", "Nairobi City"}),
    ("BANGKOK — Jets bombed a monastery in Myanmar's Shan state overnight, killing 11 people, a local "
     "rebel group said.", "Jets bombed a monastery", "MM", "Shan", {"Bangkok"}),
    ("KAMPALA (GWS) -- Militiamen attacked a displacement camp near Bunia in northeastern Congo, the UN "
     "said.", "Militiamen attacked a displacement camp", "CD", "Bunia", {"Kampala"}),
    ("NIAMEY (GWS) - Jihadists killed 11 soldiers in an assault on a base in western Mali, the army said.",
     "Jihadists killed 11 soldiers", "ML", "Mali", {"Niamey"}),
    ("KHARTOUM, Jun 5 (GWS) - Two days of clashes over cattle on the edge of the Ethiopian town of Gambela left "
     "nine dead, officials said.", "Two days of clashes", "ET", None, {"Khartoum"}),
    ("ADDIS ABABA, Jan 9 (GWS) – Fighting between the army and rebels in Malakal killed at least 14 "
     "people, South Sudanese officials said.", "Fighting between the army", "SS", "Malakal", {"Addis Ababa"}),
]


@pytest.mark.parametrize(("text", "phrase", "country", "name", "not_names"), DATELINES)
def test_dateline_is_not_the_event_place(gazetteer, text, phrase, country, name, not_names) -> None:
    loc = _locate(text, phrase)
    assert loc is not None and loc.country_code == country
    assert loc.name not in not_names
    if name:
        assert loc.name == name


def test_dateline_abroad_never_locates_an_event_in_another_country(gazetteer) -> None:
    text = ("BANGKOK, Feb 3 (GWS) - Soldiers burned a village after a clash with resistance fighters, "
            "killing four farmers, witnesses said. Myanmar's junta denied the account.")
    loc = _locate(text, "Soldiers burned a village")
    assert loc is None or loc.country_code == "MM"


def test_dateline_alone_gives_at_most_its_country(gazetteer) -> None:
    text = "KABUL (GWS) - A roadside bomb killed two police officers on Sunday, officials said."
    loc = _locate(text, "A roadside bomb killed", "Explosions/Remote violence")
    assert loc is None or (loc.country_code == "AF" and loc.precision == "country")


@pytest.mark.parametrize(("text", "end"), [
    ("KHARTOUM, Oct 3 (GWS) - Shelling hit", len("KHARTOUM, Oct 3 (GWS) -")),
    ("BAMAKO (GWS) — Troops", len("BAMAKO (GWS) —")),
    ("GOMA, Democratic Republic of Congo, Nov 1 (GWS) - Rebels",
     len("GOMA, Democratic Republic of Congo, Nov 1 (GWS) -")),
    ("BANGKOK — Jets", len("BANGKOK —")),
    ("Fighting in Goma - the worst in months - killed nine.", 0),
    ("UN says 30 killed in Darfur", 0),
])
def test_dateline_length(text, end) -> None:
    assert dateline_length(text) == end


# --- 2. article context against readings abroad ----------------------------------------------------

ABROAD = [
    # text, evidence phrase, expected country, precisions allowed, names it must not be
    ("Jihadists overran a gendarmerie post in Boni on Monday, Mali's army said. Boni lies in the Mopti region "
     "of Mali, east of Douentza.", "Jihadists overran a gendarmerie post", "ML", {"city", "admin2", "admin1",
                                                                               "country"}, {"Bonn"}),
    ("An ambush near Boni in central Mali killed five soldiers, the army said; French officials were not "
     "available.", "An ambush near Boni", "ML", {"admin1", "country"}, {"Bonn", "Bonnut"}),
    ("Artillery shells fell on homes in Karari, a northern district of Omdurman, killing four, Sudanese "
     "medics said.", "Artillery shells fell on homes", "SD", {"city", "admin1"}, {"Karārī"}),
]


@pytest.mark.parametrize(("text", "phrase", "country", "precisions", "not_names"), ABROAD)
def test_article_country_beats_alias_abroad(gazetteer, text, phrase, country, precisions, not_names) -> None:
    loc = _locate(text, phrase)
    assert loc is not None and loc.country_code == country
    assert loc.precision in precisions and loc.name not in not_names


def test_named_foreign_city_still_found(gazetteer) -> None:
    text = "German police said 2,000 people marched in Bonn on Saturday against the war."
    loc = _locate(text, "2,000 people marched in Bonn", "Protests")
    assert loc is not None and (loc.name, loc.country_code) == ("Bonn", "DE")


# --- 3. venues of talks ------------------------------------------------------------------------------

VENUES = [
    # text, evidence phrase, event type, expected (name, country)
    ("Rebels and militias fought in Rutshuru on Friday even as negotiations continued in Doha.",
     "Rebels and militias fought", "Battles", ("CD", {"Rutshuru", "Rutshuru Territory"})),
    ("Gunmen shot dead three villagers in Masisi despite a truce mediated in Luanda last month.",
     "Gunmen shot dead three villagers", "Violence against civilians", ("CD", {"Masisi Territory"})),
    ("A drone struck a fuel depot in Malakal on Sunday, two days before peace talks in Addis Ababa.",
     "A drone struck a fuel depot", "Explosions/Remote violence", ("SS", {"Malakal"})),
    # not violent: the talks are the event, so their city is its place
    ("Government and rebel delegations opened talks in Doha on Monday. Fighting went on in Rutshuru.",
     "delegations opened talks in Doha", "Strategic developments", ("QA", {"Doha"})),
    # the fighting itself is after the talks: "talks in Luanda collapsed, fighting erupted in Goma"
    ("After talks in Luanda collapsed, fighting erupted in Goma on Monday, killing 12.",
     "fighting erupted in Goma", "Battles", ("CD", {"Goma"})),
]


@pytest.mark.parametrize(("text", "phrase", "event_type", "expected"), VENUES)
def test_talks_venue_is_not_a_battlefield(gazetteer, text, phrase, event_type, expected) -> None:
    loc = _locate(text, phrase, event_type)
    country, names = expected
    assert loc is not None and loc.country_code == country and loc.name in names

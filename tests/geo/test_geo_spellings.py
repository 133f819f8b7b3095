"""Names written with or without their word breaks, and transliterations with no other clue in the
article. Prose written for these tests."""

from __future__ import annotations

import pytest
from geo_locate import locate

from warledger.geo.geocoder import close_spelling
from warledger.geo.rules import without_arabic_article

# (text, phrase of the event, name, country, precision)
SPELLINGS = [
    # GeoNames writes Mu-se, the news Muse; a small Muse in the United States must not win
    ("A grenade was thrown at a police post in Muse late on Sunday, wounding two constables.",
     "wounding two constables", "Mu-se", "MM", "city"),
    # Amphoe Yi-ngo, written in one word, with its district designator
    ("Two rangers were wounded when a roadside bomb went off in Yingo district on Tuesday morning.",
     "Two rangers were wounded", "Amphoe Yi-ngo", "TH", "admin2"),
    # a transliteration of Jhenaidah, the only country that has such a name
    ("Police fired tear gas at stone-pelting crowds in Jhenidah town, leaving twelve people injured.",
     "leaving twelve people injured", "Jhenaidah", "BD", None),
    # a Persian name joined by the ezafe, not the Iraqi city of Kut
    ("Municipal workers struck in Kut e Abdollah over two months of unpaid wages.", "Municipal workers struck",
     "Kūt-e ‘Abdollāh", "IR", "city"),
    ("Three soldiers died when their vehicle hit a mine near Bir el Abd.", "Three soldiers died", "Bi’r al ‘Abd",
     "EG", "city"),
    # GeoNames' Al Atārib, written without the article, exactly and in another transliteration
    ("Hundreds marched in Atarib, west of Aleppo, against the new crossing.", "Hundreds marched", "Al Atārib",
     "SY", "city"),
    ("Shells hit a market in Atareb, in the western Aleppo countryside, wounding four.", "wounding four", "Al Atārib",
     "SY", "city"),
]


@pytest.mark.parametrize("text, phrase, name, code, precision", SPELLINGS)
def test_spelling_variants(gazetteer, text, phrase, name, code, precision) -> None:
    loc = locate(text, phrase)
    assert loc is not None and (loc.name, loc.country_code) == (name, code), loc
    assert precision is None or loc.precision == precision, loc


# a loose key shared by two different names is no reason to put an event abroad
NOT_PLACED = [
    ("Assailants torched four vehicles in the city's Malibagh area on Saturday evening.", "torched four vehicles"),
    ("Crowds gathered at Syntagma square to protest the pension cuts, chanting slogans against the government.",
     "Crowds gathered"),
]


@pytest.mark.parametrize("text, phrase", NOT_PLACED)
def test_loose_keys_alone_do_not_place(gazetteer, text, phrase) -> None:
    assert locate(text, phrase) is None


@pytest.mark.parametrize("written, name, same", [
    ("Jaleshwor", "Jaleshwar", True),
    ("Shanti Niketan", "Santiniketan", True),
    ("Yingo district", "Yi-ngo", True),
    ("Fakirapool", "Fakirapul", True),
    ("Syntagma", "Sainte-Gemme", False),
    ("Malibagh", "Malabag", False),
    ("Multan", "Mardan", False),
])
def test_close_spelling(written: str, name: str, same: bool) -> None:
    assert close_spelling(written, name) is same


@pytest.mark.parametrize("key, expected", [
    ("al atarib", "atarib"),
    ("ar raqqah", "raqqah"),
    ("ash shaykh maskin", "shaykh maskin"),
    ("al bab", None),  # too little left: "Bab" alone is no name
    ("al ain", None),
    ("alamein", None),
    ("atarib", None),
])
def test_without_arabic_article(key: str, expected: str | None) -> None:
    assert without_arabic_article(key) == expected

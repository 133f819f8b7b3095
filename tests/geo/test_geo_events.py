"""``geocode_events`` on small hand-made articles and events (prose written for these tests)."""

from __future__ import annotations

import pytest

from warledger.geo import geocode_events, mentions_from_text
from warledger.geo.geocoder import actor_countries, km
from warledger.model import Article, Casualty, Event, Evidence, PlaceMention


def _event_on(text: str, phrase: str, mentions: list[PlaceMention] | None = None) -> Event:
    start = text.index(phrase)
    ev = Evidence(start, start + len(phrase), phrase)
    return Event(id=phrase[:12], evidence=[ev], place_mentions=mentions or [])


def _locate(text: str, phrase: str, title: str | None = None, mentions: list[PlaceMention] | None = None):
    article = Article(id="t", text=text, title=title)
    event = _event_on(text, phrase, mentions)
    geocode_events(article, [event])
    return event.location


KARABAKH = (39.82, 46.75)


def test_occupied_region_coded_in_azerbaijan(gazetteer) -> None:
    text = ("Baku says three villagers were wounded by mortar fire in the occupied Karabakh region on Sunday. "
            "Yerevan denied the claim.")
    loc = _locate(text, "three villagers were wounded")
    assert loc is not None and loc.country_code == "AZ" and loc.precision == "region"
    assert km(loc.lat, loc.lon, *KARABAKH) < 50


def test_adjectival_region_phrase(gazetteer) -> None:
    text = "Shelling hit a school in the Azerbaijani region of Karabakh, the ministry said."
    loc = _locate(text, "Shelling hit a school")
    assert loc.country_code == "AZ" and loc.mention == "Karabakh"


def test_armenian_occupied_region_is_still_azerbaijan(gazetteer) -> None:
    text = "Two soldiers died in fighting around the Armenian-occupied region of Karabakh overnight."
    loc = _locate(text, "Two soldiers died")
    assert loc.country_code == "AZ"


def test_capital_speaking_for_government_is_not_the_place(gazetteer) -> None:
    text = "Baku said on Monday that two shepherds were killed near Tartar by sniper fire."
    loc = _locate(text, "two shepherds were killed")
    assert loc.name.lower().startswith("t") and loc.country_code == "AZ"
    assert km(loc.lat, loc.lon, 40.34, 46.93) < 30  # Tartar, not Baku


def test_vienna_talks_in_austria_not_virginia(gazetteer) -> None:
    text = ("Mediators from Russia, France and the US will meet the two foreign ministers in Vienna on Tuesday "
            "to discuss the ceasefire.")
    loc = _locate(text, "will meet the two foreign ministers in Vienna")
    assert loc.country_code == "AT" and km(loc.lat, loc.lon, 48.21, 16.37) < 20


def test_tripoli_follows_the_country_the_article_names(gazetteer) -> None:
    text = ("Lebanese soldiers clashed with gunmen in Tripoli on Friday. The army said two attackers were killed. "
            "Lebanon has seen a rise in such clashes.")
    loc = _locate(text, "The army said two attackers were killed")
    assert loc.country_code == "LB"


def test_tripoli_without_context_is_the_libyan_capital(gazetteer) -> None:
    text = "Rival militias exchanged rocket fire in Tripoli overnight, killing four."
    loc = _locate(text, "killing four")
    assert loc.country_code == "LY"


def test_sentence_naming_only_a_country_gives_country_precision(gazetteer) -> None:
    text = "The government of Mali said 12 soldiers were killed in attacks last week."
    loc = _locate(text, "12 soldiers were killed")
    assert (loc.country_code, loc.precision) == ("ML", "country")


def test_unknown_place_gives_no_location(gazetteer) -> None:
    text = "Gunmen killed three people in Zqwxvillage on Sunday."
    article = Article(id="t", text=text)
    event = _event_on(text, "Gunmen killed three people",
                      [PlaceMention("Zqwxvillage", text.index("Zqwx"), text.index("Zqwx") + 11, "in")])
    geocode_events(article, [event])
    assert event.location is None
    assert event.place_mentions[0].text == "Zqwxvillage"  # the mention is kept


def test_town_with_admin_area_in_parentheses(gazetteer) -> None:
    text = "On 3 March, unidentified gunmen shot dead a trader in Chaman (Killa Abdullah, Balochistan)."
    loc = _locate(text, "shot dead a trader")
    assert loc.country_code == "PK" and loc.precision == "city"
    assert km(loc.lat, loc.lon, 30.92, 66.45) < 25


def test_town_with_province_after_comma(gazetteer) -> None:
    text = "Police fired tear gas at protesters in Pisky, Donetsk, on Saturday."
    loc = _locate(text, "Police fired tear gas")
    assert loc.country_code == "UA" and km(loc.lat, loc.lon, 48.10, 37.66) < 30


def test_place_named_in_the_previous_sentence(gazetteer) -> None:
    text = "Fighting broke out in Kunduz on Thursday. Nine policemen were killed, officials said."
    loc = _locate(text, "Nine policemen were killed")
    assert loc.country_code == "AF" and km(loc.lat, loc.lon, 36.73, 68.86) < 25


def test_extraction_mention_without_offsets(gazetteer) -> None:
    text = "Two civilians were wounded when a drone struck a market."
    loc = _locate(text, "Two civilians were wounded", mentions=[PlaceMention("Mariupol")])
    assert loc.country_code == "UA" and loc.mention == "Mariupol"


def test_casualty_evidence_is_enough(gazetteer) -> None:
    text = "An airstrike hit a wedding in Saada province, killing 21 people."
    start = text.index("killing 21 people")
    cas = Casualty("killed", "civilians", 21, 21, 21, evidence=[Evidence(start, start + 17, "killing 21 people")])
    event = Event(id="e", casualties=[cas])
    geocode_events(Article(id="t", text=text), [event])
    assert event.location.country_code == "YE" and event.location.precision == "admin1"


def test_groups_named_give_the_country_when_no_place_is(gazetteer) -> None:
    text = "Houthi forces shelled government positions, killing two soldiers."
    loc = _locate(text, "killing two soldiers")
    assert (loc.country_code, loc.precision, loc.mention) == ("YE", "country", "Houthi")


def test_common_words_are_not_places(gazetteer) -> None:
    text = "Day 12 of the strike: Most shops stayed shut as the Chamber of Commerce backed the protest."
    loc = _locate(text, "Most shops stayed shut")
    assert loc is None


def test_two_events_in_one_article_get_their_own_places(gazetteer) -> None:
    text = ("Ukrainian forces said a missile struck Kharkiv on Monday, wounding five. "
            "Separately, two people were killed by shelling in Kherson.")
    article = Article(id="t", text=text)
    first = _event_on(text, "wounding five")
    second = _event_on(text, "two people were killed")
    geocode_events(article, [first, second])
    assert km(first.location.lat, first.location.lon, 49.98, 36.25) < 20
    assert km(second.location.lat, second.location.lon, 46.64, 32.61) < 20


def test_no_events_is_fine(gazetteer) -> None:
    assert geocode_events(Article(id="t", text="Nothing happened."), []) == []


@pytest.mark.parametrize("text, codes", [
    ("BJP workers blocked the highway.", {"IN": 1}),
    ("Houthi fighters and Saudi-led forces clashed.", {"YE": 1}),
    ("Al-Shabaab claimed the attack; the TTP denied a role.", {"SO": 1, "PK": 1}),
    ("The Awami League and the BNP traded blame.", {"BD": 2}),
    ("Nobody claimed the bombing.", {}),
    ("JUSTICE and PPPs were discussed.", {}),  # inside other words: no match
    ("The BNP-led alliance enforced a hartal.", {"BD": 1}),  # a hyphenated role word still names the group
    ("A Houthi-controlled port was struck.", {"YE": 1}),
    ("The TTP-style attack shocked residents.", {}),  # any other hyphenated word makes a new word
    ("The BNP-Jamaat combine called a siege.", {"BD": 1}),  # joined to another name: still the party
    ("MQM-P workers rallied.", {"PK": 1}),
    ("KRRS and CITU members held a joint fast.", {"IN": 2}),
    ("Activists of the IJT and the JSQM scuffled.", {"PK": 2}),
    ("Congress workers burned an effigy of the minister.", {"IN": 1}),  # India's party by its usual short name
    ("Members of Congress voted on the bill.", {}),  # ... not a legislature
    ("The Pak Army said five militants died.", {"PK": 1}),
    ("CRPF jawans and BSF troops were deployed.", {"IN": 2}),
    ("Frontier Corps personnel came under fire.", {"PK": 1}),
    ("Activists of the Nepali Congress and the CPN-UML blocked the road.", {"NP": 2}),
    ("Karen Rangers played a friendly; PTI reported it.", {}),  # generic or shared names are left out
    ("The Tatmadaw shelled positions held by the Arakan Army.", {"MM": 2}),
    ("Fano militia clashed with federal troops.", {"ET": 1}),
    ("FARC dissidents and the ELN fought over the route.", {"CO": 2}),
])
def test_actor_countries(text: str, codes: dict[str, int]) -> None:
    assert dict(actor_countries(text)) == codes


def test_mentions_from_text() -> None:
    mentions = mentions_from_text("Shelling hit Avdiivka and killed two near Horlivka.")
    assert [(m.text, m.role) for m in mentions if m.text in ("Avdiivka", "Horlivka")] == [
        ("Avdiivka", "in"), ("Horlivka", "in")]


@pytest.mark.parametrize("text, phrase, code, point", [
    ("Artillery hit two farms in the southern countryside of Idleb overnight.", "Artillery hit", "SY",
     (35.93, 36.63)),
    ("Residents blocked a road in Panama City (Bella Vista) to demand food aid.", "Residents blocked", "PA",
     (8.99, -79.52)),
    ("Youths protested in Bo town after the Paramount Chief was arrested.", "Youths protested", "SL", (7.96, -11.74)),
    ("Teachers rallied outside the Lahore Press Club over unpaid wages.", "Teachers rallied", "PK", (31.56, 74.35)),
    ("Farmers blocked Anna Road in Vellore against the land bill.", "Farmers blocked", "IN", (12.92, 79.13)),
    ("Two mortar rounds landed near Horlivka, Donetsk oblast, on Tuesday.", "Two mortar rounds", "UA",
     (48.30, 38.05)),
    ("Mediators of the OSCE Minsk Group met in Vienna to discuss the truce.", "Mediators of the OSCE", "AT",
     (48.21, 16.37)),
    ("A bomb went off at a market in Peshawar's Qissa Khwani bazaar.", "A bomb went off", "PK", (34.01, 71.58)),
])
def test_event_phrasings(gazetteer, text: str, phrase: str, code: str, point: tuple[float, float]) -> None:
    loc = _locate(text, phrase)
    assert loc is not None and loc.country_code == code, loc
    assert km(loc.lat, loc.lon, *point) < 30, loc


def test_no_foreign_village_in_an_article_about_one_country(gazetteer) -> None:
    text = ("Sudan's army said drones launched by the RSF struck Karari on Sunday, killing four. "
            "Sudan has accused the RSF of targeting civilians across Sudan.")
    loc = _locate(text, "killing four")
    assert loc.country_code == "SD"  # not the Karari in India

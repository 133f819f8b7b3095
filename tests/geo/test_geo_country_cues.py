"""The country of last resort from ``country_cues.tsv`` (one country's institutions, currencies and civic
terms), alone and together with the parties of ``actor_countries.tsv``. Prose written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from geo_locate import locate

from warledger.geo.geocoder import country_cues, leader_countries

GEO_DIR = Path(__file__).resolve().parents[2] / "warledger" / "geo"


# (text, phrase of the event, expected country or None): no place is named in any of these
NO_PLACE = [
    # one cue, one country
    ("Anganwadi workers staged a sit-in outside the collectorate demanding regular pay.",
     "staged a sit-in", "IN"),
    ("Villagers gheraoed the sarpanch after the ration shop stayed shut for a week.",
     "Villagers gheraoed the sarpanch", "IN"),
    ("Garment workers blocked a road demanding that the minimum wage be raised to 23,000 taka.",
     "Garment workers blocked a road", "BD"),
    ("Two men were hacked to death over a land dispute, the upazila nirbahi officer said.",
     "Two men were hacked to death", "BD"),
    ("Rangers at a checkpoint were fired on; the attackers fled with 40 million kyats from a bank van.",
     "were fired on", "MM"),
    ("A ranger was wounded when a bomb hidden in a motorcycle went off; Pol Col Somchai said two suspects "
     "were sought.", "A ranger was wounded", "TH"),
    ("Garment workers marched for a monthly wage of 800,000 riels.", "Garment workers marched", "KH"),
    ("Gunmen killed a barangay captain as he left a chapel.", "Gunmen killed", "PH"),
    ("Traders shut their shops over the price of fuel, which rose to 617 naira a litre.",
     "Traders shut their shops", "NG"),
    ("Residents of the woreda said militiamen burned twelve houses.", "burned twelve houses", "ET"),
    ("The hromada head said a drone hit a grain store overnight; no one was hurt.",
     "a drone hit a grain store", "UA"),
    ("Rescue 1122 said three people were injured when a gas cylinder exploded in a market.",
     "three people were injured", "PK"),
    ("Protesters gathered outside the Knesset against the judicial overhaul.", "Protesters gathered", "IL"),
    # a national leader: a vote, like a term of one country's institutions
    ("Protesters burned an effigy of Prime Minister Narendra Modi over the fuel price hike.",
     "burned an effigy", "IN"),
    ("Health workers rallied against an order by Prime Minister Prayut Chan-o-cha to transfer their chief.",
     "Health workers rallied", "TH"),
    ("Supporters of Imran Khan blocked a motorway demanding his release.", "blocked a motorway", "PK"),
    # one country's formations and offices, added evenly across countries
    ("Members of the MNREGA Employees Union staged a sit-in over delayed wages.", "staged a sit-in", "IN"),
    ("Activists of the Bharatiya Kisan Union blocked a highway over crop prices.", "blocked a highway", "IN"),
    # schooling, caste and civic terms of one country
    ("Teachers hired under the Sarva Shiksha Abhiyan marched to demand regular posts.", "marched", "IN"),
    ("Students of a mahavidyalaya blocked the road after their exam was cancelled.", "blocked the road", "IN"),
    ("Scheduled Caste families protested after they were barred from the village temple.", "protested", "IN"),
    ("Dealers shut their fair price shops over unpaid commissions.", "shut their fair price shops", "IN"),
    ("WAPDA linemen protested against the privatisation of the power companies.", "linemen protested", "PK"),
    ("Pickets torched a bus near the Bangabandhu stadium during the blockade.", "torched a bus", "BD"),
    ("The chief district officer imposed a curfew after protesters torched a police van.", "torched a police van",
     "NP"),
    # a country inside an institution's name
    ("Workers of the Food Corporation of India blocked the gate of a grain depot.",
     "blocked the gate", "IN"),
    # a plural and a capitalised lower-case term
    ("District officials said tambon chiefs and kamnans were briefed after the shooting.",
     "after the shooting", "TH"),
    # an actor and a cue naming the same country
    ("BJP workers protested outside the collectorate over the arrest of their leader.",
     "BJP workers protested", "IN"),
    # a cue breaks an actor tie: two parties of two countries, the currency of one
    ("BJP and Awami League supporters clashed at a border market over a debt of 5,000 taka.",
     "clashed at a border market", "BD"),
    # a clear majority: two cues of one country against one of another
    ("A collectorate clerk and a sarpanch were beaten over a loan paid in baht.",
     "were beaten", "IN"),
    # conflicting: one cue each, no country
    ("Smugglers fled with a sack of kyats and a sack of baht after a shootout.", "after a shootout", None),
    # an actor and a cue of different countries tie: no country
    ("BJP workers and traders paid in taka clashed after a meeting.", "clashed after a meeting", None),
    # no cue at all
    ("Teachers protested for a third day over unpaid salaries.", "Teachers protested", None),
    # terms several countries use are not cues
    ("Shops stayed shut during the hartal called by the opposition; police filed an FIR.",
     "Shops stayed shut", None),
    ("Protesters burned tyres outside the National Assembly demanding the minister's resignation.",
     "Protesters burned tyres", None),
]


@pytest.mark.parametrize(("text", "phrase", "code"), NO_PLACE, ids=[r[0][:40] for r in NO_PLACE])
def test_country_of_last_resort_from_cues(gazetteer, text: str, phrase: str, code: str | None) -> None:
    loc = locate(text, phrase)
    if code is None:
        assert loc is None
    else:
        assert loc is not None, f"{text!r}: no location"
        assert (loc.country_code, loc.precision) == (code, "country")


# a place named in the text gives the country, whatever the cues say
PLACE_WINS = [
    ("Employees of the Life Insurance Corporation of India and a bank in Dhaka struck work.",
     "struck work", "BD", "city"),
    ("Garment workers in Gazipur blocked a highway demanding 23,000 taka a month.",
     "blocked a highway", "BD", "city"),
    ("A farmer was shot dead in Kandahar; the killers took 500,000 rupiah and a motorbike.",
     "A farmer was shot dead", "AF", "city"),
    ("Villagers in Nepal protested at the collectorate office of the border district.",
     "Villagers in Nepal protested", "NP", "country"),
]


@pytest.mark.parametrize(("text", "phrase", "code", "precision"), PLACE_WINS, ids=[r[0][:40] for r in PLACE_WINS])
def test_a_place_beats_the_cues(gazetteer, text: str, phrase: str, code: str, precision: str) -> None:
    loc = locate(text, phrase)
    assert loc is not None
    assert (loc.country_code, loc.precision) == (code, precision)


@pytest.mark.parametrize(("text", "codes"), [
    ("paid 200 Taka and 3 kyats", {"BD": 1, "MM": 1}),
    ("the Tk 5,000 fine", {"BD": 1}),
    ("a TK-47 rifle", {}),                      # capitalised terms match only as written
    ("Takashi and Tkachenko", {}),               # whole words only
    ("upazila nirbahi officer and upazila", {"BD": 2}),  # the longest term first, each counted once
    ("Ansar-VDP members", {"BD": 1}),            # a hyphenated term is not its parts
    ("the yuan and renminbi", {"CN": 2}),
])
def test_country_cues_matching(text: str, codes: dict[str, int]) -> None:
    assert dict(country_cues(text)) == codes


def _terms(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (GEO_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, code = line.split("\t")
            rows.append((term, code))
    return rows


def test_leader_table_is_well_formed_and_apart_from_the_other_tables() -> None:
    leaders = _terms("leaders.tsv")
    names = [t for t, _ in leaders]
    assert len(names) == len(set(names)), "a name is listed twice"
    assert all(len(code) == 2 and code.isupper() for _, code in leaders)
    assert not [t for t in names if t.islower()], "leaders' names match as written: none is all lower case"
    others = {t.lower() for t, _ in _terms("actor_countries.tsv") + _terms("country_cues.tsv")}
    assert not [t for t in names if t.lower() in others], "a name is in two tables and would count twice"
    assert len({code for _, code in leaders}) >= 80


@pytest.mark.parametrize(("text", "codes"), [
    ("PM Modi's visit", {"IN": 1}),
    ("President Erdoğan and President Erdogan", {"TR": 2}),
    ("Modigliani paintings", {}),  # whole words only
    ("the Rajapaksa brothers", {"LK": 1}),
])
def test_leader_countries(text: str, codes: dict[str, int]) -> None:
    assert dict(leader_countries(text)) == codes


def test_cue_table_is_well_formed_and_apart_from_the_actors() -> None:
    cues = _terms("country_cues.tsv")
    terms = [t for t, _ in cues]
    assert len(terms) == len(set(terms)), "a term is listed twice"
    assert all(len(code) == 2 and code.isupper() for _, code in cues)
    actors = {t.lower() for t, _ in _terms("actor_countries.tsv")}
    assert not [t for t in terms if t.lower() in actors], "a term is in both tables and would count twice"
    assert len({code for _, code in cues}) >= 25

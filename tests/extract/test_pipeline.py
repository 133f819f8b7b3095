"""extract_events end to end on multi-paragraph articles written for these tests."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from warledger.extract import extract_events
from warledger.extract.pipeline import acled_tally, split_sentences
from warledger.model import Article

RESTATED = """Five Georgian police officers killed in border ambush

Georgia's Interior Ministry said five police officers were killed and nine others wounded on Sunday when gunmen \
ambushed their patrol near the village of Kvemo Alvani.

The ministry said the attackers fired from a forest above the road. Five police officers were killed and nine were \
wounded, according to the ministry, which said the gunmen had escaped into the hills.

The country's president will meet security chiefs in Tbilisi on Tuesday to discuss the attack.
"""

CONFLICTING = """Kyrgyzstan and Tajikistan trade blame after border clash

Kyrgyzstan's State Committee for National Security said 14 Tajik soldiers were killed in fighting near the \
Ak-Sai border post on Thursday.

Tajikistan's Defence Ministry said 3 Tajik soldiers were killed and accused Kyrgyz forces of opening fire first.
"""

HISTORY = """Shelling kills two civilians in Donetsk suburb

Two civilians were killed by artillery fire in a suburb of Donetsk on Friday, local officials said.

In 2014, more than 4,000 people were killed in the first months of the war in the region.
"""

SPORT = """Rovers edge City in title thriller

The striker shot low into the corner to give Rovers a 2-1 win. The battle for the title goes on, the coach said, \
after the goalkeeper saved a late penalty in front of a crowd of 30,000.
"""


def run(text: str, published: dt.date | None = dt.date(2024, 6, 3), outlet: str | None = "Caucasus Daily",
        **kwargs) -> list:
    article = Article(id="test-article", text=text, published=published, outlet=outlet)
    return extract_events(article, **kwargs)


def current(events):
    return [e for e in events if e.status != "background"]


def totals(events, kind):
    return sum(c.best for e in current(events) for c in e.casualties if c.kind == kind)


def test_headline_lede_and_body_restating_a_toll_count_once() -> None:
    events = run(RESTATED)
    assert totals(events, "killed") == 5
    assert totals(events, "wounded") == 9
    killed = [c for e in events for c in e.casualties if c.kind == "killed"]
    assert len(killed) == 1
    assert len(killed[0].evidence) == 3
    assert killed[0].group == "police"
    assert "Interior Ministry" in killed[0].claimed_by


def test_talks_are_a_planned_event_without_casualties() -> None:
    events = run(RESTATED)
    planned = [e for e in events if e.status == "planned"]
    assert len(planned) == 1
    assert not planned[0].casualties
    assert any(p.text == "Tbilisi" for p in planned[0].place_mentions)


def test_conflicting_claims_by_two_sides_are_kept() -> None:
    events = run(CONFLICTING)
    killed = [c for e in events for c in e.casualties if c.kind == "killed"]
    assert sorted(c.best for c in killed) == [3, 14]
    claimants = {c.best: c.claimed_by for c in killed}
    assert "Kyrgyzstan" in claimants[14]
    assert "Tajikistan" in claimants[3]
    assert all(c.side == "Tajikistan" for c in killed)


def test_a_background_paragraph_adds_nothing() -> None:
    events = run(HISTORY)
    assert totals(events, "killed") == 2
    assert all(e.date is None or e.date.start.year == 2024 for e in current(events))


def test_non_conflict_article_gives_no_events() -> None:
    assert run(SPORT) == []


# short notes in words the prefilter's conflict lexicon lacks; the event table's cues still see the action
NOTES = [
    ("Observers counted 35 bursts of fire involving small arms near the water station.", "Battles"),
    ("Observers recorded 12 projectiles involving unknown weapons south of the bridge.", "Explosions/Remote violence"),
    ("Residents reported that shoot-outs took place in two hillside neighbourhoods.", "Battles"),
    ("Party activists attacked a group of pilgrims on their way to the shrine on Sunday.",
     "Violence against civilians"),
    ("Nurses held a rally outside the district hospital, demanding six months of unpaid wages.", "Protests"),
    ("More than 300 opposition activists have been arrested in a special drive in the past two days.",
     "Strategic developments"),
    ("Two cocktails were exploded in front of the customs house in the afternoon.", "Explosions/Remote violence"),
]


# two-sentence notes whose action sentence has only generic violence, the toll sentence only a negated figure
NOTES += [
    ("Twelve ruling-party youths attacked an opposition councillor at his shop on Sunday. No injuries were "
     "reported.", "Violence against civilians"),
    ("Unidentified men opened fire on a checkpoint manned by police on Friday night. No casualties were reported.",
     "Battles"),
]


@pytest.mark.parametrize(("text", "event_type"), NOTES)
def test_short_note_with_an_event_cue_gives_an_event(text: str, event_type: str) -> None:
    events = current(run(text))
    assert [e.event_type for e in events] == [event_type]


@pytest.mark.parametrize(
    "text",
    [
        "The striker's late attack sank the league leaders and the fans stormed the pitch.",  # sport vocabulary
        "Shares fell as the central bank's raid on reserves rattled investors.",  # business vocabulary
        "The minister opened a new bridge over the river on Tuesday.",  # no action at all
    ],
)
def test_short_text_without_conflict_gives_no_events(text: str) -> None:
    assert run(text) == []


SUMMARY_SENTENCE = """A hard month in the north

Two attacks in ten days have exposed how thin the state's presence is in the north.

On Sunday, 9 soldiers were killed when insurgents ambushed a convoy near Gao, the army said.

Four days earlier, a roadside bomb killed three civilians on the road to Menaka.

The defence ministry has promised reinforcements for the region.
"""


def test_a_summary_sentence_of_an_article_is_not_an_event() -> None:
    # only a short note is read sentence by sentence for generic violence; an article's framing sentence is not news
    events = current(run(SUMMARY_SENTENCE))
    assert not any(e.evidence[0].text.startswith("Two attacks") for e in events)
    assert totals(events, "killed") == 12


@pytest.mark.parametrize(
    ("text", "event_type", "sub_type"),
    [
        # a note's sentence without an action of its own still types the one incident it tells
        ("Youths blocked the highway on Sunday to demand the arrest of the killers. Police dispersed the crowd.",
         "Protests", "Protest with intervention"),
        ("Villagers marched to the district office on Monday over water cuts. Riot police used tear gas on them.",
         "Protests", "Protest with intervention"),
    ],
)
def test_every_sentence_of_a_note_types_its_incident(text: str, event_type: str, sub_type: str) -> None:
    events = current(run(text))
    assert [(e.event_type, e.sub_event_type) for e in events] == [(event_type, sub_type)]


@pytest.fixture
def lexicon_misses_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """The relevance prefilter passes over every text: only the note gate can let one in (whatever words the
    conflict lexicon holds at the time)."""
    import warledger.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "is_relevant_article", lambda text: False)
    monkeypatch.setattr(pipeline, "is_relevant_sentence", lambda text: False)


def test_a_text_longer_than_a_note_needs_the_conflict_lexicon(lexicon_misses_everything: None) -> None:
    text = ("Residents reported that shoot-outs took place in two neighbourhoods. The council met on Monday. "
            "The budget was approved. The mayor thanked the staff. The session closed at noon.")
    assert run(text) == []
    assert current(run(text.split(" The council")[0]))  # the first sentence alone is a note


def test_a_long_text_needs_the_conflict_lexicon(lexicon_misses_everything: None) -> None:
    # a full article about conflict uses the prefilter's words; a long text with only table cues is not news of one
    filler = "The committee met in the town hall to discuss the budget for the coming year. " * 40
    assert run("Residents reported that shoot-outs took place in two neighbourhoods. " + filler) == []


@pytest.mark.parametrize(("text", "event_type"), NOTES)
def test_the_note_gate_alone_lets_short_notes_in(lexicon_misses_everything: None, text: str,
                                                  event_type: str) -> None:
    assert [e.event_type for e in current(run(text))] == [event_type]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a protest against an earlier killing: dated by its own report (publication), not by the killing
        ("Lawyers staged a sit-in outside the district court to protest against the killing of a colleague by "
         "unidentified gunmen on 28 May.", dt.date(2024, 6, 2), dt.date(2024, 6, 3)),
        ("Hundreds of villagers blocked the highway on Sunday against the arrest of their headman on 20 May.",
         dt.date(2024, 6, 2), dt.date(2024, 6, 2)),
        # a death after an earlier wounding: the death is the reported action
        ("A soldier wounded in a mortar attack on 20 May died of his injuries on Saturday, the army said.",
         dt.date(2024, 6, 1), dt.date(2024, 6, 1)),
    ],
)
def test_event_date_is_the_reported_actions_not_an_earlier_incidents(text: str, start: dt.date,
                                                                     end: dt.date) -> None:
    events = current(run(text))  # published Monday 3 June 2024
    assert events and (events[0].date.start, events[0].date.end) == (start, end)


RESTATED_BY_OFFICIAL = """Gunmen kill twelve at market in Kawuri

Twelve civilians were killed when gunmen on motorcycles attacked a market in Kawuri on Sunday, police said.

The state governor, Babagana Zulum, who visited the town on Monday, said 12 people had been killed and called for \
more troops to be sent to the area.
"""

ENEMY_LOSSES = """Azerbaijan and Armenia trade claims after night of fighting

Azerbaijan's Defence Ministry said on Sunday that the enemy lost 380 servicemen in the fighting near Fuzuli.

Armenia's Defence Ministry said 12 Armenian soldiers were killed and denied the Azerbaijani figure.
"""


def test_an_official_restating_a_toll_is_not_a_second_toll() -> None:
    events = run(RESTATED_BY_OFFICIAL)
    assert totals(events, "killed") == 12


def test_the_enemy_that_lost_servicemen_is_the_claimants_opponent() -> None:
    killed = [c for e in current(run(ENEMY_LOSSES)) for c in e.casualties if c.kind == "killed"]
    assert sorted((c.best, c.side) for c in killed) == [(12, "Armenia"), (380, "Armenia")]


TALLIES = """Shelling kills two civilians in Ariha

Two civilians were killed when shells hit a bakery in the town of Ariha on Monday, local officials said.

The war has killed more than 300,000 people since 2011. About 20,000 people have been displaced since January, \
according to the UN. In the province, 1,200 civilians have been killed this year.
"""


def test_cumulative_tolls_are_background_not_the_events_figures() -> None:
    events = run(TALLIES)
    assert totals(events, "killed") == 2
    assert totals(events, "displaced") == 0
    background = [c.best for e in events if e.status == "background" for c in e.casualties]
    assert 20000 in background and 1200 in background


def test_empty_article_gives_no_events() -> None:
    assert run("") == []
    assert run("   \n  ") == []


def test_evidence_offsets_index_the_article_text() -> None:
    for text in (RESTATED, CONFLICTING, HISTORY):
        for event in run(text):
            spans = list(event.evidence)
            spans += [ev for c in event.casualties for ev in c.evidence]
            spans += [ev for m in event.materiel for ev in m.evidence]
            for ev in spans:
                assert text[ev.start:ev.end] == ev.text
            for p in event.place_mentions:
                assert text[p.start:p.end] == p.text


def test_event_ids_are_stable_and_distinct() -> None:
    first, second = run(RESTATED), run(RESTATED)
    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == len(first)


def test_figure_without_claimant_goes_to_the_outlet() -> None:
    events = run("Mortar fire killed three shepherds near the frontier village on Saturday.")
    (cas,) = [c for e in events for c in e.casualties]
    assert cas.claimed_by == "Caucasus Daily"
    events = run("Mortar fire killed three shepherds near the frontier village on Saturday.", outlet=None)
    (cas,) = [c for e in events for c in e.casualties]
    assert cas.claimed_by == "the outlet"


def test_no_publication_date_means_no_event_date() -> None:
    events = run("Mortar fire killed three shepherds near the frontier village on Saturday.", published=None)
    assert events and all(e.date is None for e in events)


def test_our_soldiers_take_the_claimants_side() -> None:
    text = ("Armenia's Defence Ministry said 6 of our soldiers were killed in the shelling of a position in "
            "Tavush on Monday.")
    (cas,) = [c for e in run(text) for c in e.casualties]
    assert cas.side == "Armenia"


def test_materiel_with_side() -> None:
    text = "Ukraine's air force said it shot down 11 Russian drones over the Odesa region overnight."
    mats = [m for e in run(text) for m in e.materiel]
    assert [(m.kind, m.count, m.side, m.outcome) for m in mats] == [("drone", 11, "Russia", "destroyed")]


ACLED_NOTE = ("On 4 March 2021, militants attacked an army post near Tillia and killed several soldiers. "
              "Fatalities coded as 10, split between two events.")


def test_acled_conventions_tally_and_split() -> None:
    assert totals(run(ACLED_NOTE, published=dt.date(2021, 3, 4), acled_conventions=True), "killed") == 5
    assert totals(run(ACLED_NOTE, published=dt.date(2021, 3, 4), acled_conventions=False), "killed") == 3


@pytest.mark.parametrize(
    ("sentences", "tally"),
    [
        (["Two fatalities were reported.", "2 fatalities."], (2, 1)),
        (["Unknown number of fatalities coded as 10 and spread across three locations."], (10, 3)),
        (["Fatalities coded as 0 (local sources reported 1)."], (0, 1)),
        (["[1 fatality split among 4 events]"], (1, 4)),
        (["Clashes continued."], (None, 1)),
    ],
)
def test_acled_tally(sentences: list[str], tally: tuple) -> None:
    assert acled_tally(sentences) == tally


def test_split_sentences_keeps_headline_apart() -> None:
    text = "Headline without a stop\n\nFirst sentence here. Second one follows."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Headline without a stop", "First sentence here.", "Second one follows."]


def test_a_definite_restatement_is_not_a_second_toll() -> None:
    text = ("Two people were killed and nine wounded when drones struck the port overnight, the governor said.\n\n"
            "The two dead were a night watchman and a taxi driver, officials said.")
    assert totals(run(text), "killed") == 2


SAMPLE = Path(__file__).resolve().parents[2] / "warledger" / "data" / "sample_corpus"


def _sample_articles() -> list[dict]:
    return [json.loads(line) for line in (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _sample_figures() -> dict[str, list[dict]]:
    figures: dict[str, list[dict]] = {}
    with open(SAMPLE / "figures.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            figures.setdefault(row["article_id"], []).append(row)
    return figures


@pytest.mark.skipif(not (SAMPLE / "figures.tsv").exists(), reason="sample corpus not present")
def test_sample_corpus() -> None:
    """Non-conflict articles give no events; reported killed/wounded totals match the corpus gold mostly."""
    figures = _sample_figures()
    exact = tried = 0
    for rec in _sample_articles():
        article = Article(id=rec["id"], text=rec["text"], title=rec.get("title"), outlet=rec.get("outlet"),
                          published=dt.date.fromisoformat(rec["published"]) if rec.get("published") else None)
        events = extract_events(article)
        gold = figures.get(rec["id"])
        if gold is None:
            assert events == [], rec["id"]
            continue
        assert events, rec["id"]
        for kind in ("killed", "wounded"):
            want = sum(int(g["best"] or 0) for g in gold if g["kind"] == kind and g["status"] == "reported")
            tried += 1
            exact += int(totals(events, kind) == want)
    assert exact / tried >= 0.75, f"{exact}/{tried}"

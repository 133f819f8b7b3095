"""The benchmark corpus: a news feed as a monitoring desk gets it, mostly not about war.

* conflict reports: the bundled sample corpus, plus the dev texts of ``../shared/eval/dev/*.jsonl``
  when that folder exists (read at run time only; never copied into the repository);
* non-conflict news: sport, markets, weather, science and culture stories generated from the
  templates below (seeded, so every run measures the same texts), in the share that makes the
  feed about 70% irrelevant. Sports and business copy is full of words war reporting also uses
  ("attack", "shot", "striker", "battle", "target", "fire"): that is what a real feed looks like.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

from warledger.ingest import read_inputs
from warledger.model import IngestError, RawDocument
from warledger.paths import sample_corpus_dir

# the shared evaluation folder sits beside the repository (../shared); $WARLEDGER_DEV_DIR overrides
DEV_DIR = Path(os.environ.get("WARLEDGER_DEV_DIR") or Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev")

_SLOTS = {
    "team": ["Rovers", "United", "Athletic", "Wanderers", "City", "Rangers", "Albion", "Harriers", "Dynamo",
             "Sporting", "Olympic", "Spartans"],
    "town": ["Leeds", "Porto", "Lyon", "Gdansk", "Bilbao", "Turin", "Malmo", "Graz", "Leipzig", "Cork", "Seville",
             "Utrecht", "Brno", "Nantes"],
    "player": ["Marco Silva", "Jonas Lindqvist", "Kofi Mensah", "Tomasz Nowak", "Luis Ortega", "Daniel Keane",
               "Yusuf Demir", "Andre Lopes", "Pieter de Vries", "Sami Laine"],
    "company": ["Nordhaven Shipping", "Castellan Foods", "Brightline Telecom", "Orrin Motors", "Valemont Steel",
                "Kestrel Pharmaceuticals", "Halden Energy", "Meridian Retail", "Altavia Airlines"],
    "person": ["Ana Ferreira", "Thomas Becker", "Priya Raman", "Henrik Olsen", "Claire Dubois", "Mateo Rossi",
               "Helen Carter", "Kenji Watanabe"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "month": ["January", "March", "April", "June", "September", "October", "November"],
    "region": ["the north-west", "the Alps", "the coastal plain", "the Midlands", "the southern valleys",
               "the Baltic coast", "the central highlands"],
    "field": ["astronomers", "marine biologists", "geologists", "climate scientists", "archaeologists"],
    "work": ["a new opera", "a retrospective of early photographs", "a restored silent film",
             "a debut novel", "a touring exhibition of Flemish tapestries"],
}

_TOPICS: dict[str, dict[str, list[str]]] = {
    "sport": {
        "title": ["{team} edge {team2} in late thriller", "{player} double keeps {team} in title race",
                  "{team} battle back to draw at {town}", "Coach hails {team}'s defence after clean sheet"],
        "body": [
            "{player} scored twice in the second half as {team} came from behind to beat {team2} {a}-{b} on {weekday}.",
            "The striker fired a low shot past the goalkeeper in the {m}th minute after a swift counter-attack.",
            "{team2} had the better of the opening exchanges, hitting the post twice before the break.",
            "Their coach said the squad had shown character in a match that turned on a disputed penalty.",
            "The result lifts {team} to {ordinal} in the table, {a} points behind the leaders with {n} games left.",
            "A crowd of {thousands},000 watched the derby at the rebuilt stadium in {town}.",
            "{team2}'s captain was shown a second yellow card after a late challenge on {player}.",
            "The visitors launched wave after wave of attacks but could not find a way through a packed defence.",
            "It was the club's first away win of the season and their {ordinal} clean sheet in all competitions.",
            "{player}, signed in {month} from {team2}, has now scored {n} goals in his last {m2} league games.",
            "The semi-final against {team2} will be played in {town} next {weekday}.",
            "Fans set off flares before kick-off and the match was delayed by ten minutes, the league said.",
        ],
    },
    "markets": {
        "title": ["{company} shares jump after profit beats forecasts", "Markets slip as inflation data disappoints",
                  "{company} to cut costs as demand slows", "Central bank holds interest rates at {pct}%"],
        "body": [
            "Shares in {company} rose {pct}% in early trading on {weekday} after the group reported quarterly "
            "profit well ahead of analysts' expectations.",
            "The company said revenue climbed to {n}.{a} billion euros in the three months to {month}.",
            "Chief executive {person} told investors the group would target further savings of {thousands} million "
            "euros over two years.",
            "Inflation eased to {pct}.{a}% in {month}, the statistics office said, slightly above forecasts.",
            "The central bank kept its main interest rate unchanged and signalled that cuts were unlikely before the "
            "summer.",
            "Bond yields edged higher while the currency weakened against the dollar.",
            "Analysts said the results showed the turnaround plan was gaining traction despite weak demand in Asia.",
            "The benchmark index closed {a}.{b}% lower, dragged down by banks and energy stocks.",
            "{company} also raised its full-year guidance and announced a share buyback.",
            "Unions said they would fight plans to close two plants near {town} with the loss of {thousands}00 jobs.",
            "Oil prices fell for a third day on signs of weaker demand and rising inventories.",
        ],
    },
    "weather": {
        "title": ["Heavy snow expected in {region} this weekend", "Heatwave to break records across {region}",
                  "Storm brings flooding to parts of {region}", "Forecasters warn of frost after mild {month}"],
        "body": [
            "Forecasters have issued an amber warning for heavy snow across {region}, with up to {n}0 centimetres "
            "expected on higher ground by {weekday}.",
            "Temperatures are forecast to reach {thirties} degrees in {town}, which would beat the {month} record.",
            "The national weather service said the storm would bring gusts of up to {n}0 km/h along exposed coasts.",
            "Rail operators warned passengers to expect delays and cancellations on routes through {region}.",
            "Farmers said the dry spell had already cut yields of wheat and barley by a fifth.",
            "Several roads were closed after rivers burst their banks, and residents were urged to avoid travel.",
            "The mild weather is expected to end abruptly, with overnight frost likely from {weekday}.",
            "Schools in {town} will open late on {weekday} to let gritting crews clear the roads.",
            "Meteorologists said this autumn was on course to be the wettest since records began in 18{a}{b}.",
            "Ski resorts in {region} welcomed the early snowfall after two poor seasons.",
        ],
    },
    "science": {
        "title": ["{field} find unexpected link in ancient samples", "New telescope images reveal distant galaxy",
                  "Study tracks decline of songbirds in {region}", "Researchers map seabed off {town}"],
        "body": [
            "A team of {field} led by {person} has published findings that challenge a decades-old theory.",
            "The study, which appeared in a leading journal on {weekday}, analysed samples collected over {n} years.",
            "The researchers said further work was needed to confirm the results in other regions.",
            "Images from the new instrument show a galaxy whose light left it more than {n} billion years ago.",
            "Volunteers counted birds at more than {thousands}00 sites across {region} each spring.",
            "The number of breeding pairs has fallen by almost a third since the survey began.",
            "Funding for the project came from a European research council grant awarded in {month}.",
            "The team plans to return to the site next {month} with improved equipment.",
            "Other scientists welcomed the paper but cautioned that the sample size was small.",
        ],
    },
    "culture": {
        "title": ["{town} festival opens with {work}", "Critics praise {work} at the city theatre",
                  "Museum in {town} reopens after renovation", "Author {person} wins national book prize"],
        "body": [
            "The festival opened in {town} on {weekday} with {work}, drawing a sell-out audience.",
            "Director {person} said the production had taken {n} years to bring to the stage.",
            "The museum reopened after a renovation costing {n}{a} million euros, with new galleries for its "
            "collection.",
            "Critics praised the lead performance and the inventive staging of the final act.",
            "Tickets for the remaining {n} performances sold out within hours, the organisers said.",
            "The prize, worth {thousands},000 euros, was presented at a ceremony in {town} on {weekday} evening.",
            "The winning book follows three generations of a family of fishermen on {region}'s coast.",
            "The exhibition runs until {month} and then travels to galleries in {town2}.",
        ],
    },
}

_ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]


def _fill(template: str, rng: random.Random) -> str:
    teams = rng.sample(_SLOTS["team"], 2)
    towns = rng.sample(_SLOTS["town"], 2)
    values = {key: rng.choice(options) for key, options in _SLOTS.items()}
    values.update(team=teams[0], team2=teams[1], town=towns[0], town2=towns[1], a=rng.randint(0, 9),
                  b=rng.randint(0, 9), n=rng.randint(2, 9), m=rng.randint(10, 89), m2=rng.randint(4, 12),
                  pct=rng.randint(1, 9), thousands=rng.randint(12, 78), thirties=rng.randint(31, 41),
                  ordinal=rng.choice(_ORDINALS))
    return template.format(**values)


def generated_article(number: int, rng: random.Random) -> RawDocument:
    topic = rng.choice(sorted(_TOPICS))
    pools = _TOPICS[topic]
    title = _fill(rng.choice(pools["title"]), rng)
    sentences = rng.sample(pools["body"], k=min(len(pools["body"]), rng.randint(6, 10)))
    paragraphs: list[str] = []
    while sentences:
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(_fill(s, rng) for s in sentences[:take]))
        sentences = sentences[take:]
    return RawDocument(source=f"generated/{topic}-{number}.txt", text=f"{title}\n\n" + "\n\n".join(paragraphs),
                       format="text", title=title, outlet="Generated Wire")


def sample_corpus_documents() -> list[RawDocument]:
    return [d for d in read_inputs([str(sample_corpus_dir())]) if not isinstance(d, IngestError)]


def dev_documents(limit: int | None) -> list[RawDocument]:
    """Dev texts (conflict reports) from the shared eval folder, when it exists; none otherwise."""
    docs: list[RawDocument] = []
    for path in sorted(DEV_DIR.glob("*.jsonl")) if DEV_DIR.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            docs.append(RawDocument(source=f"dev:{record['id']}", text=record["text"], format="text",
                                    id=record["id"], published=_date(record.get("published"))))
    if limit is not None and len(docs) > limit:
        docs = random.Random(7).sample(docs, limit)  # spread over both dev sets
    return docs


def dev_gold_event_types() -> dict[str, str | None]:
    """Source (as in ``dev_documents``) -> the gold ACLED event type of that record (each dev record is one event)."""
    gold: dict[str, str | None] = {}
    for path in sorted(DEV_DIR.glob("*.jsonl")) if DEV_DIR.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[f"dev:{record['id']}"] = (record.get("gold") or {}).get("event_type")
    return gold


def _date(value: str | None):  # -> dt.date | None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def mixed_feed(dev_limit: int | None = 200, irrelevant_share: float = 0.7,
               seed: int = 2026) -> tuple[list[RawDocument], list[RawDocument]]:
    """(conflict documents, the whole mixed feed): conflict reports plus generated news at ``irrelevant_share``."""
    conflict = sample_corpus_documents() + dev_documents(dev_limit)
    n_generated = round(len(conflict) * irrelevant_share / (1 - irrelevant_share))
    rng = random.Random(seed)
    generated = [generated_article(i, rng) for i in range(n_generated)]
    mixed = conflict + generated
    random.Random(seed + 1).shuffle(mixed)
    return conflict, mixed


def repeated(docs: list[RawDocument], n: int) -> Iterator[RawDocument]:
    """``n`` documents cycling through ``docs``, each copy a distinct article (its own source and a dateline)."""
    for i in range(n):
        base = docs[i % len(docs)]
        copy = i // len(docs)
        text = base.text if copy == 0 else f"{base.text}\n\n(Updated edition {copy}.)"
        yield RawDocument(source=f"{base.source}#copy{copy}", text=text, format=base.format, title=base.title,
                          published=base.published, url=base.url, outlet=base.outlet, summary_only=base.summary_only)

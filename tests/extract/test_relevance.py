"""The relevance prefilter: conflict prose passes, sport and business prose does not."""

import pytest

from warledger.extract.relevance import is_relevant_article, is_relevant_sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Three soldiers were killed when their vehicle struck a landmine.",
        "Artillery shelling continued overnight along the front line.",
        "Rebels seized two villages after heavy fighting.",
        "An airstrike hit a school, the ministry said.",
        "Protesters clashed with police outside parliament.",
        "A man was shot to death outside his home.",
        "The ceasefire collapsed within hours.",
        "Gunmen abducted 20 passengers from a bus.",
        "Militants attacked a checkpoint with grenades.",
        "The victim later succumbed to his injuries.",
        "Opposition parties enforced a dawn-to-dusk hartal across the district.",
        "Teachers staged a dharna outside the education office demanding arrears.",
        "Traders observed a bandh in the town on Monday.",
        "Farmers continued their hunger strike for a fifth day.",
        "Students held a sit-in at the university gate.",
        "Villagers set up a road blockade on the highway.",
        "Party activists torched two buses during the shutdown.",
        "A crowd vandalised the police post after the arrest.",
        "Youths were seen stone pelting at the security forces.",
        # cue families added after measuring the prefilter's recall (benchmarks/throughput.py)
        "A detainee was beaten by prison guards on three occasions.",
        "Unknown men beat up a journalist outside the press club.",
        "Shops were looted after the shoot-out between two gangs.",
        "The crowd set fire to a bus near the market.",
        "Supporters of the opposition held a rally in the district headquarters.",
        "Students took out a procession and burnt an effigy of the chief minister.",
        "The agitation by sugarcane growers entered its third day.",
        "Violence broke out in the town after the results were declared.",
        "Members of a drug cartel threatened residents who broke the curfew.",
    ],
)
def test_conflict_sentences_are_relevant(sentence: str) -> None:
    assert is_relevant_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The striker shot wide in the final minute of the match.",
        "United won the battle for the title on the last day of the season.",
        "Shares fell sharply after quarterly earnings missed forecasts.",
        "The album topped the charts for a third week.",
        "Inflation eased to 3 percent in March.",
        "The coach praised his goalkeeper after the penalty shootout.",
        "Shares rallied as investors welcomed the rally in technology stocks.",
    ],
)
def test_sport_and_business_sentences_are_not(sentence: str) -> None:
    assert not is_relevant_sentence(sentence)


def test_articles() -> None:
    sport = ("Rovers beat City 3-1 to keep their title hopes alive. The striker shot twice in the first half and "
             "scored a penalty. The coach said the battle for the championship would go on until the final match.")
    war = ("Shelling killed four civilians in the border town on Monday. Officials said troops returned fire and "
           "the clashes lasted until dawn.")
    assert not is_relevant_article(sport)
    # "beaten" is a conflict cue (beatings); in sport copy the sport words outweigh it
    tennis = ("The defending champion was beaten in straight sets in the tennis tournament on Friday. "
              "Her opponent, seeded ninth, reaches her first semi-final of the season.")
    assert not is_relevant_article(tennis)
    assert is_relevant_article(war)
    assert not is_relevant_article("")

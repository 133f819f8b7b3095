"""Place mentions: NER plus patterns; demonyms are sides, not places."""

import pytest

from warledger.extract.nlp import english
from warledger.extract.places import find_places


@pytest.fixture(scope="module")
def nlp():
    return english()


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        ("Shells landed near Avdiivka on Tuesday.", ["Avdiivka"]),
        ("Fighting continued in the occupied Kherson region.", ["Kherson region"]),
        ("Two villages in Idlib province were hit by airstrikes.", ["Idlib province"]),
        ("The attack took place around the town of Bakhmut.", ["Bakhmut"]),
        ("Clashes erupted in the Tavush region of Armenia.", ["Tavush region", "Armenia"]),
        ("Gunmen attacked a market in Maiduguri, the capital of Borno state.", ["Maiduguri", "Borno state"]),
        ("A drone struck a depot outside Sevastopol.", ["Sevastopol"]),
        ("Azerbaijani troops crossed the line near Lachin district.", ["Lachin district"]),
        ("Militants ambushed a convoy in Khyber Agency.", ["Khyber Agency"]),
    ],
)
def test_places(nlp, sentence: str, places: list[str]) -> None:
    found = find_places(sentence, nlp(sentence)[:])
    assert [p.text for p in found] == places
    for p in found:
        assert sentence[p.start:p.end] == p.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijani and Armenian officials met on Monday.",
        "Armenian-backed militias fired mortars.",
        "The Organization for Security and Co-operation in Europe Minsk Group called for calm.",
        "The Defence Ministry said the attack was repelled.",
    ],
)
def test_demonyms_and_organisations_are_not_places(nlp, sentence: str) -> None:
    assert [p.text for p in find_places(sentence, nlp(sentence)[:])] == []

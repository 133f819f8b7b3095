"""Claimants: reporting verbs linked to their subject, resolved through the article."""

import pytest

from warledger.extract.claims import find_claims, resolve_claimant, side_of_name
from warledger.extract.nlp import english


@pytest.fixture(scope="module")
def nlp():
    return english()


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Georgia's Interior Ministry said three border guards were wounded.", "Georgia's Interior Ministry"),
        ("Two soldiers were killed overnight, the army said.", "army"),
        ("According to local officials, 14 people died in the blast.", "local officials"),
        ("According to the Syrian Observatory for Human Rights, 40 fighters were killed.",
         "Syrian Observatory for Human Rights"),
        ("Kyiv announced that four drones had been shot down.", "Kyiv"),
        ("The rebels claimed they had killed 30 government troops.", "rebels"),
        ("Police said the gunmen fled on motorbikes.", "Police"),
        ("A military spokesman told reporters that six militants were captured.", "military spokesman"),
        ("The ministry also reported that 16 servicemen had died.", "ministry"),
        ("The Kremlin said its forces had repelled the attack.", "Kremlin"),
        ("The clashes were reported by the United Nations mission in the area.", "United Nations"),
        ("Hospital sources confirmed that nine bodies had been brought in.", "Hospital sources"),
    ],
)
def test_find_claims(nlp, sentence: str, claimant: str) -> None:
    claims = find_claims(nlp(sentence))
    assert claims, sentence
    assert claims[0].name == claimant
    assert claimant in sentence[claims[0].start:claims[0].end]


@pytest.mark.parametrize(
    "sentence",
    [
        "Clashes were reported in three villages.",
        "Four soldiers were killed in the ambush.",
        "The shelling lasted for two hours.",
    ],
)
def test_no_claimant(nlp, sentence: str) -> None:
    assert find_claims(nlp(sentence)) == []


@pytest.mark.parametrize(
    ("name", "before", "previous", "resolved"),
    [
        ("ministry", "Georgia's Interior Ministry said on Monday that the border was closed.", [],
         "Georgia's Interior Ministry"),
        ("ministry", "The Azerbaijani Defence Ministry issued a statement.", [], "Azerbaijani Defence Ministry"),
        ("army", "The Nigerian Army said it had cleared the camp.", [], "Nigerian Army"),
        ("it", "", ["Ukraine's General Staff"], "Ukraine's General Staff"),
        ("he", "", ["Colonel Ivan Petrov"], "Colonel Ivan Petrov"),
        ("Baku", "", [], "government of Azerbaijan (Baku)"),
        ("Kyiv", "", [], "government of Ukraine (Kyiv)"),
        ("the Kremlin", "", [], "government of Russia (the Kremlin)"),
        ("ministry", "", ["Armenia's Defence Ministry"], "Armenia's Defence Ministry"),
        ("local officials", "", [], "local officials"),
    ],
)
def test_resolve_claimant(name: str, before: str, previous: list[str], resolved: str) -> None:
    assert resolve_claimant(name, before, previous) == resolved


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Azerbaijan's Defence Ministry", "Azerbaijan"),
        ("Armenian Defence Ministry", "Armenia"),
        ("government of Azerbaijan (Baku)", "Azerbaijan"),
        ("the Kremlin", "Russia"),
        ("South Sudanese army", "South Sudan"),
        ("local officials", None),
    ],
)
def test_side_of_name(name: str, side: str | None) -> None:
    assert side_of_name(name) == side

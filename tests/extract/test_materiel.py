"""Equipment destroyed, damaged or captured, with counts and sides."""

import pytest

from warledger.extract.casualties import ENEMY_SIDE
from warledger.extract.materiel import find_materiel


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Twelve Armenian armoured vehicles were destroyed in the counter-attack.",
         [("armoured vehicle", "destroyed", 12, "Armenia")]),
        ("Air defences shot down two Russian drones overnight.", [("drone", "destroyed", 2, "Russia")]),
        ("The rebels seized a tank and three armoured personnel carriers.",
         [("tank", "captured", 1, None), ("armoured vehicle", "captured", 3, None)]),
        ("The ministry said its forces destroyed 4 enemy tanks.", [("tank", "destroyed", 4, ENEMY_SIDE)]),
        ("A missile damaged a military helicopter on the ground.", [("helicopter", "damaged", 1, None)]),
        ("Ukrainian forces downed a Russian fighter jet near the coast.", [("aircraft", "destroyed", 1, "Russia")]),
        ("Five howitzers were destroyed by counter-battery fire.", [("artillery", "destroyed", 5, None)]),
        ("Insurgents captured two artillery pieces from the garrison.", [("artillery", "captured", 2, None)]),
        ("A patrol boat was sunk by a naval drone.", [("ship", "destroyed", 1, None)]),
        ("Militants burned out three military vehicles on the highway.",
         [("military vehicle", "destroyed", 3, None)]),
        ("The navy said a warship was damaged in the strike.", [("ship", "damaged", 1, None)]),
        ("Government troops destroyed six Israeli-made drones.", [("drone", "destroyed", 6, None)]),
    ],
)
def test_materiel(sentence: str, expected: list[tuple]) -> None:
    assert [(m.kind, m.outcome, m.count, m.side) for m in find_materiel(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The army could destroy dozens of tanks if the talks fail.",
        "No aircraft were shot down, the air force said.",
        "The government denied that any helicopters were damaged.",
        "Militants torched five oil tankers.",
        "Protesters destroyed a statue in the square.",
    ],
)
def test_no_materiel(sentence: str) -> None:
    assert find_materiel(sentence) == []


def test_evidence_offsets() -> None:
    sentence = "Officials said 7 tanks were destroyed."
    (m,) = find_materiel(sentence)
    assert sentence[m.start:m.end] == "7 tanks were destroyed"

"""The word-start gate never skips a pattern that matches (it is only a necessary condition)."""

from __future__ import annotations

import re

import pytest

from warledger.extract.event_types import load_cues
from warledger.extract.regex_gate import GATE_CHARS, fold, word_start_gate, word_start_prefixes

_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_fold_matches_what_ignorecase_matches_for_every_ascii_character() -> None:
    # every code point that re.IGNORECASE matches to an ASCII character folds to that character's lower case
    for code in range(0x20, 0x7F):
        char = chr(code)
        for hit in re.findall(re.escape(char), _ALL_CHARS, re.IGNORECASE):
            assert fold(hit) == char.lower(), (char, hex(ord(hit)))


def test_fold_keeps_offsets() -> None:
    assert len(fold(_ALL_CHARS)) == len(_ALL_CHARS)


def test_gate_lists_the_prefixes_of_an_alternation() -> None:
    gate = word_start_gate(r"(?<![\w-])(?:air ?strikes?|shell(?:ed|ing))(?![\w-])")
    assert gate == {"air s", "airst", "shell"}


def test_patterns_whose_start_cannot_be_listed_get_no_gate() -> None:
    assert word_start_gate(r"(?<![\w-])(?:[\w'-]+ ){0,3}forces") is None  # any word first
    assert word_start_gate(r"^\s*arrests?\s*:") is None  # not a word-start pattern
    assert word_start_gate(r"(?<![\w-])(?:a?)") is None  # may match nothing
    assert word_start_gate(r"(?<![\w-])fire", flags=0) is None  # the prefixes assume IGNORECASE


def test_prefix_stops_where_the_pattern_stops_being_listable() -> None:
    assert word_start_gate(r"(?<![\w-])(?:IEDs?|UAV\s+strike)") == {"ied", "ieds", "uav"}


def test_text_prefixes_are_taken_at_word_starts_only() -> None:
    present = word_start_prefixes("Reshelling at DAWN, re-armed")
    assert "reshe" in present and "shell" not in present
    assert "dawn," in present and "dawn" in present and "at" in present
    assert "armed" in present  # after a hyphen too: a superset of the cues' starts, as \b patterns need


@pytest.mark.parametrize("text", [
    "Warplanes struck the market.", "AIRSTRIKES hit the town", "an \u0130ED went off", "\u017fhelling resumed",
    "They fired at each other.", "Police used tear gas to disperse protesters.", "No clashes were reported",
    "a drone-strike", "x-clash", "Rebels seized control of the base", "",
])
def test_a_gated_cue_never_has_a_match_in_a_text_it_skips(text: str) -> None:
    present = word_start_prefixes(text)
    for cue in load_cues():
        if cue.gate is not None and cue.gate.isdisjoint(present):
            assert cue.pattern.search(text) is None, cue.pattern.pattern[:80]


def test_most_cues_are_gated_and_prefixes_are_short() -> None:
    cues = load_cues()
    gated = [c for c in cues if c.gate is not None]
    assert len(gated) >= len(cues) // 2
    assert all(0 < len(p) <= GATE_CHARS for c in gated for p in c.gate or ())


def test_boundary_patterns_are_gated_only_when_every_alternative_starts_at_a_word() -> None:
    assert word_start_gate(r"\b(?:yesterday|today)\b") == {"yeste", "today"}
    assert word_start_gate(r"\bfoo|bar") is None  # the second alternative may start anywhere
    assert word_start_gate(r"\b(?:late\s+)?-?night") is None  # may start with "-", i.e. at a word's end


def test_date_rules_found_by_the_gated_scan_are_those_of_the_full_scan() -> None:
    import datetime as dt

    from warledger.extract import dates

    published = dt.date(2024, 3, 15)
    sentences = ["Gunmen attacked the village late on Tuesday night.", "On 3 March 2024 (between 1-4 March) two died.",
                 "Clashes have continued since fighting erupted in recent weeks.", "x-Monday and -yesterday",
                 "The \u0130ED blast in the 1990s", "Police said on 12/03/2024 that three were held."]
    gated = [dates.find_dates(s, published) for s in sentences]
    saved = list(dates._RULE_GATES)
    dates._RULE_GATES[:] = [None] * len(saved)
    try:
        assert [dates.find_dates(s, published) for s in sentences] == gated
    finally:
        dates._RULE_GATES[:] = saved
    assert any(gated)

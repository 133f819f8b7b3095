"""Relevance prefilter: does an article (or a sentence) talk about armed conflict at all?

A compiled keyword automaton over the conflict lexicon (``lexicons/conflict_cues.tsv``): strong
cues (killed, troops, shelling, airstrike, militants, ceasefire ...) count for conflict; words of
sport and business ("striker", "league", "title", "shares") count against, so "the striker shot
wide" and "the battle for the title" are not war.  Only sentences that pass are given to spaCy.
"""

from __future__ import annotations

import re
from functools import cache

from warledger.extract.casualties import verb_regex
from warledger.extract.lexicons import read_rows


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    by_kind: dict[str, list[str]] = {"strong": [], "weak": [], "off_topic": []}
    for row in read_rows("conflict_cues.tsv"):
        by_kind[row[1]].append(row[0])

    def compile_words(words: list[str]) -> re.Pattern[str]:
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\*", r"\w*")
                               for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    return compile_words(by_kind["strong"]), compile_words(by_kind["weak"]), compile_words(by_kind["off_topic"])


def cue_counts(text: str) -> tuple[int, int, int]:
    """(strong, weak, off-topic) cue counts in ``text``."""
    strong, weak, off = _cues()
    return len(strong.findall(text)), len(weak.findall(text)), len(off.findall(text))


def is_relevant_sentence(sentence: str) -> bool:
    """A sentence worth full NLP: a strong conflict cue, or two weak ones, not outweighed by sport/business words.

    Any casualty verb ("was shot to death", "succumbed") also makes a sentence worth reading.
    """
    strong, weak, off = cue_counts(sentence)
    strong += len(verb_regex().findall(sentence))
    if off > strong:
        return False
    return strong >= 1 or weak >= 2


def is_relevant_article(text: str) -> bool:
    """An article with conflict content: strong cues (casualty verbs among them) that outnumber the words of
    sport, culture, business, technology and weather ("the striker shot", "a war epic", "floods killed four")."""
    strong, weak, off = cue_counts(text)
    strong += len(verb_regex().findall(text))
    return strong > 0 and strong >= off

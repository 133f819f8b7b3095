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

_KINDS = ("strong", "weak", "off_topic")


@cache
def _cue_pattern() -> re.Pattern[str]:
    """One alternation over the whole lexicon, one named group per kind: a single pass over the text.

    Where cues of two kinds start at one place, the strong one is read ("shot dead", not "shot"); the
    relevance decisions are those of separate counts per kind (checked on the benchmark corpus).
    """
    kind_of: dict[str, str] = {}
    for row in read_rows("conflict_cues.tsv"):
        kind_of.setdefault(row[0], row[1])

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\*", r"\w*")
                        for w in sorted(words, key=len, reverse=True))

    # matched against lower-cased text (several times faster than re.IGNORECASE); the look-ahead on the
    # cues' first letters lets the engine skip most positions before trying the alternation
    groups = "|".join(f"(?P<{kind}>{alternation([w.lower() for w, k in kind_of.items() if k == kind])})"
                      for kind in _KINDS if any(k == kind for k in kind_of.values()))
    first_letters = re.escape("".join(sorted({w[0].lower() for w in kind_of})))
    return re.compile(rf"(?<![\w-])(?=[{first_letters}])(?:{groups})(?![\w-])")


def cue_counts(text: str) -> tuple[int, int, int]:
    """(strong, weak, off-topic) cue counts in ``text``."""
    counts = dict.fromkeys(_KINDS, 0)
    for m in _cue_pattern().finditer(text.lower()):
        counts[m.lastgroup or ""] += 1
    return counts["strong"], counts["weak"], counts["off_topic"]


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

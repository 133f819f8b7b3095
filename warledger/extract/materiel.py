"""Equipment destroyed, damaged or captured: "12 Armenian armoured vehicles have been destroyed",
"shot down two drones", "seized a tank".  Counts come from ``numbers``; the side from a demonym
next to the equipment ("Armenian tanks"), "our"/"enemy" as for casualties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warledger.extract import sanity
from warledger.extract.casualties import (
    CLAIMANT_SIDE,
    ENEMY_SIDE,
    demonym_sides,
    is_denied,
    is_hypothetical,
    object_span,
    subject_span,
)
from warledger.extract.lexicons import read_rows
from warledger.extract.numbers import find_amounts


@dataclass
class MaterielMention:
    kind: str
    outcome: str
    count: int
    side: str | None
    start: int
    end: int


@cache
def materiel_nouns() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_rows("materiel_nouns.tsv")}


@cache
def outcome_verbs() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_rows("materiel_outcomes.tsv")}


@cache
def _outcome_regex() -> re.Pattern[str]:
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(outcome_verbs(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@cache
def _noun_regex() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(materiel_nouns(), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{nouns})(?![\w-])", re.IGNORECASE)


@cache
def _equipment_regex() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(materiel_nouns(), key=len, reverse=True))
    # a figure or "a/an/one", up to four modifiers (side, type), then the equipment noun
    return re.compile(
        rf"(?P<det>\b(?:an?|one)\b)?(?P<mods>(?:\s*[\w'’-]+){{0,4}}?)\s*(?<![\w-])(?P<noun>{nouns})(?![\w-])",
        re.IGNORECASE,
    )


def _side(words: str) -> str | None:
    for w in re.findall(r"[\w'’-]+", words):
        low = re.sub(r"(?:'s|’s)$", "", w.lower())
        if low == "our":
            return CLAIMANT_SIDE
        if low == "enemy":
            return ENEMY_SIDE
        if low in demonym_sides() and not re.search(r"-(?:backed|led|controlled)$", w.lower()):
            return demonym_sides()[low]
    return None


def _equipment_in(sentence: str, start: int, end: int) -> list[tuple[str, int, str | None, int, int]]:
    """(kind, count, side, start, end) for each equipment phrase in sentence[start:end]."""
    chunk = sentence[start:end]
    out: list[tuple[str, int, str | None, int, int]] = []
    if not _noun_regex().search(chunk):
        return out  # every phrase ends in an equipment noun: one plain scan instead of one that backtracks
    amounts = [a for a in find_amounts(chunk) if not sanity.is_measure_or_label(sentence, start + a.start,
                                                                                start + a.end)]
    for m in _equipment_regex().finditer(chunk):
        noun = re.sub(r"\s+", " ", m.group("noun").lower())
        noun_start = m.start("noun")
        before = [a for a in amounts if a.end <= noun_start and not re.search(r"[,;]", chunk[a.end:noun_start])
                  and len(chunk[a.end:noun_start].split()) <= 4]
        det = re.search(r"\b(?:an?|one)\s+(?:[\w'’-]+\s+){0,3}$", chunk[m.start():noun_start], re.IGNORECASE)
        if before and (not det or before[-1].start >= m.start() + det.start()):
            count = before[-1].best
            phrase_start = before[-1].start
        elif det:
            count = 1
            phrase_start = m.start() + det.start()
        else:
            continue
        mods = chunk[phrase_start:m.start("noun")]
        out.append((materiel_nouns()[noun], count, _side(mods), start + phrase_start, start + m.end("noun")))
    return out


def find_materiel(sentence: str) -> list[MaterielMention]:
    """Equipment losses stated in one sentence (offsets into it)."""
    found: list[MaterielMention] = []
    seen: set[tuple[int, int]] = set()
    for verb in _outcome_regex().finditer(sentence):
        outcome = outcome_verbs()[re.sub(r"\s+", " ", verb.group().lower())]
        if is_hypothetical(sentence, verb.start()) or is_denied(sentence, verb.start()):
            continue
        passive = re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", sentence[:verb.start()],
                            re.IGNORECASE)
        spans = []
        if not passive:
            spans.append(object_span(sentence, verb.end()))
        s_start, s_end, _ = subject_span(sentence, verb.start())
        spans.append((s_start, s_end))
        for lo, hi in spans:
            items = _equipment_in(sentence, lo, hi)
            if items:
                for kind, count, side, start, end in items:
                    if (start, end) in seen:
                        continue
                    seen.add((start, end))
                    found.append(MaterielMention(kind, outcome, count, side, min(start, verb.start()),
                                                 max(end, verb.end())))
                break
    return found

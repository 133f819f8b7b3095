"""Tense and status of a sentence: is it news, a plan, or history told for context?

* ``sentence_tense``: "future" when the sentence announces something to come ("will meet",
  "is expected to", "are due to", "plans to", "is set to", "next week", "tomorrow"); "present"
  for an ongoing action ("are fighting", "continues") with no past-tense verb; else "past"
  (news reports what happened).
* ``classify_status``:
  - ``background``: the sentence's date lies more than a year before publication, or it tells
    history ("the conflict began in 1988", "since 1992", "a 2015 peace accord", "the deadliest
    since ...", "in the 1990s") and names no current date;
  - ``planned``: future tense (talks to be held, a ceasefire to take effect);
  - ``reported``: everything else.
* ``is_cumulative_toll``: a figure that tallies many incidents or a whole conflict ("the war has
  killed 300,000 people since 2011", "20,000 people have been displaced since January", "so far this
  year", "bringing the toll to 400") is background, never the figure of the event the article reports.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from warledger.model import DateRange

if TYPE_CHECKING:
    from warledger.extract.dates import DateMention

TALLY_MIN_DAYS = 14  # a toll counted over a period running up to publication and longer than this is a tally

_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll)\s+(?:not\s+|also\s+|soon\s+|likely\s+|then\s+)?(?!have\b)[a-z]+"
    r"|\b(?:is|are|was|were|am)\s+(?:not\s+)?(?:also\s+)?(?:expected|due|set|scheduled|slated|planned|poised|going|"
    r"supposed|to\s+be\s+held)\s+to\b"
    r"|\b(?:is|are)\s+to\s+(?:be\s+)?[a-z]+"
    r"|\b(?:plans?|planning|intends?|intending)\s+to\b"
    r"|\bto\s+(?:be\s+held|take\s+effect|come\s+into\s+force|begin|start|resume|convene)\b"
    r"|\bnext\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|round)\b"
    r"|\b(?:tomorrow|upcoming|forthcoming|later\s+this\s+(?:week|month|year))\b"
    r"|\bwould\s+(?:take\s+effect|begin|start|come\s+into\s+force|be\s+held)\b",
    re.IGNORECASE,
)
# a future cue inside a report of what someone already did ("was expected to" in a past narrative)
# still announces something; but "will" in a quoted threat about the past is rare enough to ignore
_PRESENT = re.compile(
    r"\b(?:is|are|am)\s+(?:still\s+)?(?:[a-z]+ing)\b|\bcontinues?\b|\bremains?\b|\bongoing\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|killed|died|reported|announced|claimed|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)

# a violent act reported as done: the sentence is news even when it also announces a plan
_PAST_EVENT = re.compile(
    r"\b(?:killed|died|wounded|injured|clashed|attacked|shelled|exploded|detonated|fired|shot|abducted|kidnapped"
    r"|protested|demonstrated|rallied|looted|torched|arrested|detained|bombed|struck|ambushed|captured|seized|fought"
    r"|raided|stormed|burned|burnt|abducted|kidnapped|raped"
    # protest actions reported as done ("staged a sit-in ... and said they would join the coming strike")
    r"|staged|conducted|marched|blocked|gathered|picketed|gheraoed|padlocked|vandali[sz]ed"
    r"|held\s+(?:a\s+|an\s+)?(?:[\w'-]+\s+){0,2}(?:protests?|rall(?:y|ies)|demonstrations?|sit-ins?|dharnas?|strikes?"
    r"|marches|vigils?|processions?))\b",
    re.IGNORECASE,
)

# history told for context. Two kinds: cues that put the sentence's own action in the past ("the
# conflict began in 1988", "in the 1990s", "two decades ago"), and cues that only refer to history
# inside a sentence that may be news ("since 1992", "a 1994 ceasefire", "the deadliest since ...").
_HISTORY_TIME = re.compile(
    r"\b(?:began|started|broke\s+out|erupted|ended|flared)\s+in\s+(?:the\s+)?(?:early\s+|late\s+|mid-)?"
    r"(?:1[89]|20)\d\d"
    r"|\bin\s+the\s+(?:early\s+|late\s+|mid-)?(?:1[89]|20)\d0'?s\b"
    r"|\b(?:\w+\s+)?(?:decades?|years?)\s+ago\b"
    r"|\bduring\s+the\s+(?:1[89]|20)\d\d",
    re.IGNORECASE,
)
_HISTORY_REFERENCE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-)?(?:1[89]|20)\d\d"
    r"|\b(?:a|an|the)\s+(?:1[89]|20)\d\d\s+(?:[\w-]+\s+)?(?:peace|ceasefire|cease-fire|truce|accord|treaty"
    r"|agreement|deal|war|conflict|referendum|coup|invasion|uprising)"
    r"|\b(?:deadliest|worst|heaviest|bloodiest|biggest|largest|most\s+serious|most\s+intense)\b[^.;]{0,60}?\bsince\b"
    r"|\b(?:decades?|years?)[-\s]old\s+(?:conflict|dispute|war|insurgency)"
    r"|\bhistorically\b|\bat\s+the\s+time\b",
    re.IGNORECASE,
)


# the start of a long period named by an event rather than a date ("since the start of the year", "since the war
# began"); "so far" or "in total" alone are not enough: breaking news gives one incident's toll "so far"
_SINCE_LONG_AGO = re.compile(
    r"\bsince\s+the\s+(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?(?:year|war|conflict|insurgency|crisis"
    r"|invasion|uprising|fighting|violence|offensive|campaign|unrest)"
    r"|\bsince\s+(?:the\s+)?(?:war|conflict|insurgency|uprising|crisis|invasion|rebellion|unrest)\s+(?:began|started"
    r"|broke\s+out|erupted)",
    re.IGNORECASE,
)
# a whole conflict as the agent of a perfect: "the war has killed", "the insurgency has claimed ... lives"
_CONFLICT_AGENT = re.compile(
    r"\b(?:war|conflict|insurgency|uprising|rebellion|civil\s+war|occupation|crisis|violence\s+since\s+\w+)"
    r"\s+(?:[\w'’-]+\s+){0,4}?(?:has|have|had)\s+(?:now\s+|so\s+far\s+|already\s+)?"
    r"(?:killed|claimed|displaced|left|cost|uprooted|forced)\b",
    re.IGNORECASE,
)
# a whole conflict as the setting of a perfect: "have died in the conflict", "killed in the civil war"
_IN_THE_CONFLICT = re.compile(r"\b(?:in|during)\s+the\s+(?:[\w'’-]+\s+){0,2}?(?:war|conflict|insurgency|civil\s+war"
                              r"|uprising|rebellion)\b(?!\s+(?:zone|area|region|-hit|-torn))", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:been\s+)?\w+(?:ed|en|ost|eft)\b"
                      r"|\b(?:has|have|had)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:died|fled)\b", re.IGNORECASE)
# a figure's clause ends at a semicolon or at a participle or conjunction that starts a new one
_CLAUSE_EDGE = re.compile(r";|,\s+(?=(?:bringing|raising|pushing|taking|while|whereas|but|and\s+(?:the|a|an|\d)|"
                          r"according|officials|police|the\s+(?:ministry|army|UN)))", re.IGNORECASE)


def _clause_around(sentence: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_EDGE.finditer(sentence):
        if m.end() <= start:
            lo = m.start() + 1 if m.group().startswith(";") else m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def is_cumulative_toll(sentence: str, start: int, end: int, mentions: list[DateMention],
                       published: dt.date | None) -> bool:
    """True when the figure at ``sentence[start:end]`` tallies many incidents or a whole conflict: a conflict's
    toll ("the war has killed 300,000 people", "since the war began"), or a toll over a period running up to
    publication and longer than ``TALLY_MIN_DAYS`` ("20,000 people have been displaced since January", "1,200
    civilians have been killed this year", "bringing to 400 the number killed in the region since March").
    ``mentions`` are the sentence's dates (``dates.find_dates``)."""
    lo, hi = _clause_around(sentence, start, end)
    clause = sentence[lo:hi]
    if _SINCE_LONG_AGO.search(clause) or _CONFLICT_AGENT.search(clause):
        return True
    perfect = bool(_PERFECT.search(clause))
    if perfect and _IN_THE_CONFLICT.search(clause):
        return True  # "5,000 people have died in the conflict so far"
    if published is None:
        return False
    # "since January" implies a span up to now; "this year" or "in the past three months" need a perfect
    return any(lo <= d.start < hi and (d.range.end - d.range.start).days > TALLY_MIN_DAYS
               and d.range.end >= published - dt.timedelta(days=1)
               and (perfect or d.text.lower().startswith("since")) for d in mentions)


def sentence_tense(sentence: str) -> str:
    """'past' | 'present' | 'future' for one sentence (news defaults to past)."""
    if not sentence:
        return "past"
    if _FUTURE.search(sentence):
        return "future"
    if _PRESENT.search(sentence) and not _PAST.search(sentence):
        return "present"
    return "past"


def has_history_cue(sentence: str) -> bool:
    """True when the sentence tells history: "began in 1988", "in the 1990s", or, with no violent act
    reported beside it, a reference such as "since 1992", "a 1994 ceasefire", "the deadliest since"."""
    sentence = sentence or ""
    if _HISTORY_TIME.search(sentence):
        return True
    return bool(_HISTORY_REFERENCE.search(sentence)) and not _PAST_EVENT.search(sentence)


def classify_status(sentence: str, published: dt.date | None, date_range: DateRange | None) -> str:
    """'reported' | 'planned' | 'background' for a sentence (or a short passage) and its date."""
    from warledger.extract.dates import find_dates, is_historical_range

    if published is not None and date_range is not None and is_historical_range(date_range, published):
        return "background"
    tense = sentence_tense(sentence)
    if has_history_cue(sentence):
        current = False
        if published is not None:
            current = any(not d.is_historical for d in find_dates(sentence, published, tense))
        if not current:
            return "background"
    if tense == "future" and not _PAST_EVENT.search(sentence):
        return "planned"
    if published is not None and date_range is not None and date_range.start > published:
        return "planned"
    return "reported"

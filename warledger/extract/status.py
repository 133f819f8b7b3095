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
"""

from __future__ import annotations

import datetime as dt
import re

from warledger.model import DateRange

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
    r"|raided|stormed|burned|burnt|abducted|kidnapped|raped)\b",
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

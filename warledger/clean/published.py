"""Publication date inferred from the article text, for inputs that carry no date.

The rule (a date the text itself supports, never today's date):

1. Find every explicit full date in the text ("April 3, 2016", "3 April 2016", "2016-04-03",
   "Sunday, April 3, 2016"). Dates without a year are ignored.
2. Drop dates in a historical context: their sentence speaks of the past as history
   ("since", "ago", "anniversary", "file photo", "founded", "back in", ...).
   Drop dates in a future context ("will", "is due", "scheduled", "next", ...): a date the
   article looks forward to is not when it was written.
3. The latest remaining date is the reporting-period date (a caption dateline counts: the
   photo was taken in the reporting period).
4. Weekdays mentioned in the past tense ("announced on Tuesday", "On Monday the ministry
   said") were, at the latest, the day of writing; the article was written on or after each
   of them. So the date moves forward to the first such weekday on or after the
   reporting-period date (the latest of them when several are mentioned). Weekdays in the
   future tense ("will meet in Vienna on Tuesday") or with "last"/"next" are ignored.
5. Without any usable explicit date the publication date is unknown (None), even when
   weekdays are mentioned: a weekday alone does not name a week.

The cleaner marks a date found this way ``published_inferred = True``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

# kept narrow: a current event's sentence often says "signed", "former" or "history" too, and the
# latest-date rule already outranks old dates whenever the article has a current one
HISTORICAL_CUES = (
    "since", "ago", "anniversary", "file photo", "file picture", "file image", "archive", "founded", "was born",
    "back in", "in the years",
)
# not "would" (reported speech: "said on May 2, 2024 that troops would withdraw") nor a bare "next"
# ("stands next to a howitzer, April 3, 2016"); "next Tuesday" is handled by ``weekday_tense``
FUTURE_CUES = (
    "will", "shall", "is due", "are due", "due to", "scheduled", "expected to", "set to", "plans to", "plan to",
    "planned", "to be held", "upcoming", "next week", "next month", "next year", "later this week",
)
PAST_CUES = (
    "said", "says", "announced", "reported", "told", "confirmed", "claimed", "stated", "added", "was", "were",
    "had", "killed", "died", "hit", "struck", "began", "fought", "shot", "came", "took", "left", "fled", "met",
    "broke", "fell", "held", "launched", "opened", "ago",
)

_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b", re.IGNORECASE),  # April 3, 2016
    re.compile(rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}\b", re.IGNORECASE),  # 3 April 2016
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),  # 2016-04-03
]
_WEEKDAY_RE = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*(?=\s+[A-Z0-9“\"'‘(])|\n")
_WORD = re.compile(r"[A-Za-z’']+")
WINDOW_BEFORE = 8  # words before a weekday that may carry its verb ("announced on Tuesday")
WINDOW_AFTER = 6  # words after it ("On Monday the ministry said")


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int


def explicit_dates(text: str) -> list[DateMention]:
    """Every explicit full date in ``text``, in order of appearance (invalid days skipped)."""
    found: dict[int, DateMention] = {}
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = m["month"].lower().rstrip(".")
            month_number = int(month) if month.isdigit() else MONTHS[month]
            try:
                day = dt.date(int(m["year"]), month_number, int(m["day"]))
            except ValueError:
                continue
            found.setdefault(m.start(), DateMention(day, m.start(), m.end()))
    return [found[k] for k in sorted(found)]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the sentence containing ``text[start:end]``."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return left, right


def _has_cue(fragment: str, cues: tuple[str, ...]) -> bool:
    lowered = " " + " ".join(_WORD.findall(fragment.lower().replace("’", "'"))) + " "
    return any(f" {cue} " in lowered for cue in cues)


def is_historical_context(sentence: str) -> bool:
    """The sentence treats its date as history (``HISTORICAL_CUES``)."""
    return _has_cue(sentence, HISTORICAL_CUES)


def is_future_context(sentence: str) -> bool:
    """The sentence looks forward (``FUTURE_CUES``)."""
    return _has_cue(sentence, FUTURE_CUES)


def reporting_period_date(text: str) -> dt.date | None:
    """The latest explicit date that is neither history nor future (rules 1-3), or None."""
    usable = []
    for mention in explicit_dates(text):
        left, right = sentence_bounds(text, mention.start, mention.end)
        sentence = text[left:right]
        if not is_historical_context(sentence) and not is_future_context(sentence):
            usable.append(mention.date)
    return max(usable) if usable else None


def weekday_tense(before: str, after: str) -> str:
    """``past``, ``future`` or ``unknown`` for a weekday, from the words around it in its sentence.

    ``before`` is the sentence text up to the weekday, ``after`` the text following it.
    The verb usually comes first ("announced on Tuesday", "will meet on Tuesday"); when the
    sentence opens with the weekday ("On Monday the ministry said") the words after it decide.
    """
    before_words = _WORD.findall(before.lower())
    after_words = _WORD.findall(after.lower())
    if before_words and before_words[-1] in {"last", "next", "this", "coming", "every", "until", "by"}:
        return "unknown"  # "last Tuesday" is the week before; "next"/"this" look ahead; "every" is no day
    near_before = " ".join(before_words[-WINDOW_BEFORE:])
    near_after = " ".join(after_words[:WINDOW_AFTER])
    if _has_cue(near_before, FUTURE_CUES):
        return "future"
    if _has_cue(near_before, PAST_CUES) or _has_cue(near_after, PAST_CUES) or _ends_in_ed(near_before):
        return "past"
    if _has_cue(near_after, FUTURE_CUES):
        return "future"
    return "unknown"


def _ends_in_ed(words: str) -> bool:
    # a regular past-tense verb just before "on <weekday>": "were evacuated on Friday"
    return any(w.endswith("ed") and len(w) > 4 for w in words.split()[-3:])


def past_weekdays(text: str) -> list[int]:
    """Weekday numbers (Monday = 0) mentioned in the past tense, in order of appearance."""
    days = []
    for m in _WEEKDAY_RE.finditer(text):
        left, right = sentence_bounds(text, m.start(), m.end())
        if weekday_tense(text[left:m.start()], text[m.end():right]) == "past":
            days.append(WEEKDAYS[m["weekday"].lower()])
    return days


def first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    """The first date on or after ``day`` that falls on ``weekday`` (Monday = 0)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def infer_published(text: str) -> dt.date | None:
    """The publication date the text supports (rules 1-5 of the module docstring), or None."""
    base = reporting_period_date(text)
    if base is None:
        return None
    weekdays = past_weekdays(text)
    if not weekdays:
        return base
    return max(first_weekday_on_or_after(base, w) for w in weekdays)

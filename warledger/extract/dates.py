"""Dates in news prose resolved against the publication date into a start/end range.

The rules (documented in the README, tested in ``tests/extract/test_dates.py``):

* Absolute dates: "12 March 2024", "March 12, 2024", "12th of March", "2024-03-12", "On 6 May 2020,".
  Numeric dates with slashes or dots ("12/03/2024") are read **day first** (most conflict reporting
  comes from non-US outlets and ACLED writes day first); when the second number is above 12 the
  date can only be month first and is read that way. A day and month with no year take the year
  that puts the date closest before the publication (past tense) or after it (future tense).
* Ranges: "between 3 and 5 April", "3-5 April 2024", "April 3-5", "on Monday and Tuesday",
  "(between 1-3 May)" -> precision ``days``.
* Parts of months: "early March" (1-10), "mid-March" (11-20), "late March" / "end of March"
  (21-last day) -> precision ``days``; "March 2024" / "in March" -> precision ``month``.
* Years and eras: "in 2016", "since 1992", "a 1994 peace treaty" -> precision ``year``;
  "in the 1990s" -> the decade; "two decades ago" -> that year. A bare number is a year only
  with a preposition or an event noun beside it, so "2000 workers" is not a date.
* Weekdays ("on Tuesday", "late on Sunday", "Tuesday night", "overnight into Monday"):
  the news convention — the same weekday as the publication date is the publication day itself,
  whatever the tense; otherwise past tense -> the most recent such weekday before publication,
  future tense -> the next one after. "last Tuesday" is always past, "next Tuesday" always future.
* Relative days: "today", "this morning", "tonight" -> publication day; "yesterday" -> the day
  before; "last night" and "overnight" -> the night before publication (range day before ..
  publication day, precision ``days``); "in the past two days" / "in the past 24 hours" -> a range
  ending on the publication date; "N days ago" -> that day; "tomorrow" -> the next day.
* Weeks and months: "this week" / "earlier this week" -> Monday of the publication week through
  publication; "last week" -> the previous calendar week (Monday-Sunday), precision ``week``;
  "next week" -> the next calendar week; "earlier this month" / "this month" -> first of the month
  through publication; "last month" -> the previous calendar month; "this year" / "last year".
* Open episodes: "since clashes broke out", "since fighting erupted", "in recent days" — the
  start is not in the sentence, so the range runs from ``EPISODE_DEFAULT_DAYS`` (7) days before
  publication through publication, precision ``days``. "since Sunday" starts on that weekday.
* Anything else is handed to ``dateparser`` (languages=["en"], relative to the publication date);
  unparseable phrases give ``None``, never an exception.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from warledger.extract.regex_gate import gate_lengths, word_start_gate, word_start_prefixes
from warledger.model import DateRange

EPISODE_DEFAULT_DAYS = 7  # an open episode ("since fighting erupted") is assumed to span about a week
HISTORICAL_DAYS = 365  # a date ending more than this before publication is history, not news

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
             "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3,
                 "a few": 3, "couple of": 2, "a couple of": 2, "48": 2, "24": 1, "72": 3}

_MONTH = (r"(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?)")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:'s)?")
_WEEKDAY_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night|midnight|dawn))?"
_NUMWORD = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few"
            r"|a few|(?:a )?couple of)")
_EVENT_NOUNS = (r"(?:peace|war|ceasefire|cease-fire|truce|accord|treaty|agreement|deal|election|elections|conflict"
                r"|offensive|uprising|revolution|coup|referendum|invasion|genocide|massacre|clashes|fighting"
                r"|protests?|riots?|crisis|insurgency|campaign|attacks?|bombing|earthquake|independence)")


@dataclass
class DateMention:
    """A date phrase found in a sentence: offsets into the sentence, its text and resolved range."""

    start: int
    end: int
    text: str
    range: DateRange
    is_historical: bool = False
    earlier_incident: bool = False  # dates an earlier incident the sentence refers to, not its action


# ---------------------------------------------------------------------------------------------
# small pure helpers


def month_number(word: str) -> int | None:
    """'March' / 'mar.' / 'Sept' -> 3 / 3 / 9; None when not a month name."""
    return _MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """'Tuesday' / "Tuesday's" / 'tues' -> 1 (Monday is 0); None when not a weekday."""
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    return _WEEKDAYS.get(w)


def resolve_weekday(weekday: int, published: dt.date, tense: str) -> dt.date:
    """The news convention: the publication's own weekday is the publication day; otherwise the
    most recent such day before it (past/present tense) or the next one after it (future)."""
    delta = (published.weekday() - weekday) % 7
    if delta == 0:
        return published
    if tense == "future":
        return published + dt.timedelta(days=7 - delta)
    return published - dt.timedelta(days=delta)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date, tense: str) -> int:
    """The year for a day and month given without one: the nearest one on the tense's side."""
    year = published.year
    candidate = _safe_date(year, month, day) or dt.date(year, month, min(day, _last_day(year, month)))
    if tense == "future":
        if candidate < published - dt.timedelta(days=31):
            return year + 1
        return year
    if candidate > published + dt.timedelta(days=31):
        return year - 1
    return year


def _number(word: str) -> int | None:
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    return _NUMBER_WORDS.get(w)


def _rng(start: dt.date, end: dt.date, precision: str, text: str) -> DateRange:
    if end < start:
        start, end = end, start
    return DateRange(start=start, end=end, precision=precision, text=text)  # type: ignore[arg-type]


def _month_range(year: int, month: int, text: str) -> DateRange:
    return _rng(dt.date(year, month, 1), dt.date(year, month, _last_day(year, month)), "month", text)


def _year_range(year: int, text: str) -> DateRange:
    return _rng(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)


def _plausible_year(year: int, published: dt.date) -> bool:
    return 1800 <= year <= published.year + 5


# ---------------------------------------------------------------------------------------------
# the date rules: (regex, handler); earlier rules win over later ones on overlapping text

Handler = Callable[[re.Match[str], dt.date, str], tuple[DateRange, bool] | None]
_RULES: list[tuple[re.Pattern[str], Handler]] = []
# per rule, the prefixes every match starts with (``regex_gate``); None: always scanned
_RULE_GATES: list[frozenset[str] | None] = []


def _rule(pattern: str) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        _RULES.append((re.compile(pattern, re.IGNORECASE), fn))
        _RULE_GATES.append(word_start_gate(pattern, re.IGNORECASE))
        return fn

    return wrap


def _historical(rng: DateRange, published: dt.date) -> bool:
    return rng.end < published - dt.timedelta(days=HISTORICAL_DAYS)


@_rule(rf"\b(?:between|from)\s+(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?\s*(?:and|to|-|–|until)\s*(?P<d2>{_DAY})"
       rf"\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")
def _between_days(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _day_span(m, published, tense)


@_rule(rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?\s*(?:-|–|to|and)\s*(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})"
       rf"(?:,?\s+(?P<y>{_YEAR}))?\b")
def _day_dash_day_month(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _day_span(m, published, tense)


@_rule(rf"\b(?:between\s+)?(?P<m2>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:-|–|to|and)\s*(?P<d2>{_DAY})\b"
       rf"(?:,?\s+(?P<y>{_YEAR}))?")
def _month_day_dash_day(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _day_span(m, published, tense)


def _day_span(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    d1, d2 = int(re.sub(r"\D", "", m["d1"])), int(re.sub(r"\D", "", m["d2"]))
    month2 = month_number(m["m2"])
    month1 = month_number(m["m1"]) if m.groupdict().get("m1") else month2
    if month1 is None or month2 is None:
        return None
    year2 = int(m["y"]) if m["y"] else _infer_year(month2, d2, published, tense)
    year1 = year2 if month1 <= month2 else year2 - 1
    start, end = _safe_date(year1, month1, d1), _safe_date(year2, month2, d2)
    if start is None or end is None or end < start:
        return None
    rng = _rng(start, end, "days", m.group(0))
    return rng, _historical(rng, published)


@_rule(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
def _iso(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    rng = _rng(day, day, "day", m.group(0))
    return rng, _historical(rng, published)


@_rule(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)?\d\d)\b")
def _numeric(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 2000 if year <= (published.year % 100) + 5 else 1900
    day, month = (a, b) if b <= 12 else (b, a)  # day first unless only month first is possible
    found = _safe_date(year, month, day)
    if found is None:
        return None
    rng = _rng(found, found, "day", m.group(0))
    return rng, _historical(rng, published)


# "(09/02)" in a note: a day and month in brackets, day first, year from the publication date
@_rule(r"(?<=[(\[])\s*(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)\s*(?=[)\]])")
def _bracketed_day_month(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    a, b = int(m["a"]), int(m["b"])
    day, month = (a, b) if b <= 12 else (b, a)
    if not 1 <= month <= 12:
        return None
    found = _safe_date(_infer_year(month, day, published, tense), month, day)
    if found is None:
        return None
    return _rng(found, found, "day", m.group(0)), False


@_rule(rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")
def _day_month(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _single_day(m, published, tense)


@_rule(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!\s*(?:-|–)\s*\d)(?:,?\s+(?P<y>{_YEAR})\b)?")
def _month_day(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _single_day(m, published, tense)


def _single_day(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    month = month_number(m["m"])
    day = int(re.sub(r"\D", "", m["d"]))
    if month is None or not 1 <= day <= 31:
        return None
    year = int(m["y"]) if m["y"] else _infer_year(month, day, published, tense)
    found = _safe_date(year, month, day)
    if found is None:
        return None
    rng = _rng(found, found, "day", m.group(0))
    return rng, _historical(rng, published)


@_rule(rf"\b(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of"
       rf"|middle\s+of|the\s+start\s+of|start\s+of)[-\s]+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")
def _part_of_month(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    month = month_number(m["m"])
    if month is None:
        return None
    year = int(m["y"]) if m["y"] else _infer_year(month, 15, published, tense)
    part = m["part"].lower()
    last = _last_day(year, month)
    if "early" in part or "beginning" in part or "start" in part:
        first, final = 1, 10
    elif "mid" in part or "middle" in part:
        first, final = 11, 20
    else:
        first, final = 21, last
    rng = _rng(dt.date(year, month, first), dt.date(year, month, final), "days", m.group(0))
    return rng, _historical(rng, published)


@_rule(rf"\b(?:in\s+|of\s+|during\s+|since\s+|by\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))\b")
def _month_year(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    month = month_number(m["m"])
    if month is None:
        return None
    rng = _month_range(int(m["y"]), month, m.group(0))
    if m.group(0).lower().startswith("since"):
        rng = _rng(rng.start, published, "month", m.group(0))
        return rng, rng.start < published - dt.timedelta(days=2 * HISTORICAL_DAYS)
    return rng, _historical(rng, published)


# a month alone needs a preposition, else "March" (the verb) and "May" (the modal) would be dates
@_rule(r"\b(?:in|during|since|by|until|through|throughout|of|last|this|next|early|late)\s+"
       r"(?P<m>january|february|march|april|may|june|july|august|september|october|november|december)\b")
def _month_alone(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    month = month_number(m["m"])
    if month is None or not m["m"][0].isupper():
        return None  # lowercase "may" is the modal verb, "march" the verb
    word = m.group(0).split()[0].lower()
    year = published.year
    if word == "last" or (word != "next" and tense != "future" and month > published.month):
        year -= 1
    elif (word == "next" or tense == "future") and month < published.month:
        year += 1
    rng = _month_range(year, month, m.group(0))
    if word == "since":
        rng = _rng(rng.start, published, "month", m.group(0))
    return rng, False


@_rule(r"\b(?:(?:in|since|during|by|until|from|of|to)\s+)?the\s+(?:(?P<part>early|mid|late)[-\s]+)?"
       r"(?P<dec>(?:1[89]|20)\d0)'?s\b")
def _decade(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    start = int(m["dec"])
    first, last = start, start + 9
    if m["part"]:
        part = m["part"].lower()
        first, last = {"early": (start, start + 3), "mid": (start + 3, start + 6), "late": (start + 6, start + 9)}[part]
    rng = _rng(dt.date(first, 1, 1), dt.date(last, 12, 31), "year", m.group(0))
    return rng, rng.end < published


@_rule(rf"\b(?P<prep>since|in|during|from|until|till|by|before|after|of|early|late|mid|year|years|between|the\s+year)"
       rf"[-\s]+(?P<y>{_YEAR})(?:\s*(?:-|–|to|and)\s*(?P<y2>{_YEAR}))?\b(?!\s*(?:%|people|persons|workers|troops"
       rf"|soldiers|civilians|families|residents|members|protesters|houses|homes|km|kilometres|kilometers|metres|meters"
       rf"|dollars|USD|euros|rupees))")
def _year_with_preposition(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    year = int(m["y"])
    if not _plausible_year(year, published):
        return None
    last = int(m["y2"]) if m["y2"] else year
    if last < year or not _plausible_year(last, published):
        return None
    prep = m["prep"].lower()
    if prep == "since":
        rng = _rng(dt.date(year, 1, 1), published, "year", m.group(0))
        return rng, year <= published.year - 2
    rng = _rng(dt.date(year, 1, 1), dt.date(last, 12, 31), "year", m.group(0))
    return rng, _historical(rng, published) or (prep == "before" and year <= published.year - 1)


@_rule(rf"\b(?:a|an|the|its|their|his|her)\s+(?P<y>{_YEAR})\s+(?:[\w-]+\s+)?{_EVENT_NOUNS}\b")
def _year_before_event_noun(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    year = int(m["y"])
    if not _plausible_year(year, published):
        return None
    rng = _year_range(year, m.group(0))
    return rng, year < published.year


@_rule(rf"\b(?P<n>{_NUMWORD}|a\s+half)\s+(?P<unit>decades?|years?|centur(?:y|ies))\s+ago\b")
def _years_ago(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    n = _number(m["n"]) if m["n"].lower() != "a half" else 1
    if n is None:
        return None
    unit = m["unit"].lower()
    years = n * (10 if unit.startswith("decade") else 100 if unit.startswith("centur") else 1)
    year = published.year - years
    if year < 1:
        return None
    rng = _year_range(year, m.group(0))
    return rng, years >= 2


@_rule(rf"\b(?:on\s+)?(?P<w1>{_WEEKDAY_FULL})\s+(?:and|or|to|through|-)\s+(?P<w2>{_WEEKDAY_FULL}){_DAYPART}\b")
def _two_weekdays(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    w1, w2 = weekday_number(m["w1"]), weekday_number(m["w2"])
    if w1 is None or w2 is None:
        return None
    end = resolve_weekday(w2, published, tense)
    start = end - dt.timedelta(days=(w2 - w1) % 7)
    return _rng(start, end, "days", m.group(0)), False


@_rule(rf"\bovernight\s+(?:into|to|on)\s+(?P<w>{_WEEKDAY_FULL})\b")
def _overnight_into(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    w = weekday_number(m["w"])
    if w is None:
        return None
    day = resolve_weekday(w, published, tense)
    return _rng(day - dt.timedelta(days=1), day, "days", m.group(0)), False


@_rule(rf"\b(?P<mod>last|next|this|this\s+coming|this\s+past|past|coming)\s+(?P<w>{_WEEKDAY_FULL}){_DAYPART}\b")
def _modified_weekday(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    w = weekday_number(m["w"])
    if w is None:
        return None
    mod = " ".join(m["mod"].lower().split())
    if mod in ("last", "past", "this past"):
        delta = (published.weekday() - w) % 7 or 7
        day = published - dt.timedelta(days=delta)
    elif mod in ("next", "coming", "this coming"):
        delta = (w - published.weekday()) % 7 or 7
        day = published + dt.timedelta(days=delta)
    else:
        day = resolve_weekday(w, published, tense)
    return _rng(day, day, "day", m.group(0)), False


@_rule(rf"\b(?:(?:late|early)\s+(?:on\s+)?|on\s+|since\s+|until\s+|by\s+)?(?P<w>{_WEEKDAY_FULL}){_DAYPART}\b"
       rf"(?!\s*,?\s*(?:{_MONTH}\s+)?\d)")
def _weekday(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    w = weekday_number(m["w"])
    if w is None:
        return None
    text = m.group(0)
    if text[:1].islower() and not re.match(r"(?i)(late|early|on|since|until|by)\b", text):
        return None  # lowercase "sunday" without a preposition is rarely a date
    day = resolve_weekday(w, published, tense)
    if text.lower().startswith("since"):
        return _rng(day, published, "days", text), False
    return _rng(day, day, "day", text), False


@_rule(r"\bthe\s+day\s+before\s+yesterday\b")
def _day_before_yesterday(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    day = published - dt.timedelta(days=2)
    return _rng(day, day, "day", m.group(0)), False


@_rule(r"\b(?:late\s+|early\s+)?yesterday(?:\s+(?:morning|afternoon|evening|night))?\b")
def _yesterday(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    day = published - dt.timedelta(days=1)
    return _rng(day, day, "day", m.group(0)), False


@_rule(r"\b(?:the\s+day\s+after\s+)?tomorrow(?:\s+(?:morning|afternoon|evening|night))?\b")
def _tomorrow(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    day = published + dt.timedelta(days=2 if m.group(0).lower().startswith("the") else 1)
    return _rng(day, day, "day", m.group(0)), False


@_rule(r"\b(?:last|late\s+last|during\s+the|in\s+the)\s+night\b|\bovernight\b|\bearly\s+hours\s+of\s+the\s+morning\b(?!\s+of\s+\w)"
       r"|\bin\s+the\s+early\s+hours\b(?!\s+of\s+\w)")
def _last_night(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _rng(published - dt.timedelta(days=1), published, "days", m.group(0)), False


@_rule(r"\b(?:(?:earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b")
def _today(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    return _rng(published, published, "day", m.group(0)), False


@_rule(rf"\b(?:in|over|during|within|for)\s+the\s+(?:past|last|previous)\s+(?:(?P<n>{_NUMWORD})\s+)?"
       r"(?P<unit>days?|hours?|weeks?|months?|years?)\b")
def _past_period(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    n = _number(m["n"]) if m["n"] else 1
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "hour":
        days, precision = max(1, -(-n // 24)), "days"
    elif unit == "day":
        days, precision = n, "days"
    elif unit == "week":
        days, precision = 7 * n, "week" if n == 1 else "days"
    elif unit == "month":
        days, precision = 31 * n, "month" if n == 1 else "days"
    else:
        days, precision = 365 * n, "year"
    return _rng(published - dt.timedelta(days=days), published, precision, m.group(0)), False


@_rule(rf"\b(?P<n>{_NUMWORD})\s+(?P<unit>days?|weeks?|months?)\s+(?:ago|earlier|before)\b")
def _units_ago(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    n = _number(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        day = published - dt.timedelta(days=n)
        return _rng(day, day, "day", m.group(0)), False
    if unit == "week":
        mid = published - dt.timedelta(days=7 * n)
        return _rng(mid - dt.timedelta(days=3), mid + dt.timedelta(days=3), "week", m.group(0)), False
    month = published.month - n
    year = published.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return _month_range(year, month, m.group(0)), n >= 24


@_rule(r"\b(?P<mod>earlier|later|(?:since\s+)?(?:the\s+)?(?:start|beginning)\s+of)?\s*(?P<which>this|last|next|the"
       r"\s+previous|the\s+past)\s+(?P<unit>week|weekend|month|year)\b")
def _calendar_period(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    which = " ".join(m["which"].lower().split())
    unit = m["unit"].lower()
    text = m.group(0).strip()
    if unit in ("week", "weekend"):
        monday = published - dt.timedelta(days=published.weekday())
        if which in ("last", "the previous", "the past"):
            monday -= dt.timedelta(days=7)
        elif which == "next":
            monday += dt.timedelta(days=7)
        if unit == "weekend":
            sat = monday + dt.timedelta(days=5)
            if which == "this" and sat > published and tense != "future":
                sat -= dt.timedelta(days=7)
            return _rng(sat, sat + dt.timedelta(days=1), "days", text), False
        if which == "this":
            if tense == "future" or (m["mod"] or "").lower() == "later":
                return _rng(published, monday + dt.timedelta(days=6), "week", text), False
            return _rng(monday, published, "week", text), False
        return _rng(monday, monday + dt.timedelta(days=6), "week", text), False
    if unit == "month":
        year, month = published.year, published.month
        if which in ("last", "the previous", "the past"):
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        elif which == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        rng = _month_range(year, month, text)
        if which == "this":
            if tense == "future" or (m["mod"] or "").lower() == "later":
                return _rng(published, rng.end, "month", text), False
            return _rng(rng.start, published, "month", text), False
        return rng, False
    year = published.year + {"last": -1, "the previous": -1, "the past": -1, "next": 1}.get(which, 0)
    if which == "this":
        if tense == "future" or (m["mod"] or "").lower() == "later":
            return _rng(published, dt.date(year, 12, 31), "year", text), False
        return _rng(dt.date(year, 1, 1), published, "year", text), False
    return _year_range(year, text), False


@_rule(r"\b(?:over|during|at|on|across)\s+the\s+weekend\b")
def _the_weekend(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    """The weekend just gone (past) or the coming one (future); a weekend day itself counts as "this" weekend."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if tense == "future" and published.weekday() < 5:
        saturday += dt.timedelta(days=7)
    return _rng(saturday, saturday + dt.timedelta(days=1), "days", m.group(0)), False


@_rule(r"\b(?:since|after)\s+(?:the\s+)?(?:(?:latest|recent|new|renewed|heavy|fresh)\s+)?(?:fighting|clashes|hostilities"
       r"|violence|unrest|protests|the\s+(?:fighting|clashes|violence|offensive|escalation|flare-up))"
       r"(?:\s+(?:broke\s+out|erupted|began|started|flared(?:\s+up)?|resumed|escalated))?\b"
       r"|\bin\s+(?:recent|the\s+past\s+few|the\s+last\s+few)\s+days\b|\bin\s+recent\s+weeks\b|\brecently\b")
def _open_episode(m: re.Match[str], published: dt.date, tense: str) -> tuple[DateRange, bool] | None:
    days = 21 if "weeks" in m.group(0).lower() else EPISODE_DEFAULT_DAYS
    return _rng(published - dt.timedelta(days=days), published, "days", m.group(0)), False


# ---------------------------------------------------------------------------------------------
# public functions


@cache
def _rule_gate_lengths() -> tuple[int, ...]:
    return gate_lengths(_RULE_GATES)


def find_dates(sentence: str, published: dt.date, tense: str | None = None) -> list[DateMention]:
    """Every date phrase in ``sentence``, resolved against ``published``, in text order.

    ``tense`` ("past" | "present" | "future") decides weekdays and year-less dates; None detects it
    from the sentence. Overlapping phrases: the earlier rule in this module wins.
    """
    if not sentence:
        return []
    if tense is None:
        from warledger.extract.status import sentence_tense

        tense = sentence_tense(sentence)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    present = word_start_prefixes(sentence, _rule_gate_lengths())
    for (pattern, handler), gate in zip(_RULES, _RULE_GATES, strict=True):
        if gate is not None and gate.isdisjoint(present):
            continue  # no match can start in this sentence
        for m in pattern.finditer(sentence):
            start, end = m.span()
            # leading whitespace matched by optional groups is trimmed
            while start < end and sentence[start].isspace():
                start += 1
            if start >= end or any(start < e and s < end for s, e in taken):
                continue
            try:
                result = handler(m, published, tense)
            except (ValueError, OverflowError):
                result = None
            if result is None:
                continue
            rng, historical = result
            rng.text = sentence[start:end]
            taken.append((start, end))
            found.append(DateMention(start=start, end=end, text=rng.text, range=rng, is_historical=historical))
    found.sort(key=lambda d: d.start)
    _apply_sentence_year(found, published)
    merged = _merge_parenthetical_ranges(sentence, found)
    for d in merged:
        d.earlier_incident = dates_earlier_incident(sentence, d.start, d.end)
    return merged


# An incident the reported action answers or follows up: a protest "against the killing of X on 6 January", an
# attack "in retaliation for the arrest of their leader last month", "outraged by the murder ... on Tuesday".
_REACTION = (r"(?:against|over|condemn\w*|denounc\w*|outraged\s+(?:by|at|over)|to\s+protest|in\s+protest\s+(?:of|at)"
             r"|in\s+(?:retaliation|response|reprisal|revenge)\s+(?:for|to|against)|mourn\w*|anniversary\s+of"
             r"|(?:demand\w*|seek\w*)\s+justice\s+for|in\s+connection\s+with|accused\s+of|charged\s+with)")
_INCIDENT_NOUN = (r"(?:killings?|murders?|deaths?|attacks?|assaults?|arrests?|detentions?|abductions?|kidnappings?"
                  r"|rapes?|lynchings?|shootings?|bombings?|blasts?|massacres?|incidents?|raids?|lathi-?charges?"
                  r"|violence|riots?|clash(?:es)?|carnage|beatings?|firing|torture|disappearances?|demolitions?)")
# the incident named before the date: "against the killing of a villager by police on 6 January"
_REACTION_BEFORE = re.compile(rf"\b{_REACTION}\s+(?:[\w'’-]+\s+){{0,4}}?{_INCIDENT_NOUN}\b[^.;:!?]{{0,110}}$",
                              re.IGNORECASE)
# or the date inside the incident's noun phrase: "against a 22 September incident"
_REACTION_AROUND = re.compile(rf"\b{_REACTION}\s+(?:(?:a|an|the|last|this)\s+)?$", re.IGNORECASE)
_INCIDENT_AFTER = re.compile(rf"^\s*(?:[\w'’-]+\s+){{0,2}}?{_INCIDENT_NOUN}\b", re.IGNORECASE)
# an earlier harm named as a modifier of the person the sentence is about: "the man injured on 3 March died on
# Friday", "succumbed to wounds sustained in an ambush last week"
_EARLIER_HARM = re.compile(r"\b(?:injured|wounded|hurt|shot|stabbed|beaten|attacked|abducted|kidnapped|arrested"
                           r"|detained|sustained|burned|burnt|hit)\b(?:\s+[\w'’,-]+){0,8}?\s*$", re.IGNORECASE)
# a harm told in a relative clause, then the main clause's own action: "those who were murdered one year ago ...,
# their parents protested"
_RELATIVE_HARM = re.compile(r"\b(?:who|that|which)\s+(?:was|were|had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?"
                            r"(?:killed|murdered|slain|shot|injured|wounded|abducted|kidnapped|arrested|detained|attacked"
                            r"|beaten|lynched|raped|massacred)\b[^.;]{0,60}$", re.IGNORECASE)
_MAIN_ACTION_AFTER = re.compile(r"^[^.;]{0,120}?\b(?:protested|demonstrated|rallied|marched|gathered|staged|held"
                                r"|blocked|mourned|demanded|observed)\b", re.IGNORECASE)
_MAIN_PASSIVE = re.compile(r"(?<!who )(?<!that )(?<!which )\b(?:was|were|is|are|(?:has|have|had)\s+been)"
                           r"\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_LATER_OUTCOME = re.compile(r"\b(?:died|dies|succumbed|succumbs|passed\s+away|was\s+found\s+dead|body\s+was\s+found"
                            r"|was\s+(?:released|freed|discharged|buried)|were\s+(?:released|freed|buried))\b",
                            re.IGNORECASE)


def dates_earlier_incident(sentence: str, start: int, end: int) -> bool:
    """True when the date at ``sentence[start:end]`` dates an earlier incident the sentence refers to rather than
    the action it reports: the event's date is the date of the reported action ("lawyers protested against the
    killing of a trader on Tuesday" is not dated Tuesday; "the man injured on 3 March died on Friday" died on
    Friday)."""
    before, after = sentence[:start], sentence[end:]
    if _REACTION_BEFORE.search(before):
        return True
    if _REACTION_AROUND.search(before) and _INCIDENT_AFTER.search(after):
        return True
    if _RELATIVE_HARM.search(before) and _MAIN_ACTION_AFTER.search(after):
        return True  # "parents of children who were killed a year ago protested": the protest is the news
    harm = _EARLIER_HARM.search(before)
    if not harm or not _LATER_OUTCOME.search(after) or _LATER_OUTCOME.search(before[harm.start():]):
        return False
    # a modifier ("the man injured ...", "who was wounded ..."), not the sentence's own verb ("a man was shot ...")
    return not _MAIN_PASSIVE.search(before[:harm.start()])


def _is_absolute(text: str) -> bool:
    """A date written out ("1 May 2020", "12/03/2024", "March 2024"), not a relative one ("on Tuesday")."""
    return bool(re.search(r"\d", text)) and (bool(_HAS_MONTH.search(text)) or bool(re.search(r"\d[/.-]\d", text)))


_WEEK_OF = re.compile(r"\s*\(\s*(?:the\s+)?week\s+of\s*\)", re.IGNORECASE)


def _merge_parenthetical_ranges(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """ACLED-style "On 1 May 2020 (between 30 April and 2 May)" and "Around 30 April 2020 (week of)":
    the parenthesis says when the event may have happened, so the date becomes that whole range."""
    merged: list[DateMention] = []
    i = 0
    while i < len(found):
        d = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        gap = sentence[d.end:nxt.start] if nxt else ""
        closing = sentence[nxt.end:nxt.end + 3].lstrip()[:1] if nxt else ""
        if nxt and re.fullmatch(r"\s*[(\[]\s*", gap) and closing in (")", "]"):
            close = sentence.index(closing, nxt.end) + 1
            text = sentence[d.start:close]
            if _is_absolute(d.text):
                # "1 May 2020 (between 1-3 May)": the event lies somewhere in the union
                start, end = min(d.range.start, nxt.range.start), max(d.range.end, nxt.range.end)
                rng = DateRange(start=start, end=end, precision="days" if end > start else "day", text=text)
                historical = d.is_historical and nxt.is_historical
            else:
                # "on Wednesday (8 July)", "yesterday [21 March]": the written date is the reliable one
                rng = DateRange(start=nxt.range.start, end=nxt.range.end, precision=nxt.range.precision, text=text)
                historical = nxt.is_historical
            merged.append(DateMention(d.start, close, text, rng, historical))
            i += 2
            continue
        week = _WEEK_OF.match(sentence, d.end)
        if week and d.range.precision == "day":
            monday = d.range.start - dt.timedelta(days=d.range.start.weekday())
            text = sentence[d.start:week.end()]
            rng = DateRange(start=monday, end=monday + dt.timedelta(days=6), precision="week", text=text)
            merged.append(DateMention(d.start, week.end(), text, rng, d.is_historical))
            i += 1
            continue
        merged.append(d)
        i += 1
    return merged


_HAS_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_HAS_MONTH = re.compile(rf"\b{_MONTH}", re.IGNORECASE)


def _apply_sentence_year(found: list[DateMention], published: dt.date) -> None:
    """A day and month without a year take the year written elsewhere in the same sentence
    ("On 1 May 2020 (between 1-3 May)"), not the one guessed from the publication date."""
    anchor = next((d for d in found if d.range.precision in ("day", "days", "month") and _HAS_YEAR.search(d.text)),
                  None)
    if anchor is None:
        return
    year = anchor.range.start.year
    for d in found:
        if d is anchor or _HAS_YEAR.search(d.text) or not _HAS_MONTH.search(d.text):
            continue
        shift = year - d.range.end.year
        if shift == 0:
            continue
        try:
            start, end = d.range.start.replace(year=d.range.start.year + shift), d.range.end.replace(year=year)
        except ValueError:  # 29 February in a year without one
            continue
        d.range = DateRange(start=start, end=end, precision=d.range.precision, text=d.range.text)
        d.is_historical = _historical(d.range, published)


def resolve_relative_date(phrase: str, published: dt.date, tense: str = "past") -> DateRange | None:
    """One date phrase ("on Tuesday", "last week", "12 March 2024") -> a DateRange, or None.

    The project's rules first; phrases they do not know go to ``dateparser`` with the publication
    date as the base. Never raises.
    """
    if not phrase or not phrase.strip() or published is None:
        return None
    bare_year = re.fullmatch(rf"\s*({_YEAR})\s*", phrase)
    if bare_year and _plausible_year(int(bare_year[1]), published):
        return _year_range(int(bare_year[1]), phrase.strip())
    mentions = find_dates(phrase, published, tense)
    if mentions:
        best = max(mentions, key=lambda d: d.end - d.start)
        best.range.text = phrase.strip()
        return best.range
    return _dateparser_fallback(phrase.strip(), published, tense)


def is_historical_range(rng: DateRange, published: dt.date) -> bool:
    """True when ``rng`` ends more than a year before ``published`` (history, not news)."""
    return _historical(rng, published)


def _dateparser_fallback(phrase: str, published: dt.date, tense: str) -> DateRange | None:
    if not re.search(r"[A-Za-z]{3}|\d", phrase) or re.fullmatch(r"\d{1,3}", phrase):
        return None  # a lone small number is a count, not a date
    try:
        import dateparser

        base = dt.datetime(published.year, published.month, published.day, 12, 0)
        parsed = dateparser.parse(
            phrase,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if tense == "future" else "past",
                      "DATE_ORDER": "DMY"},
        )
    except Exception:  # dateparser raises assorted errors on odd input; a phrase we cannot read is just None
        return None
    if parsed is None or abs(parsed.year - published.year) > 200:
        return None
    day = parsed.date()
    return DateRange(start=day, end=day, precision="day", text=phrase)

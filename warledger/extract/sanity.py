"""Sanity rules: figures in text that are not counts of people or equipment, and absurd tolls.

Each rule is a small pure function so it can be tested on real phrasings:
"a 1994 peace treaty" and "since 2014" are years, "20 percent" a share, "a 14-year-old" an age,
"at 3 pm" a time, "Route 6" an address, and "5,000,000 killed" in a village report is absurd.
"""

from __future__ import annotations

import re

# words after a figure that make it a measure, not a head count
_UNIT_AFTER = re.compile(
    r"^\s*(?:-|\s)?(?:percent|per\s+cent|%|per\s*cent|year-old|years?-old|years?\s+old|-year|year\b|years\b|"
    r"months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|km\b|kilomet(?:re|er)s?\b|miles?\b|metres?\b|meters?\b|m\b|mm\b|"
    r"cm\b|kg\b|tons?\b|tonnes?\b|am\b|pm\b|a\.m\.|p\.m\.|o'clock|gmt\b|utc\b|hrs\b|\$|dollars?\b|euros?\b|"
    r"rupees?\b|times\b|rounds?\b|shells?\b|bullets\b|shots\b|projectiles\b|explosions\b|missiles\b|rockets\b|"
    r"houses\b|homes\b|buildings\b|shops\b|villages\b|kilos?\b|st\b|nd\b|rd\b|th\b|:\d)",
    re.IGNORECASE,
)
# words before a figure that make it a date, a time, an address or a label
_LABEL_BEFORE = re.compile(
    r"\b(?:route|road|street|st\.|avenue|highway|no\.|number|house|building|block|sector|unit|brigade|battalion|"
    r"division|regiment|corps|flight|article|resolution|page|chapter|room|gate|km|kilometre|kilometer|phase|"
    r"year|decade|age|aged)\s*$|[#№]\s*$",
    re.IGNORECASE,
)
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
           r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)")
_DATE_AROUND = re.compile(rf"(?:{_MONTHS}\.?\s*$)", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS}\b|/\d|\.\d{{1,2}}\.)", re.IGNORECASE)

# the largest toll we accept at all, and in a report about one small place
MAX_TOLL = 1_000_000
MAX_LOCAL_TOLL = 10_000
_LOCAL_PLACE = re.compile(r"\b(?:village|hamlet|town|settlement|neighbou?rhood|district|camp|checkpoint|market)\b",
                          re.IGNORECASE)


def looks_like_year(figure_text: str) -> bool:
    """ "1994" in "a 1994 peace treaty", "since 2014": a bare four-digit number in the year range.

    Counts that large are written with a separator ("2,014"), so a bare one is a year.
    """
    return bool(re.fullmatch(r"(1[89]\d\d|20\d\d)", figure_text.strip()))


def is_measure_or_label(text: str, start: int, end: int) -> bool:
    """True when the figure at text[start:end] is an age, share, time, distance, date, ordinal or label."""
    figure = text[start:end].strip()
    before, after = text[:start], text[end:]
    digits = re.sub(r"^[a-z\s]+", "", figure, flags=re.IGNORECASE)
    if looks_like_year(digits):
        return True
    if _UNIT_AFTER.match(after):
        return True
    if re.fullmatch(r"\d{1,2}", figure) and re.search(r"[A-Z][a-z]+\s*,\s*$", before) and re.match(r"^\s*[,)]", after):
        return True  # "Moshiur Rahman, 45, was killed": an age after a name
    if re.fullmatch(r"[\d,.]+", figure):
        if _DATE_AROUND.search(before[-12:]) or _DATE_AFTER.match(after):
            return True
        if _LABEL_BEFORE.search(before[-14:]):
            return True
    return False


def is_absurd_toll(best: int, sentence: str) -> bool:
    """A toll no report states: above a million anywhere, or above ten thousand for one village or town."""
    if best >= MAX_TOLL:
        return True
    return best > MAX_LOCAL_TOLL and bool(_LOCAL_PLACE.search(sentence))

"""Figures in text ("four", "1,200", "two dozen", "nearly 170", "between 5 and 7", "dozens") -> low/best/high.

Where does "nearly 170" become high=170?  Here.  The rules, applied to a stated figure ``n``:

=================  ==============================  =========  ==========  =========
qualifier rule     phrases (lexicons/qualifiers)    low        best        high
=================  ==============================  =========  ==========  =========
(none)             "17"                            n          n           n
lower_bound        at least, no fewer than          n          n           n
above              more than, over                  n+1        n+1         n+1
just_under         nearly, almost, close to         ~0.9n      n           n
below              fewer than, less than            ~0.5n      n-1         n-1
approximate        about, around, some, roughly     ~0.9n      n           ~1.1n
upper_bound        up to, as many as                ~0.5n      n           n
range "a to b"     20 to 30, 8-10, between 5 and 7  a          (a+b)//2    b
vague amounts      several, dozens, hundreds        lexicons/vague_amounts.tsv
=================  ==============================  =========  ==========  =========

``best`` for an open bound is the stated figure: as in UCDP GED, an analyst keeps the figure the
source gives and does not invent a higher one without a report of it; the qualifier is kept so a
reader sees it was a bound.  ``low <= best <= high`` always holds.

ACLED-compatible mode (``acled_conventions=True``) changes only what ACLED's codebook fixes:
a range is coded with its lower figure, and vague words take ACLED's fixed values ("several",
"many" and an unknown number = 10, "dozens" = 12, "hundreds" = 100; column ``acled_best``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from warledger.extract.lexicons import read_rows

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
NUMBER_WORDS = {**UNITS, **TENS, **SCALES, "dozen": 12}


@dataclass(frozen=True)
class Amount:
    """A figure found in text; ``start``/``end`` are offsets into the text searched."""

    low: int
    best: int
    high: int
    qualifier: str | None
    text: str
    start: int
    end: int
    vague: bool = False  # "several", "dozens": no figure was stated


@dataclass(frozen=True)
class _Vague:
    low: int
    best: int
    high: int
    acled_best: int


@cache
def qualifier_rules() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_rows("qualifiers.tsv")}


@cache
def vague_amounts() -> dict[str, _Vague]:
    return {row[0].lower(): _Vague(*(int(x) for x in row[1:5])) for row in read_rows("vague_amounts.tsv")}


def words_to_int(phrase: str) -> int | None:
    """ "seventeen" -> 17, "two dozen" -> 24, "a hundred and twelve" -> 112, "1,200" -> 1200, "3 million" -> 3000000."""
    tokens = [t for t in re.split(r"[\s\-–]+", phrase.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = current = 0
    seen = False
    for i, tok in enumerate(tokens):
        if tok in ("a", "an") and i == 0:
            current = 1
            continue
        digits = tok.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            value = float(digits)
            current += value
            seen = True
        elif tok in UNITS or tok in TENS:
            current += UNITS.get(tok, TENS.get(tok, 0))
            seen = True
        elif tok == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif tok == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif tok in ("thousand", "million"):
            total += max(current, 1) * SCALES[tok]
            current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    return int(round(total + current))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_WORD = _alternation(list(NUMBER_WORDS))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
# one figure: digits (optionally "3 million", "2 dozen") or a run of number words ("a hundred and twelve")
_CORE = (
    rf"(?:(?:{_DIGITS})(?:\s+(?:million|thousand|dozen))?"
    rf"|(?:an?\s+(?=(?:dozen|hundred|thousand|million)\b))?(?:{_WORD})(?:(?:[\s\-]+|\s+and\s+)(?:{_WORD}))*)"
)


@cache
def amount_regex() -> re.Pattern[str]:
    qual = _alternation(list(qualifier_rules()))
    vague = _alternation(list(vague_amounts()))
    pattern = (
        rf"(?<![\w,$£€-])(?<!\d\.)(?:(?P<qual>{qual})\s+)?"
        rf"(?:between\s+(?P<b1>{_CORE})\s+and\s+(?P<b2>{_CORE})"
        rf"|(?P<vague>{vague})"
        rf"|(?P<n1>{_CORE})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_CORE}))?)(?![\w])"
    )
    return re.compile(pattern, re.IGNORECASE)


def _trim_and(core: str) -> str:
    """ "two and three" is two figures; "a hundred and twelve" is one: keep "and" only after a scale word."""
    parts = re.split(r"\s+and\s+", core)
    kept = parts[0]
    for part in parts[1:]:
        if re.search(r"(hundred|thousand|million)$", kept, re.IGNORECASE):
            kept = f"{kept} and {part}"
        else:
            break
    return kept


def apply_qualifier(n: int, qualifier: str | None) -> tuple[int, int, int]:
    """The table in this module's docstring: a stated figure and its qualifier -> (low, best, high)."""
    rule = qualifier_rules().get((qualifier or "").lower())
    if rule is None or rule == "lower_bound":
        return n, n, n
    if rule == "above":
        return n + 1, n + 1, n + 1
    if rule == "just_under":
        return max(1, math.floor(0.9 * n)) if n > 1 else n, n, n
    if rule == "below":
        m = max(n - 1, 0)
        return min(m, math.ceil(0.5 * n)), m, m
    if rule == "approximate":
        return math.floor(0.9 * n), n, max(n, round(1.1 * n))
    if rule == "upper_bound":
        return min(n, max(1, math.ceil(0.5 * n))), n, n
    return n, n, n


def range_figures(a: int, b: int, acled_conventions: bool = False) -> tuple[int, int, int]:
    """ "20 to 30" -> (20, 25, 30); ACLED codes a range with its lower figure."""
    low, high = min(a, b), max(a, b)
    return low, (low if acled_conventions else (low + high) // 2), high


def vague_figures(phrase: str, acled_conventions: bool = False) -> tuple[int, int, int] | None:
    v = vague_amounts().get(re.sub(r"\s+", " ", phrase.lower().strip()))
    if v is None:
        return None
    if acled_conventions:
        return min(v.low, v.acled_best), v.acled_best, max(v.high, v.acled_best)
    return v.low, v.best, v.high


def find_amounts(text: str, acled_conventions: bool = False) -> list[Amount]:
    """Every figure in ``text``, left to right, with its qualifier applied."""
    found: list[Amount] = []
    pos = 0
    regex = amount_regex()
    while True:
        m = regex.search(text, pos)
        if m is None:
            break
        qual = m.group("qual")
        qual_norm = re.sub(r"\s+", " ", qual.lower()) if qual else None
        start, end = m.start(), m.end()
        amount: Amount | None = None
        if m.group("b1"):
            a, b = words_to_int(m.group("b1")), words_to_int(m.group("b2"))
            if a is not None and b is not None:
                lo, best, hi = range_figures(a, b, acled_conventions)
                amount = Amount(lo, best, hi, qual_norm or "between", text[start:end], start, end)
        elif m.group("vague"):
            figs = vague_figures(m.group("vague"), acled_conventions)
            if figs:
                amount = Amount(*figs, qual_norm, text[start:end], start, end, vague=True)
        else:
            core = _trim_and(m.group("n1"))
            if m.group("n2") is None and core != m.group("n1"):
                end = m.start("n1") + len(core)
            a = words_to_int(core)
            b = words_to_int(_trim_and(m.group("n2"))) if m.group("n2") and core == m.group("n1") else None
            if m.group("n2") and core == m.group("n1") and b is not None and a is not None and b > a:
                lo, best, hi = range_figures(a, b, acled_conventions)
                amount = Amount(lo, best, hi, qual_norm or "range", text[start:end], start, end)
            elif a is not None:
                if m.group("n2") and core == m.group("n1"):
                    end = m.end("n1")  # "5-3" or "2 or 1": not a range; keep the first figure
                lo, best, hi = apply_qualifier(a, qual_norm)
                amount = Amount(lo, best, hi, qual_norm, text[start:end], start, end)
        if amount is not None:
            found.append(amount)
        pos = max(end, start + 1)
    return found


def parse_amount(phrase: str, acled_conventions: bool = False) -> Amount | None:
    """The figure a short phrase states ("nearly 170", "dozens of", "between 5 and 7"), or None."""
    amounts = find_amounts(phrase.strip(), acled_conventions)
    if len(amounts) == 1 and amounts[0].start == 0 and amounts[0].end == len(phrase.strip()):
        return amounts[0]
    return None


def split_total(total: int, parts: int) -> int:
    """ACLED's share of a toll "split between N events" for one event: total / N rounded half up."""
    if parts <= 1:
        return total
    return int(math.floor(total / parts + 0.5))

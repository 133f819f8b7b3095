"""A cheap test that a word-start regex cannot match a text, so its scan can be skipped.

Python's ``re`` tries a pattern at every position of the text; a lexicon of a few dozen case-insensitive
alternations (event cues, date phrases) is scanned in full once per pattern, although most never match. A pattern
that starts with ``(?<![\\w-])`` or ``\\b`` followed by a word character can only match where a word starts, and the
first few characters of any match come from a set that can be read off the parsed pattern ("air", "airs", "drone",
...). ``word_start_gate`` lists those prefixes; ``word_start_prefixes`` lists the prefixes found at the word starts
of a text. When the two share nothing, the pattern has no match in the text. The gate is only ever a necessary
condition: a pattern whose start the analysis cannot bound (``\\w+`` or ``\\d`` first, an anchor, a huge set) gets
no gate and is always scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter
from re import _constants as sre_constants  # noqa: PLC2701 - the parse tree of a pattern, as re itself builds it
from re import _parser as sre_parser  # noqa: PLC2701

GATE_CHARS = 5  # prefix length compared; longer prefixes tell patterns apart better, but the sets grow
_MAX_PREFIXES = 20_000  # beyond this a pattern is left ungated

# Under re.IGNORECASE an ASCII letter in a pattern also matches these four characters (found by trying every code
# point; tests/extract/test_regex_gate.py checks it): folding them first makes str.lower() agree with re. U+0130 is
# also the one character whose lower() is two characters long, which would shift the offsets.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})
# the text at every position not preceded by a word character (fold keeps every character's \w-ness: tested)
_WINDOWS = re.compile(rf"(?<!\w)(?=(.{{1,{GATE_CHARS}}}))", re.DOTALL)


_WORD_CHAR = re.compile(r"\w")


class _Unbounded(Exception):
    """The start of the pattern cannot be listed."""


def fold(text: str) -> str:
    """``text`` lower-cased as re.IGNORECASE compares ASCII letters; same length and offsets as ``text``."""
    return text.translate(_FOLD).lower()


def word_start_prefixes(text: str, lengths: Iterable[int] = range(1, GATE_CHARS + 1)) -> set[str]:
    """The folded strings of each of ``lengths`` characters (at most ``GATE_CHARS``; fewer at the end of the text)
    that start at a position of ``text`` not preceded by a word character: every word start."""
    windows = _WINDOWS.findall(fold(text))
    found: set[str] = set()
    for n in lengths:
        found.update(map(itemgetter(slice(None, n)), windows))
    return found


def gate_lengths(gates: Iterable[frozenset[str] | None]) -> tuple[int, ...]:
    """The prefix lengths ``word_start_prefixes`` must list for ``gates``."""
    return tuple(sorted({len(p) for gate in gates if gate for p in gate}))


def word_start_gate(source: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """The folded prefixes (1 to ``GATE_CHARS`` characters) every match of ``source`` starts with, or None when
    the pattern does not start with ``(?<![\\w-])`` or ``\\b`` or its start cannot be listed (or, after ``\\b``,
    may be a non-word character: the match could then start at a word's end). Only ASCII characters are listed;
    ``flags`` must include re.IGNORECASE (the prefixes are lower-cased)."""
    if not flags & re.IGNORECASE:
        return None
    items = list(sre_parser.parse(source, flags))
    lead = _lead(items)
    if lead is None:
        return None
    try:
        prefixes = _prefixes(items, "", 0)
    except (_Unbounded, RecursionError):
        return None
    if "" in prefixes or (lead == _BOUNDARY and not all(_WORD_CHAR.match(p) for p in prefixes)):
        return None
    return frozenset(prefixes)


_NOT_AFTER_WORD = "not after a word character or hyphen"  # (?<![\w-])
_BOUNDARY = "word boundary"  # \b
_WORD_OR_HYPHEN = list(sre_parser.parse(r"[\w-]"))


def _lead(items: list) -> str | None:
    """How every match of the parsed pattern ``items`` must begin: (?<![\\w-]), \\b, or None (anything else)."""
    if not items:
        return None
    op, arg = items[0]
    if op is sre_constants.AT and arg is sre_constants.AT_BOUNDARY:
        return _BOUNDARY
    if op is sre_constants.ASSERT_NOT and arg[0] == -1 and list(arg[1]) == _WORD_OR_HYPHEN:
        return _NOT_AFTER_WORD
    if op is sre_constants.SUBPATTERN:
        return _lead(list(arg[-1]))
    if op is sre_constants.BRANCH:  # every alternative must have a lead; \b is the stricter one
        leads = {_lead(list(alternative)) for alternative in arg[1]}
        if None in leads:
            return None
        return _BOUNDARY if _BOUNDARY in leads else _NOT_AFTER_WORD
    return None


def _ascii_lower(char: str) -> str:
    if not char.isascii():
        raise _Unbounded
    return char.lower()


def _set_chars(items: list) -> set[str]:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre_constants.LITERAL:
            chars.add(_ascii_lower(chr(arg)))
        elif op is sre_constants.RANGE and arg[1] - arg[0] <= 64:
            chars.update(_ascii_lower(chr(c)) for c in range(arg[0], arg[1] + 1))
        else:  # a category (\w, \s), a negated set, a wide range
            raise _Unbounded
    return chars


def _prefixes(ops: list, acc: str, depth: int) -> set[str]:
    """The prefixes of the matches of ``ops`` (parsed pattern items, in order), each after ``acc``: a string of
    ``GATE_CHARS`` characters, or a shorter one where the match may end or goes on with characters not listed."""
    if len(acc) >= GATE_CHARS or not ops:
        return {acc}
    if depth > 400:
        raise _Unbounded
    op, arg = ops[0]
    rest = ops[1:]
    out: set[str] = set()
    if op is sre_constants.LITERAL:
        try:
            char = _ascii_lower(chr(arg))
        except _Unbounded:
            return _stop(acc)
        return _prefixes(rest, acc + char, depth + 1)
    if op is sre_constants.IN:
        try:
            chars = _set_chars(arg)
        except _Unbounded:
            return _stop(acc)
        for char in chars:
            out |= _prefixes(rest, acc + char, depth + 1)
            _check_size(out)
        return out
    if op is sre_constants.SUBPATTERN:
        return _prefixes(list(arg[-1]) + rest, acc, depth + 1)
    if op is sre_constants.ATOMIC_GROUP:
        return _prefixes(list(arg) + rest, acc, depth + 1)
    if op is sre_constants.BRANCH:
        for alternative in arg[1]:
            out |= _prefixes(list(alternative) + rest, acc, depth + 1)
            _check_size(out)
        return out
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        low, high, body = arg
        if low == 0:
            out |= _prefixes(rest, acc, depth + 1)
        if high != 0:
            again = (op, (max(0, low - 1), high if high == sre_constants.MAXREPEAT else high - 1, body))
            out |= _prefixes(list(body) + [again] + rest, acc, depth + 1)
        _check_size(out)
        return out
    if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return _prefixes(rest, acc, depth + 1)  # zero-width: dropping it only allows more matches
    return _stop(acc)  # any character, a back-reference, a conditional ...: the prefix ends here


def _stop(acc: str) -> set[str]:
    if not acc:
        raise _Unbounded
    return {acc}


def _check_size(prefixes: set[str]) -> None:
    if len(prefixes) > _MAX_PREFIXES:
        raise _Unbounded

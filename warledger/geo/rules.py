"""Language rules for place names: small pure functions, each tested with real phrasings.

The words these rules read (designators, cue words, speech verbs, non-place capitalised words)
live in ``lexicon.py`` next to this module; country names and demonyms live in ``countries.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from warledger.geo.lexicon import (
    CONNECTORS,
    DESIGNATOR_AFTER,
    DESIGNATOR_BEFORE,
    DIRECTION_WORDS,
    LOCATION_CUES,
    PLACE_ADJECTIVES,
    RUN_BREAKERS,
    SPEECH_VERBS,
)

_APOSTROPHES = "'’‘`ʻʼ´"
_FOLD_EXTRA = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
                             "þ": "th", "ħ": "h"})


def fold(text: str) -> str:
    """Diacritics off, lower case: ``Kraków`` -> ``krakow``, ``Ḩimş`` -> ``hims`` (non-Latin letters drop)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD_EXTRA))
    return decomposed.encode("ascii", "ignore").decode("ascii")


_PUNCT = re.compile(r"[^\w]+")
_DROPPED = str.maketrans("", "", _APOSTROPHES + ".")


def normalize_name(text: str) -> str:
    """The key a name is stored and looked up under.

    Folded, apostrophes and dots dropped (``U.S.`` = ``US``), hyphens and other punctuation as
    spaces, a leading ``the`` dropped: ``the Gaza Strip`` = ``Gaza strip``; ``Nagorno-Karabakh`` =
    ``Nagorno Karabakh``.
    """
    s = _PUNCT.sub(" ", fold(text).translate(_DROPPED)).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


_ASPIRATED = re.compile(r"(?<=[bcdgjkpst])h")  # dh ~ d, kh ~ k, bh ~ b, sh ~ s ("Jaleshwor", "Jaleswar")
_LATER_VOWELS = re.compile(r"(?<=\w)[aeiouy]")  # a word's first letter stays
_REPEATS = re.compile(r"(.)\1+")


def loose_key(key: str) -> str:
    """A spelling-tolerant form of a normalised name for transliterated South Asian and other names:
    aspirates and later vowels dropped, w/v/b and q/k merged, double letters single, word breaks
    ignored. ``jhenidah`` and ``jhenaidah`` -> ``jndh``; ``sarghoda`` and ``sargodha`` -> ``srgd``;
    ``kapilvastu`` and ``kapilbastu`` -> ``kplbst``; ``shanti niketan`` and ``santiniketan`` -> ``sntnktn``.
    Loose: only for names the exact key misses, checked against context."""
    return _REPEATS.sub(r"\1", _LATER_VOWELS.sub("", _ASPIRATED.sub("", solid_key(key)).translate(_LOOSE_LETTERS)))


# the Arabic article as GeoNames transliterates it, assimilated or not: "Al Atārib", "Ar Raqqah", "Ash Shaykh"
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ath|ed|es|et|ez)\s+(?=\S{4})")


def without_arabic_article(key: str) -> str | None:
    """A normalised name without its leading Arabic article (``al atarib`` -> ``atarib``), or None when
    it has none or too little would be left (``al bab``, ``al ain`` stay whole)."""
    m = _ARABIC_ARTICLE.match(key)
    return key[m.end():] if m else None


def solid_key(key: str) -> str:
    """A normalised name written as one word: ``mu se`` (Mu-se) and ``muse``, ``yi ngo`` and ``yingo``,
    ``takht bai`` and ``takhtbai`` are one name spelt with and without its breaks."""
    return key.replace(" ", "")


_LOOSE_LETTERS = str.maketrans({"w": "b", "v": "b", "q": "k"})


_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u0300-\u036f\u02b0-\u02ff\u2018-\u201f]")


def is_latin_name(text: str) -> bool:
    """True for names an English text could contain (Latin letters, with or without diacritics)."""
    if text.isascii():
        return bool(text)
    return _NON_LATIN.search(text) is None


@dataclass(frozen=True)
class NameParts:
    core: str
    kind: str | None  # "admin" (province, oblast...), "admin2" (district...), "city" (town, village), "region"


def split_designator(name: str) -> NameParts:
    """``Ghazni province`` -> (``Ghazni``, admin); ``province of Idlib`` -> (``Idlib``, admin);
    ``the Donbas region`` -> (``Donbas``, region); ``Arzoo village`` -> (``Arzoo``, city).

    A name that is only a designator, or has none, comes back whole with kind None.
    """
    words = name.strip().split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) >= 2:
        last = words[-1].lower().rstrip(".,")
        if last in DESIGNATOR_AFTER:
            return NameParts(" ".join(words[:-1]), DESIGNATOR_AFTER[last])
    if len(words) >= 3 and words[1].lower() == "of":
        first = words[0].lower()
        if first in DESIGNATOR_BEFORE:
            return NameParts(" ".join(words[2:]), DESIGNATOR_BEFORE[first])
    return NameParts(" ".join(words), None)


def speaks_for_government(text_after: str) -> bool:
    """True when a capital is used for its government: ``Baku said``, ``Moscow has accused``."""
    words = re.findall(r"[A-Za-z']+", text_after[:40].lower())
    while words and words[0] in {"has", "had", "have", "was", "is", "also", "again", "then", "later", "on"}:
        words = words[1:]
    return bool(words) and words[0] in SPEECH_VERBS


@dataclass(frozen=True)
class PlaceSpan:
    """A place-like span found in a sentence by the fallback scanner."""

    text: str
    start: int
    end: int
    cue: str | None  # the location cue word before it ("in", "near", ...), None when none
    in_parens: bool = False  # in parentheses, or after a comma right behind another name: a qualifier
    kind_hint: str | None = None  # from a designator word next to it ("Ghazni province")
    next_word: str = ""  # the word after the span, lower case ("dollar" in "US dollar")


_TOKEN = re.compile(r"\d+-[A-Z][\w'’-]*|[^\W\d_](?:[\w'’-]|\.(?=\w))*|\(|\)|,|;|\.|\d+")


_ARTICLE_HYPHEN = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ath|ech|ed|es|et|ez)-[A-Z]")


def _is_capitalised(token: str) -> bool:
    """``Ghazni``, ``24-Parganas`` and Arabic article forms such as ``al-Hasakeh``."""
    return token[:1].isupper() or (token[:1].isdigit() and "-" in token) or bool(_ARTICLE_HYPHEN.match(token))


def place_spans(sentence: str, offset: int = 0) -> list[PlaceSpan]:
    """Capitalised runs in a sentence that may name a place, with the cue word before each.

    ``... clashed in the Arzoo village close to Ghazni city (Ghazni)`` gives ``Arzoo`` (cue in,
    kind city), ``Ghazni`` (cue to, kind city), ``Ghazni`` (in parentheses). Possessives are split:
    ``Syria's Idlib`` gives ``Syria`` and ``Idlib``. Connectors stay inside a run (``Democratic
    Republic of Congo``, ``Dera Ismail Khan``). Words in the not-a-place list start no run.
    """
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    spans: list[PlaceSpan] = []
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i][0]
        if tok == "(":
            depth += 1
            i += 1
            continue
        if tok == ")":
            depth = max(0, depth - 1)
            i += 1
            continue
        clean = _strip_possessive(tok)
        if not _is_capitalised(clean) or clean.lower() in RUN_BREAKERS:
            i += 1
            continue
        j = i
        end_tok = i
        possessive_break = False
        while j < len(tokens):
            word = tokens[j][0]
            stripped = _strip_possessive(word)
            if _is_capitalised(stripped) and stripped.lower() not in RUN_BREAKERS:
                end_tok = j
                if stripped != word:
                    possessive_break = True
                    break
                j += 1
            elif word.lower() in CONNECTORS and j + 1 < len(tokens) and _is_capitalised(tokens[j + 1][0]):
                j += 1
            elif word.isdigit() and j > i and j + 1 < len(tokens) and _is_capitalised(tokens[j + 1][0]):
                j += 1  # "North 24 Parganas"
            else:
                break
        if end_tok > i and tokens[end_tok][0] == "Day" and not possessive_break:
            # "Kashmir Day", "Al-Quds Day rallies": a day named after a place is no place; "Thatta Kashmir Day
            # protests" keeps "Thatta"
            if end_tok - 2 < i:
                i = end_tok + 1
                continue
            end_tok -= 2
        start = tokens[i][1]
        end = tokens[end_tok][2]
        text = sentence[start:end]
        if possessive_break:
            text = _strip_possessive(text)
            end = start + len(text)
        text = text.rstrip(".-")
        end = start + len(text)
        cue = _cue_before(tokens, i)
        # "in Ubatuba, Sao Paulo": a name right after another one and a comma qualifies it, like "(Sao Paulo)"
        qualifier = (i >= 2 and tokens[i - 1][0] == "," and bool(spans)
                     and spans[-1].end - offset == tokens[i - 2][2])
        kind = None
        if end_tok + 1 < len(tokens):
            kind = DESIGNATOR_AFTER.get(tokens[end_tok + 1][0].lower())
        if i >= 2 and tokens[i - 1][0].lower() == "of" and tokens[i - 2][0].lower() in DESIGNATOR_BEFORE:
            kind = kind or DESIGNATOR_BEFORE[tokens[i - 2][0].lower()]
        if text:
            after = tokens[end_tok + 1][0].lower() if end_tok + 1 < len(tokens) else ""
            if after == "." and "." in text and end_tok + 2 < len(tokens) and tokens[end_tok + 2][0][:1].islower():
                after = tokens[end_tok + 2][0].lower()  # "the U.S. embassy": the abbreviation's own full stop
            after = _strip_possessive(after)  # "the US ambassador's criticism"
            spans.append(PlaceSpan(text, offset + start, offset + end, cue, depth > 0 or qualifier, kind, after))
        i = end_tok + 1
    return spans


def _strip_possessive(token: str) -> str:
    for suffix in ("'s", "’s", "s'", "s’"):
        if token.endswith(suffix) and len(token) > len(suffix) + 1:
            return token[: -len(suffix) + (1 if suffix.startswith("s") else 0)]
    return token


def _cue_before(tokens: list[tuple[str, int, int]], i: int) -> str | None:
    """The location cue a few words before token i: ``in the city of X`` -> in; ``north of X`` ->
    near; ``in occupied X`` -> in; ``residents of X`` -> None."""
    k = i - 1
    skipped = 0
    while k >= 0 and skipped < 5:
        word = tokens[k][0].lower()
        # "in the district headquarters Siraha": the cue before the headquarters is the name's
        if word in {"the", "a", "of", "city", "headquarters"} or word in DESIGNATOR_BEFORE or word in PLACE_ADJECTIVES:
            k -= 1
            skipped += 1
            continue
        if word in DIRECTION_WORDS:
            return "near"
        if word in LOCATION_CUES:
            return word
        return None
    return None

"""Place mentions for the geocoder: spaCy's GPE/LOC/FAC entities plus patterns the model misses
("in/near/at/around X", "X province/region/district", "the occupied X region", "the region of X").

Demonyms ("Azerbaijani", "Armenian-backed") are sides, never places; capitals used as the subject
of a statement ("Baku announced") are claimants, removed by the pipeline.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from warledger.extract.casualties import demonym_sides
from warledger.model import PlaceMention

ADMIN_WORDS = (r"(?:province|region|district|county|state|governorate|oblast|village|town|city|area|sector|"
               r"upazila|tehsil|LGA|municipality|prefecture|department|valley|camp|neighbou?rhood|commune|agency)")
_PLACE_MODS = (r"(?:occupied|[A-Z][a-z]+-(?:occupied|controlled|held)|rebel-held|restive|northern|southern|eastern|"
               r"western|central|north-eastern|north-western|south-eastern|south-western|northeastern|northwestern|"
               r"southeastern|southwestern|disputed|breakaway|nearby|[A-Z][a-z]+i|[A-Z][a-z]+ian|[A-Z][a-z]+ese)")
_CAP_SEQ = r"[A-Z][\w'’]+(?:(?:-|\s+(?:al-|el-|ad-|as-|de\s+|del\s+|la\s+)?)[A-Z][\w'’]+){0,3}"
_AFTER_PREPOSITION = re.compile(
    rf"\b(?:in|near|at|around|outside|inside|towards|toward|across|into|of)\s+(?:the\s+)?(?:{_PLACE_MODS}\s+)*"
    rf"(?P<name>{_CAP_SEQ})(?:\s+(?P<admin>{ADMIN_WORDS}))?"
)
_ADMIN_OF = re.compile(rf"\b{ADMIN_WORDS}\s+of\s+(?P<name>{_CAP_SEQ})")
_NAME_ADMIN = re.compile(rf"(?P<name>{_CAP_SEQ})\s+(?P<admin>{ADMIN_WORDS})\b")
_NOT_PLACES = frozenset(
    "the a an on in at monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december ministry defence defense forces army group police "
    "government president minister organization organisation according security cooperation".split()
)


_ORG_AFTER = re.compile(r"^\s+(?:Group|Ministry|Army|Forces|Party|League|Council|Corps|Front|Brigade|Battalion|"
                        r"University|Committee|Movement|Command|Police)\b")


def _is_side_word(name: str) -> bool:
    first = name.split()[0].lower().rstrip("'s’")
    return (first in demonym_sides() and demonym_sides()[first].lower() != first) or name.lower() in _NOT_PLACES \
        or first in _NOT_PLACES or bool(re.search(r"-(?:backed|led|occupied)$", name.split()[0].lower()))


def find_places(sentence: str, doc: Span | None = None) -> list[PlaceMention]:
    """Places named in one sentence; offsets into the sentence (the pipeline shifts them into the article)."""
    found: list[PlaceMention] = []

    def add(text: str, start: int, end: int) -> None:
        text = text.strip()
        if not text or _is_side_word(text):
            return
        for p in found:
            if p.start <= start < p.end or start <= p.start < end:
                if end - start > p.end - p.start:  # keep the longer reading ("Karabakh region" over "Karabakh")
                    p.text, p.start, p.end = text, start, end
                return
        found.append(PlaceMention(text=text, start=start, end=end, role="in"))

    organisations: list[tuple[int, int]] = []
    if doc is not None:
        base = doc.start_char
        organisations = [(e.start_char - base, e.end_char - base) for e in doc.ents if e.label_ in ("ORG", "NORP")]
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                add(ent.text, ent.start_char - base, ent.end_char - base)
    for pattern in (_AFTER_PREPOSITION, _ADMIN_OF, _NAME_ADMIN):
        for m in pattern.finditer(sentence):
            end = m.end("admin") if "admin" in pattern.groupindex and m.group("admin") else m.end("name")
            add(sentence[m.start("name"):end], m.start("name"), end)
    # "Organization for Security and Cooperation in Europe", "Minsk Group": a place inside a name is no place
    found = [p for p in found if not any(s <= p.start and p.end <= e and e - s > p.end - p.start
                                         for s, e in organisations)
             and not _ORG_AFTER.match(sentence[p.end:]) and not _ORG_AFTER.search(" " + p.text.split()[-1])]
    found.sort(key=lambda p: p.start)
    return found

"""Photo captions in plain text: how to tell them from the body.

A caption is kept in the article text at most once (analysts still read it, and evidence may
point into it) and is also listed in ``Article.captions``. A paragraph is a caption when

1. it is printed more than once verbatim (pages copied as text print the caption under the
   photo and again in the body; the same fact is not news twice), or
2. it reads like one: it ends with a comma and a full date, the photo's dateline
   ("..., North Darfur, June 9, 2024."); or it names the photo ("(Photo: ...)", "pictured",
   "file photo", "in this handout picture", a trailing "(AFP)"); or it is a single sentence
   describing a scene in the present tense ("A soldier stands near ...", "Mourners gather ...")
   without any reporting verb.
"""

from __future__ import annotations

import re
from collections import Counter

from warledger.clean.credits import AGENCIES

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_TRAILING_CREDIT = rf"(?:\s*\((?:(?:photo|picture|image|file)[^)]*|{_AGENCY})\))?"
# "..., June 9, 2024." / "..., 9 June 2024." / "..., in Kharkiv, Ukraine, 2024-06-09." possibly then "(AFP)"
_ENDS_WITH_DATELINE = re.compile(
    rf",\s+(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\.?"
    rf"{_TRAILING_CREDIT}\s*$"
)
_PHOTO_CUES = re.compile(
    rf"\((?:photo|picture|image|file photo)\b[^)]*\)|\b(?:pictured|in this (?:photo|picture|image|handout|file)"
    rf"|(?:photo|picture)(?:graph)? taken|file (?:photo|picture|image)|handout (?:photo|picture|image)"
    rf"|seen in this|photo illustration)\b|\((?:{_AGENCY})\)\s*$"
    rf"|(?:^|[.!?]\s+)(?:photo(?:graph)?|picture|image)\s*:\s*[^.]{{1,60}}$"
    rf"|\b(?:REUTERS|AFP|AP|EPA|EPA-EFE)/[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*\s*$",
    re.IGNORECASE,
)
_SCENE_VERBS = re.compile(
    r"\b(?:stands?|sits?|walks?|looks? on|gathers?|poses?|is seen|are seen|inspects?|mourns?|reacts?"
    r"|carr(?:y|ies)|rides?|waits?|queues?|kneels?|prays?|rests?)\b"
)
# words before a scene verb that make it a noun or an infinitive ("a late stand", "able to carry")
_NOT_A_SCENE_VERB_AFTER = {"to", "a", "an", "the", "of", "late", "last", "first", "this", "their", "his", "her", "its"}
SCENE_VERB_WITHIN_WORDS = 12
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|according|announced|reported|claimed|added)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]['\"’”]?\s+[A-Z“\"]")
CAPTION_MIN_WORDS = 5  # shorter repeated lines are furniture, not captions
SCENE_CAPTION_MAX_WORDS = 35


def normalise(text: str) -> str:
    """Whitespace-collapsed text, for comparing paragraphs."""
    return " ".join(text.split())


def repeated_paragraphs(paragraphs: list[str]) -> set[str]:
    """Normalised paragraphs that occur more than once and are long enough to be captions."""
    counts = Counter(normalise(p) for p in paragraphs)
    return {p for p, n in counts.items() if n > 1 and len(p.split()) >= CAPTION_MIN_WORDS}


def is_caption_like(paragraph: str) -> bool:
    """True when a single paragraph reads like a photo caption (rule 2 of the module docstring)."""
    text = normalise(paragraph)
    if len(text.split()) < CAPTION_MIN_WORDS:
        return False
    if _ENDS_WITH_DATELINE.search(text) or _PHOTO_CUES.search(text):
        return True
    return (
        len(text.split()) <= SCENE_CAPTION_MAX_WORDS
        and not _SENTENCE_BREAK.search(text)
        and not _REPORTING.search(text)
        and not any(q in text for q in "\"“”")
        and has_scene_verb(text)
    )


def has_scene_verb(text: str) -> bool:
    """A present-tense verb of a photographed scene ("stands", "walk past") early in the sentence."""
    for m in _SCENE_VERBS.finditer(text):
        before = text[: m.start()].split()
        if len(before) >= SCENE_VERB_WITHIN_WORDS:
            return False
        if before and before[-1].lower() in _NOT_A_SCENE_VERB_AFTER:
            continue
        return True
    return False


def separate_captions(paragraphs: list[str], protected: int = 0) -> tuple[list[str], list[str]]:
    """Drop verbatim repeats (keeping the first copy) and list captions.

    Returns ``(paragraphs, captions)``: ``paragraphs`` with each repeated caption kept once,
    ``captions`` in order of first appearance. The first ``protected`` paragraphs (the headline)
    are never captions.
    """
    repeated = repeated_paragraphs(paragraphs[protected:])
    kept: list[str] = []
    captions: list[str] = []
    seen: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        key = normalise(paragraph)
        if index < protected:
            kept.append(paragraph)
            continue
        if key in seen and key in repeated:
            continue
        seen.add(key)
        kept.append(paragraph)
        if (key in repeated or is_caption_like(paragraph)) and key not in captions:
            captions.append(key)
    return kept, captions

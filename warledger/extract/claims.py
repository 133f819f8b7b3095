"""Who claims a figure: reporting verbs linked to their subject, resolved through the article.

"Azerbaijan's Defence Ministry said ...", "according to local officials", "..., police said" and
"Baku announced" are claims; "The ministry also reported ..." refers back to the fullest earlier
name of a ministry; a pronoun ("it said") to the previous claimant; a capital used as a metonym
("Baku", "Kyiv", "the Kremlin") to that country's government.  A figure with no claimant in its
sentence is attributed to the outlet (``article.outlet``, else ``UNATTRIBUTED``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from warledger.extract.lexicons import read_rows, read_words
from warledger.extract.nlp import is_pronoun, is_verb

UNATTRIBUTED = "the outlet"  # the claimant of a figure no one is quoted for, when the outlet is unknown
_PRONOUNS = frozenset({"it", "he", "she", "they", "officials", "the officials", "sources", "the source"})
_GENERIC_HEADS = ("ministry", "army", "military", "government", "spokesman", "spokeswoman", "spokesperson",
                  "police", "officials", "official", "agency", "office", "command", "forces", "service", "group",
                  "statement", "authorities", "president", "minister", "committee", "mission", "monitor")


@dataclass
class Claim:
    """A claimant named in a sentence; ``start``/``end`` are offsets into the sentence."""

    name: str
    start: int
    end: int
    side: str | None = None


@cache
def claim_lemmas() -> frozenset[str]:
    return read_words("claim_verbs.txt")


@cache
def claim_forms() -> frozenset[str]:
    """The reporting verbs as written ("said", "tells"): the pipeline has no lemmatizer."""
    return frozenset(form.lower() for row in read_rows("claim_verbs.txt")
                     for form in (row[0], *" ".join(row[1:]).split()))


@cache
def capitals() -> dict[str, str]:
    """Capital (lower-cased) -> country, for metonyms: "baku" -> "Azerbaijan"."""
    out: dict[str, str] = {}
    for row in read_rows("sides.tsv"):
        if len(row) > 2:
            for cap in row[2].split(","):
                if cap.strip():
                    out[cap.strip().lower()] = row[0]
    return out


@cache
def _country_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in read_rows("sides.tsv"):
        out[row[0].lower()] = row[0]
        for demonym in row[1].split(","):
            if demonym.strip():
                out[demonym.strip().lower()] = row[0]
    return out


@cache
def _side_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One alternation for the capitals and one for the country words (longest first: "South Sudan" before
    "Sudan"); hundreds of separate patterns would not fit in ``re``'s cache and be recompiled on every call."""
    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return (re.compile(rf"(?<!\w)(?:{alternation(list(capitals()))})(?!\w)"),
            re.compile(rf"(?<![\w-])({alternation(list(_country_words()))})(?:'s|’s)?(?![\w-])"))


def side_of_name(name: str) -> str | None:
    """The country a claimant or actor name belongs to: "Azerbaijan's Defence Ministry" -> "Azerbaijan"."""
    low = name.lower()
    capital_pattern, word_pattern = _side_patterns()
    found = [m.group() for m in capital_pattern.finditer(low)]
    if found:
        order = {cap: i for i, cap in enumerate(capitals())}  # the lexicon's order decides between two capitals
        return capitals()[min(found, key=order.__getitem__)]
    words = _country_words()
    found = [m.group(1) for m in word_pattern.finditer(low)]
    if not found:
        return None
    # the longest country word named ("South Sudan" over "Sudan"); between equals, the lexicon's order
    order = {word: i for i, word in enumerate(words)}
    return words[min(found, key=lambda w: (-len(w), order[w]))]


def _clean(name: str) -> str:
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(" ,.;:\"'“”"), flags=re.IGNORECASE)
    name = re.sub(r"\s+(?:also|later|earlier|then|previously|further)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).strip()


def find_claims(doc: Doc | Span) -> list[Claim]:
    """Claimants named in one parsed sentence: subjects of reporting verbs and "according to X"."""
    claims: list[Claim] = []
    base = doc.start_char if isinstance(doc, Span) else 0
    for tok in doc:
        if tok.lower_ in claim_forms() and is_verb(tok):
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if not subjects:
                continue
            subj = subjects[0]
            if is_pronoun(subj) and subj.lower_ not in ("it", "he", "she", "they"):
                continue
            span = tok.doc[subj.left_edge.i: subj.i + 1]  # the subject up to its head noun, no trailing clauses
            name = _clean(span.text)
            if name:
                claims.append(Claim(name, span.start_char - base, span.end_char - base))
        elif tok.lower_ == "according" and tok.i + 1 < len(tok.doc):
            nxt = tok.nbor(1)
            objs = [c for c in nxt.children if c.dep_ == "pobj"]
            if nxt.lower_ == "to" and objs:
                obj = objs[0]
                # the whole object phrase ("the Observatory for Human Rights"), up to a comma or bracket
                phrase = [t for t in obj.subtree]
                cut = next((i for i, t in enumerate(phrase) if t.i > obj.i and t.text in (",", ";", "(")), len(phrase))
                phrase = phrase[:cut]
                start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
                name = _clean(tok.doc.text[start:end])
                if name:
                    claims.append(Claim(name, start - base, end - base))
    text = doc.text
    by_agent = r"\b(?:as\s+)?(?:reported|announced|claimed)\s+by\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
    for m in re.finditer(by_agent, text):
        claims.append(Claim(_clean(m.group(1)), m.start(1), m.end(1)))
    return claims


_NAME_BEFORE_HEAD = r"((?:[A-Z][\w'’.-]*(?:'s|’s)?\s+){1,5}(?:of\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,3})?)"


def resolve_claimant(name: str, text_before: str, previous: list[str]) -> str:
    """The fullest name a claimant refers to, given the article text before it and earlier claimants."""
    low = name.lower()
    if low in _PRONOUNS and previous:
        return previous[-1]
    if low in capitals():
        return f"government of {capitals()[low]} ({name})"
    words = low.split()
    if not words:
        return name
    head = words[-1]
    if len(words) <= 2 and head in _GENERIC_HEADS and not any(w[:1].isupper() for w in name.split()[:-1]):
        for earlier in reversed(previous):
            if head in earlier.lower() and len(earlier) > len(name):
                return earlier
        pattern = re.compile(_NAME_BEFORE_HEAD + rf"(?i:{re.escape(head)})\b")
        best = None
        for m in pattern.finditer(text_before):
            candidate = _clean(m.group(0))
            if candidate.split()[0][:1].isupper() and len(candidate.split()) >= 2:
                best = candidate
        if best:
            return best
    return name

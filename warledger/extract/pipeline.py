"""One cleaned article -> its events: prefilter, sentences, NLP on the relevant ones, rules, merge.

    relevance -> sentences -> spaCy (relevant sentences only) -> claims, casualties, materiel, actors,
    places, dates, status -> group into events -> merge restatements -> ACLED tallies (optional) -> Events

ACLED-compatible mode (``acled_conventions=True``, or ``WARLEDGER_CONVENTIONS=acled`` in the
environment) applies ACLED's coding conventions: the number rules of ``numbers`` (vague words and
ranges), an analyst's explicit tally ("Fatalities coded as 10", "2 fatalities.") as the event's
death toll, and a toll "split between N events" shared out as ACLED does (``numbers.split_total``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from warledger.extract import claims as claims_mod
from warledger.extract.actors import find_actors
from warledger.extract.casualties import (
    CLAIMANT_SIDE,
    ENEMY_SIDE,
    CasualtyMention,
    demonym_sides,
    find_casualties,
    verb_regex,
)
from warledger.extract.dates import find_dates
from warledger.extract.event_types import classify_event, has_event_cue, sentence_starts
from warledger.extract.materiel import find_materiel
from warledger.extract.merge import (
    EventDraft,
    SentenceFacts,
    group_sentences,
    merge_casualties,
    merge_materiel,
)
from warledger.extract.nlp import pipe_sentences, sentence_spans
from warledger.extract.numbers import find_amounts, split_total
from warledger.extract.places import find_places
from warledger.extract.relevance import cue_counts, is_relevant_article, is_relevant_sentence
from warledger.extract.status import classify_status, is_cumulative_toll, sentence_tense
from warledger.model import Actor, Article, Casualty, DateRange, Event, Evidence, Materiel, PlaceMention

CONVENTIONS_ENV = "WARLEDGER_CONVENTIONS"
log = logging.getLogger(__name__)


def acled_conventions_from_env() -> bool:
    return os.environ.get(CONVENTIONS_ENV, "").strip().lower() == "acled"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: paragraphs (line breaks) first, then spaCy's rule-based sentencizer's boundaries
    (``nlp.sentence_spans``: the same boundaries without building a Doc)."""
    return sentence_spans(text)


def reads_parse(doc: Doc) -> bool:
    """Whether a rule reads this sentence's dependency parse or tags: the subject of a reporting verb or the object
    of "according to" (``claims.find_claims``), the subject of a casualty verb (``casualties._parsed_subject``, only
    ever asked at a match of ``verb_regex``); the tags are read only there too. Places read only entities and the
    other rules only the text, so the other sentences skip the tagger and parser (``nlp.pipe_sentences``)."""
    forms = claims_mod.claim_forms()
    if any(t.lower_ in forms or t.lower_ == "according" for t in doc):
        return True
    return verb_regex().search(doc.text) is not None


# --- short notes the prefilter's lexicon misses --------------------------------------------------------------
NOTE_MAX_CHARS = 3000  # a brief or an analyst's note; a full article about conflict uses the lexicon's words
NOTE_MAX_SENTENCES = 3  # a note that short reports one incident


def is_conflict_note(text: str) -> bool:
    """A note (at most ``NOTE_MAX_SENTENCES`` sentences) the relevance prefilter passes over that still reports a
    conflict action: an action of the event table (typed or generic: "shoot-outs took place", "bursts of fire
    involving small arms", "activists attacked a group of villagers", "held a rally") and not one word of sport,
    business, culture or weather (those are where violent-sounding words are figures of speech: "the battle for
    the title"). The cheap tests come first: most articles the prefilter drops are longer than a note."""
    return (len(text) <= NOTE_MAX_CHARS and len(sentence_starts(text.strip())) <= NOTE_MAX_SENTENCES
            and cue_counts(text)[2] == 0 and has_event_cue(text, generic=True))


# --- ACLED analyst tallies -------------------------------------------------------------------------------
_TALLY_PATTERNS = (
    re.compile(r"\bfatalit(?:y|ies)(?:\s+and\s+injuries)?\s+(?:were\s+|are\s+)?coded\s+as\s+(?P<n>\d+)", re.I),
    re.compile(r"^\W*(?:total\s+|at\s+least\s+)?(?P<n>\d+)\s+fatalit(?:y|ies)\b", re.I),
    re.compile(r"^\W*fatalities\s+(?P<n>\d+)\b", re.I),
)
_SPLIT = re.compile(
    r"\b(?:split|spread|divided|distributed|coded)(?:\s+equally)?\s+(?:between|across|among|over|into)\s+"
    r"(?P<k>\w+)\s+(?:separate\s+|different\s+)?(?:events|locations|villages|places|days|incidents|sites)\b", re.I)


def acled_tally(sentences: list[str]) -> tuple[int | None, int]:
    """(stated toll or None, number of events it is split between) from an ACLED analyst's note."""
    tally = None
    parts = 1
    for s in sentences:
        for pattern in _TALLY_PATTERNS:
            m = pattern.search(s)
            if m and tally is None:
                tally = int(m.group("n"))
        m = _SPLIT.search(s)
        if m:
            k = find_amounts(m.group("k"))
            if k:
                parts = max(parts, k[0].best)
    return tally, parts


# --- helpers ---------------------------------------------------------------------------------------------
def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(start=start, end=end, text=text[start:end])


def _enemy_of(side: str | None, article_sides: Counter[str]) -> str | None:
    for candidate, _ in article_sides.most_common():
        if candidate != side:
            return candidate
    return None


def _resolve_side(side: str | None, claimant_side: str | None, article_sides: Counter[str]) -> str | None:
    if side == CLAIMANT_SIDE:
        return claimant_side
    if side == ENEMY_SIDE:
        return _enemy_of(claimant_side, article_sides)
    return side


def _default_date(published: dt.date | None) -> DateRange | None:
    # a report with no date of its own: the day of publication or the day before
    if published is None:
        return None
    return DateRange(start=published - dt.timedelta(days=1), end=published, precision="days", text="")


def _event_id(article_id: str, first_offset: int) -> str:
    return hashlib.sha1(f"{article_id}:{first_offset}".encode()).hexdigest()[:16]


# --- the stage -------------------------------------------------------------------------------------------
def extract_events(article: Article, acled_conventions: bool | None = None) -> list[Event]:
    """The article's events per the output contract (locations left to the geocoder)."""
    return extract_events_batch([article], acled_conventions)[0]


@dataclass
class _PreparedArticle:
    """An article after the prefilter: its sentences and the relevant ones the NLP pipeline reads."""
    article: Article
    text: str
    spans: list[tuple[int, int]]
    relevant: list[tuple[int, int, int]]  # (sentence index, start, end)


def extract_events_batch(articles: list[Article], acled_conventions: bool | None = None) -> list[list[Event]]:
    """Each article's events, in the order given; the same as ``extract_events`` one by one, with one spaCy
    batch over the relevant sentences of all the articles (a batch per article costs ~40% more CPU time)."""
    if acled_conventions is None:
        acled_conventions = acled_conventions_from_env()
    prepared = [_prepare(article) for article in articles]
    sentences = [p.text[s:e] for p in prepared if p is not None for _, s, e in p.relevant]
    docs = iter(pipe_sentences(sentences, reads_parse)) if sentences else iter(())
    out: list[list[Event]] = []
    for p in prepared:
        if p is None:
            out.append([])
            continue
        article_docs = [next(docs) for _ in p.relevant]
        out.append(_article_events(p, article_docs, acled_conventions))
    return out


def _prepare(article: Article) -> _PreparedArticle | None:
    """The prefilter and the relevant sentences; None when the article holds nothing to read."""
    text = article.text or ""
    if not text.strip():
        return None
    note_only = False  # relevant only through the event table's cues (see is_conflict_note)
    if not is_relevant_article(f"{article.title or ''}\n{text}"):
        note_only = is_conflict_note(f"{article.title or ''}\n{text}")
        if not note_only:
            return None
    spans = split_sentences(text)
    # a note of a few sentences tells one incident: every sentence naming an action is read ("10 gunmen attacked
    # a party member. No injuries reported."); in an article only typed actions beside the prefilter's words are
    # ("Two attacks in ten days have exposed the armies' weakness" sums up, it reports nothing)
    short = note_only or len(spans) <= NOTE_MAX_SENTENCES
    relevant = [(i, s, e) for i, (s, e) in enumerate(spans)
                if is_relevant_sentence(text[s:e]) or has_event_cue(text[s:e], generic=short)]
    if not relevant:
        return None
    return _PreparedArticle(article, text, spans, relevant)


def _article_events(prepared: _PreparedArticle, docs: list[Doc], acled_conventions: bool) -> list[Event]:
    """The rules over one article's relevant sentences (``docs``, in order), grouped and merged into events."""
    article, text, spans, relevant = prepared.article, prepared.text, prepared.spans, prepared.relevant
    default_claimant = article.outlet or claims_mod.UNATTRIBUTED
    published = article.published

    article_sides: Counter[str] = Counter()
    for _, s, e in relevant:
        for _word, country in _side_words(text[s:e]):
            article_sides[country] += 1

    first_strong = next((i for i, s, e in relevant if is_relevant_sentence(text[s:e])), None)
    facts: list[SentenceFacts] = []
    context = _ArticleContext(text, published, default_claimant, acled_conventions, article_sides)
    for (index, s, e), doc in zip(relevant, docs, strict=True):
        # the article's first strongly relevant sentence is an event even without a typed cue, when the
        # article has no other: conflict prose with an action the type table does not know is still news
        fallback = not facts and index == first_strong
        try:
            sentence_facts = _read_sentence(context, index, s, e, doc, keep_untyped=fallback)
        except Exception:  # one odd sentence must not cost the article (or the batch) its other events
            log.warning("extract: article %s: sentence at %d skipped", article.id, s, exc_info=True)
            continue
        if sentence_facts is not None:
            facts.append(sentence_facts)

    side_of = claims_mod.side_of_name
    drafts = group_sentences(facts, default_claimant, side_of)
    events = [_build_event(article, d, default_claimant, side_of) for d in drafts]
    if len(spans) <= NOTE_MAX_SENTENCES and len(events) == 1 and events[0].status == "reported":
        # a note tells one incident: its sentences without an action of their own still type it ("Police dispersed
        # the crowd." makes a protest one with intervention)
        event = events[0]
        event_type, sub_type = classify_event(text, {c.group for c in event.casualties},
                                              {a.type for a in event.actors})
        if event_type is not None:
            event.event_type, event.sub_event_type = event_type, sub_type
    if acled_conventions:
        _apply_acled_tally(events, text, spans)
    return events


@dataclass
class _ArticleContext:
    text: str
    published: dt.date | None
    default_claimant: str
    acled_conventions: bool
    article_sides: Counter[str]
    previous_claimants: list[str] = field(default_factory=list)


def _read_sentence(ctx: _ArticleContext, index: int, s: int, e: int, doc: Doc,
                   keep_untyped: bool = False) -> SentenceFacts | None:
    """Everything the rules find in one relevant sentence, or None when it holds no event."""
    text, published = ctx.text, ctx.published
    sentence = text[s:e]
    claimant = None
    claim_spans: list[tuple[int, int]] = []
    for c in claims_mod.find_claims(doc):
        resolved = claims_mod.resolve_claimant(c.name, text[:s + c.start], ctx.previous_claimants)
        claim_spans.append((c.start, c.end))
        if claimant is None:
            claimant = resolved
        ctx.previous_claimants.append(resolved)
    claimant_side = claims_mod.side_of_name(claimant) if claimant else None
    attributed = claimant or ctx.default_claimant

    tense = sentence_tense(sentence)
    date = None
    own_date = False
    mentions = find_dates(sentence, published, tense) if published is not None else []
    # the event's date is the date of the reported action, not of an earlier incident the sentence refers to
    own_mentions = [m for m in mentions if not m.earlier_incident]
    current = [m for m in own_mentions if not m.is_historical]
    if current:
        date, own_date = current[0].range, True
    elif own_mentions:
        date = own_mentions[0].range
    status = classify_status(sentence, published, date)
    if status != "background" and not own_date:
        date = None  # a historical date never dates a current event

    casualties = []
    anaphoric = []
    tallies = []
    historical = [m for m in mentions if m.is_historical]
    for m in find_casualties(sentence, ctx.acled_conventions, doc[:]):
        if any(m.start <= h.start <= m.end + 40 for h in historical):
            continue  # "people killed in the city in May 2014": history, not this event
        casualty = _casualty(m, text, s, attributed, claimant_side, ctx.article_sides)
        if is_cumulative_toll(sentence, m.start, m.end, mentions, published):
            tallies.append((casualty, m.anaphoric))  # "the war has killed 300,000 people since 2011"
            continue
        casualties.append(casualty)
        anaphoric.append(m.anaphoric)
    if tallies and not casualties:
        # a sentence that only tallies a period or a conflict is background; its figures are kept as such
        status, casualties, anaphoric = "background", [c for c, _ in tallies], [a for _, a in tallies]
    materiel = [Materiel(kind=mm.kind, outcome=mm.outcome, count=mm.count,  # type: ignore[arg-type]
                         side=_resolve_side(mm.side, claimant_side, ctx.article_sides), claimed_by=attributed,
                         evidence=[_evidence(text, s + mm.start, s + mm.end)])
                for mm in find_materiel(sentence)]
    actors = find_actors(sentence)
    places = [p for p in find_places(sentence, doc[:]) if not any(cs <= p.start < ce for cs, ce in claim_spans)]
    for p in places:
        p.start, p.end = p.start + s, p.end + s
    event_type, sub_type = classify_event(sentence, {c.group for c in casualties}, {a.type for a in actors})
    if not (casualties or materiel or event_type or keep_untyped):
        return None
    return SentenceFacts(index=index, start=s, end=e, text=sentence, status=status, date=date,
                         own_place=bool(places), claimant=claimant, event_type=event_type, sub_event_type=sub_type,
                         casualties=casualties, anaphoric=anaphoric, materiel=materiel, places=places,
                         actors=actors)


def _side_words(sentence: str) -> list[tuple[str, str]]:
    out = []
    for w in re.findall(r"[A-Z][\w'’-]+", sentence):
        low = re.sub(r"(?:'s|’s)$", "", w.lower())
        if low in demonym_sides() and not re.search(r"-(?:backed|led)$", low):
            out.append((w, demonym_sides()[low]))
    return out


def _casualty(m: CasualtyMention, text: str, offset: int, claimant: str, claimant_side: str | None,
              article_sides: Counter[str]) -> Casualty:
    return Casualty(kind=m.kind, group=m.group, low=m.low, best=m.best, high=m.high,  # type: ignore[arg-type]
                    side=_resolve_side(m.side, claimant_side, article_sides), qualifier=m.qualifier,
                    claimed_by=claimant, evidence=[_evidence(text, offset + m.start, offset + m.end)])


def _build_event(article: Article, draft: EventDraft, default_claimant: str,
                 side_of: Callable[[str], str | None]) -> Event:
    sentences = draft.sentences
    casualties = merge_casualties(draft.casualties(), default_claimant, side_of)
    materiel = merge_materiel([m for s in sentences for m in s.materiel], default_claimant, side_of)
    groups = {c.group for c in casualties}
    actors = _merge_actors([a for s in sentences for a in s.actors])
    main = next((s for s in sentences if s.event_type), sentences[0])
    # type from the whole event's text: ACLED-style typing often needs the note, not one sentence
    whole = " ".join(s.text for s in sorted(sentences, key=lambda s: s.start))
    event_type, sub_type = classify_event(whole, groups, {a.type for a in actors})
    if event_type is None:
        event_type, sub_type = main.event_type, main.sub_event_type
    date = next((s.date for s in sentences if s.date is not None), None)
    if date is None and draft.status == "reported":
        date = _default_date(article.published)
    claimed = []
    for name in [c.claimed_by for c in casualties] + [m.claimed_by for m in materiel] + [s.claimant for s in sentences]:
        if name and name not in claimed:
            claimed.append(name)
    if len(claimed) > 1 and default_claimant in claimed:
        claimed.remove(default_claimant)
    evidence = [_evidence(article.text, s.start, s.end) for s in sorted(sentences, key=lambda s: s.start)]
    places: list[PlaceMention] = []
    for s in sentences:
        for p in s.places:
            if not any(q.start == p.start for q in places):
                places.append(p)
    confidence = min(0.95, 0.5 + 0.1 * len(sentences) + (0.1 if any(s.claimant for s in sentences) else 0)
                     + (0.1 if date is not None and date.text else 0))
    return Event(id=_event_id(article.id, evidence[0].start), status=draft.status,  # type: ignore[arg-type]
                 event_type=event_type, sub_event_type=sub_type, date=date, actors=actors,
                 casualties=casualties, materiel=materiel, claimed_by=claimed, evidence=evidence,
                 confidence=confidence, place_mentions=places)


def _merge_actors(actors: list[Actor]) -> list[Actor]:
    out: dict[str, Actor] = {}
    for a in actors:
        key = a.name.lower()
        if key in out:
            known = out[key]
            if known.role == "party" and a.role != "party":
                known.role = a.role
            known.side = known.side or a.side
            known.backed_by = known.backed_by or a.backed_by
        else:
            out[key] = Actor(a.name, a.role, a.type, a.side, a.backed_by)
    return list(out.values())


def _apply_acled_tally(events: list[Event], text: str, spans: list[tuple[int, int]]) -> None:
    """ACLED notes: an analyst's stated toll replaces the figures read from prose; a split toll is shared out."""
    all_sentences = [text[s:e] for s, e in spans]
    tally, parts = acled_tally(all_sentences)
    current = [e for e in events if e.status != "background"]
    if tally is None and parts <= 1:
        return
    killed = [(e, c) for e in current for c in e.casualties if c.kind == "killed"]
    total = tally if tally is not None else sum(c.best for _, c in killed)
    total = split_total(total, parts)
    if sum(c.best for _, c in killed) == total and tally is not None and parts <= 1:
        return
    if not current:
        return
    main = max(current, key=lambda e: sum(c.best for c in e.casualties if c.kind == "killed"))
    evidence: list[Evidence] = []
    groups = {c.group for _, c in killed}
    sides = {c.side for _, c in killed}
    claimants = [c.claimed_by for _, c in killed]
    for e, c in killed:
        evidence.extend(c.evidence)
        e.casualties.remove(c)
    if total > 0:
        main.casualties.append(Casualty(kind="killed", group=groups.pop() if len(groups) == 1 else "unknown",
                                        low=total, best=total, high=total,
                                        side=sides.pop() if len(sides) == 1 else None, qualifier="acled coding",
                                        claimed_by=claimants[0] if claimants else None, evidence=evidence))

"""Within-article merge: one fact stated two or three times is one record with several evidence spans,
and sentences about one incident are one event.

Casualty records are the same fact when kind and figure are equal and group, side and claimant are
compatible (equal, or one of them unknown; two claimants are compatible unless they speak for two
different sides: "police said 12 civilians were killed" and "the governor said 12 people were killed"
are one toll confirmed twice).  "16 soldiers" and "4 civilians" stay apart; so do the same figure
claimed by two opposing sides (conflicting claims are kept side by side).

Sentences are grouped into events by these rules, in reading order:

1. a sentence restating a casualty fact of an earlier event joins that event (headline, lede, body);
2. a sentence with no date and no place of its own continues the incident just described
   ("Two of the soldiers later died of their wounds.") when its status is the same;
3. otherwise it starts a new event; reported, planned and background sentences never share an event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from warledger.model import Casualty, DateRange, Materiel, PlaceMention


def compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or a == "unknown" or b == "unknown"


def claimants_compatible(a: str | None, b: str | None, default: str, side_of: Callable[[str], str | None]) -> bool:
    if a is None or b is None or a == b or a == default or b == default:
        return True
    if a.lower() in b.lower() or b.lower() in a.lower():
        return True
    # named sources restating one figure confirm it; only sources of two different sides make two claims
    side_a, side_b = side_of(a), side_of(b)
    return side_a is None or side_b is None or side_a == side_b


def _more_specific(a: str | None, b: str | None, vague: tuple[str | None, ...] = (None, "unknown")) -> str | None:
    return b if a in vague else a


def same_casualty(a: Casualty, b: Casualty, default_claimant: str, side_of: Callable[[str], str | None],
                  same_sentence: bool = False, b_anaphoric: bool = False) -> bool:
    """Two records state one fact.  Two figures of one sentence are two facts ("a man and a woman were
    killed"); a single death restated must name the same group and side ("a man" and "a soldier" in two
    sentences are likely two people, while "16 servicemen" twice is one figure) unless the later one
    refers back ("the victim", "he", "his body"): then it is someone already counted."""
    if same_sentence or a.kind != b.kind:
        return False
    if b_anaphoric:
        return a.best >= b.best  # "the two dead", "six of the wounded": already among an earlier figure
    if a.best != b.best:
        return False
    if a.best == 1 and (a.group != b.group or a.side != b.side):
        return False
    return (compatible(a.group, b.group) and compatible(a.side, b.side)
            and claimants_compatible(a.claimed_by, b.claimed_by, default_claimant, side_of))


def fold_casualty(into: Casualty, other: Casualty, default_claimant: str) -> None:
    """Merge ``other`` (a restatement) into ``into``: keep the most specific group, side, claimant, qualifier."""
    into.group = _more_specific(into.group, other.group) or "unknown"  # type: ignore[assignment]
    into.side = _more_specific(into.side, other.side)
    into.claimed_by = _more_specific(into.claimed_by, other.claimed_by, (None, default_claimant))
    into.qualifier = into.qualifier or other.qualifier
    into.low, into.high = max(into.low, other.low) if into.qualifier is None else into.low, max(into.high, other.high)
    into.low = min(into.low, into.best)
    seen = {(e.start, e.end) for e in into.evidence}
    into.evidence.extend(e for e in other.evidence if (e.start, e.end) not in seen)
    into.evidence.sort(key=lambda e: e.start)


def merge_casualties(records: list[tuple[int, Casualty, bool]], default_claimant: str,
                     side_of: Callable[[str], str | None]) -> list[Casualty]:
    """Restatements folded together, different facts kept (reading order preserved).

    ``records`` are (sentence index, casualty, refers back) triples.
    """
    out: list[tuple[set[int], Casualty]] = []
    for index, rec, anaphoric in records:
        match = next((item for item in out
                      if same_casualty(item[1], rec, default_claimant, side_of, same_sentence=index in item[0],
                                       b_anaphoric=anaphoric)), None)
        if match is None:
            out.append(({index}, rec))
        elif anaphoric and rec.best != match[1].best:
            match[1].evidence.extend(rec.evidence)  # "the commander" among "6 militants": already counted
            match[0].add(index)
        else:
            fold_casualty(match[1], rec, default_claimant)
            match[0].add(index)
    return [c for _, c in out]


def merge_materiel(records: list[Materiel], default_claimant: str,
                   side_of: Callable[[str], str | None]) -> list[Materiel]:
    out: list[Materiel] = []
    for rec in records:
        match = next((m for m in out if m.kind == rec.kind and m.outcome == rec.outcome and m.count == rec.count
                      and compatible(m.side, rec.side)
                      and claimants_compatible(m.claimed_by, rec.claimed_by, default_claimant, side_of)), None)
        if match is None:
            out.append(rec)
        else:
            match.side = match.side or rec.side
            if match.claimed_by in (None, default_claimant):
                match.claimed_by = rec.claimed_by
            match.evidence.extend(rec.evidence)
    return out


@dataclass
class SentenceFacts:
    """What extraction found in one sentence; offsets into the article text."""

    index: int
    start: int
    end: int
    text: str
    status: str
    date: DateRange | None = None
    own_place: bool = False
    claimant: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    casualties: list[Casualty] = field(default_factory=list)
    anaphoric: list[bool] = field(default_factory=list)  # per casualty: the victim phrase refers back
    materiel: list[Materiel] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list = field(default_factory=list)


@dataclass
class EventDraft:
    sentences: list[SentenceFacts] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.sentences[0].status

    def casualties(self) -> list[tuple[int, Casualty, bool]]:
        return [(s.index, c, ana) for s in self.sentences for c, ana in zip(s.casualties, s.anaphoric, strict=True)]


def group_sentences(facts: list[SentenceFacts], default_claimant: str,
                    side_of: Callable[[str], str | None]) -> list[EventDraft]:
    """The grouping rules of this module's docstring."""
    events: list[EventDraft] = []
    for sent in facts:
        target = None
        for ev in events:
            if ev.status != sent.status:
                continue
            if any(same_casualty(b, a, default_claimant, side_of, b_anaphoric=ana)
                   for a, ana in zip(sent.casualties, sent.anaphoric, strict=True) for _, b, _ in ev.casualties()):
                target = ev
                break
        if target is None and sent.date is None and not sent.own_place:
            target = next((ev for ev in reversed(events) if ev.status == sent.status), None)
        if target is None:
            events.append(EventDraft([sent]))
        else:
            target.sentences.append(sent)
    return events

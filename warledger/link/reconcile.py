"""Reconciliation: many reports of one event in, one ledger event with low/best/high out.

The rule, per (kind, group, side) for casualties and per (equipment, outcome, side) for materiel:

1. One figure per source: claims from near-duplicate articles (wire copy) and from several
   versions or follow-ups of one source count once, and within a source and claimant the most
   recent report wins (a later report raising the toll replaces the earlier figure).
2. A claim is *partisan* when its claimant speaks for one party to the event and the figure is
   about another party's losses ("Baku said 30 Armenian soldiers were killed"). Partisan claims
   are kept and shown, but only set figures when no non-partisan figure exists.
3. low = the highest lower bound among the credible (non-partisan, else all) figures, capped at best;
   high = the largest figure claimed by anyone, partisan claims included;
   best = the most recently published credible figure; several on that latest date give their
   median (the lower middle one, so best is always a figure somebody actually claimed). When only
   partisan figures exist, best is the smallest of them (ACLED's conservative-estimate convention).
4. Only reports whose status matches the event's count: background and planned mentions never
   add to the totals of a reported event. ``fatalities`` = sum of best over killed records.

Conflicting claims are never averaged away: every claim stays in ``LedgerEvent.claims``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from warledger.link.blocking import PRECISION_RANK
from warledger.link.similarity import normalise_name
from warledger.model import Actor, Casualty, Claim, Event, LedgerEvent, Materiel

DATE_PRECISION_RANK = {p: i for i, p in enumerate(["day", "days", "week", "month", "year"])}
STATUS_ORDER = ("reported", "planned", "background")
_COMPASS = frozenset({"north", "south", "east", "west", "central"})


@dataclass
class Report:
    """One article's account of an event, as linking attached it."""

    event: Event
    article_id: str
    published: dt.date | None = None
    outlet: str | None = None
    source_group: str = ""
    superseded: bool = False  # a newer version of the same article replaced it

    def group(self) -> str:
        return self.source_group or self.article_id


# --- partisan claims -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def claimant_places() -> dict[str, str]:
    """Capitals and seats of power used as a metonym for a government (data file)."""
    table: dict[str, str] = {}
    path = Path(__file__).with_name("claimant_places.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, side = line.split("\t")
            table[name] = side
    return table


def same_side(a: str | None, b: str | None) -> bool:
    """"Armenia", "Armenian", "the Armenian army's side" name the same side; "Iran" and "Iraq" do not."""
    if not a or not b:
        return False
    na, nb = normalise_name(a), normalise_name(b)
    if na == nb:
        return True
    return _mentions(na, nb) or _mentions(nb, na)


def _mentions(text: str, name: str) -> bool:
    """Does ``text`` mention ``name`` (a country or group), allowing demonym endings?"""
    words = name.split()
    if len(words) > 1:
        return f" {name} " in f" {text} "
    stem = name[: max(4, len(name) - 2)] if len(name) > 4 else name
    words = text.split()
    for i, w in enumerate(words):
        if i and words[i - 1] in _COMPASS:
            continue  # "South Sudan" is not Sudan
        if w == name or (len(name) > 4 and w.startswith(stem)):
            return True
    return False


def claimant_side(claimed_by: str | None, sides: Iterable[str], actors: Iterable[Actor] = ()) -> str | None:
    """Which party a claimant speaks for, or None when it is not clearly one party."""
    if not claimed_by:
        return None
    text = normalise_name(claimed_by)
    places = claimant_places()
    for place, side in places.items():
        if f" {place} " in f" {text} ":
            text += " " + normalise_name(side)
    found = {s for s in sides if _mentions(text, normalise_name(s))}
    for a in actors:
        if a.side and a.name and _mentions(text, normalise_name(a.name)):
            found.add(a.side)
    distinct: list[str] = []
    for s in found:
        if not any(same_side(s, d) for d in distinct):
            distinct.append(s)
    return distinct[0] if len(distinct) == 1 else None


def is_partisan(claim: Claim, sides: Iterable[str], actors: Iterable[Actor] = ()) -> bool:
    """A party's claim about another party's losses."""
    if not claim.side:
        return False
    sides = list(sides)
    speaker = claimant_side(claim.claimed_by, sides, actors)
    return speaker is not None and not same_side(speaker, claim.side)


# --- figures -------------------------------------------------------------------------------

def reconcile_figures(claims: list[Claim], source_of: Callable[[Claim], str]) -> tuple[int, int, int, Claim]:
    """low, best, high and the claim that gave best, for claims about one (kind, group, side)."""
    latest_by_source: dict[tuple[str, str], Claim] = {}
    for c in sorted(claims, key=lambda c: (c.published or dt.date.min, c.best)):
        latest_by_source[(source_of(c), normalise_name(c.claimed_by or ""))] = c
    figures = list(latest_by_source.values())
    credible = [c for c in figures if not c.partisan]
    if credible:
        latest = max((c.published for c in credible if c.published), default=None)
        recent = [c for c in credible if c.published == latest] if latest else credible
        recent.sort(key=lambda c: c.best)
        best_claim = recent[(len(recent) - 1) // 2]
    else:
        # only the parties' claims about each other's losses: the most conservative one
        credible = figures
        best_claim = min(figures, key=lambda c: c.best)
    best = best_claim.best
    low = min(best, max(c.low for c in credible))
    high = max(best, max(c.high for c in figures))
    return low, best, high, best_claim


def reconcile_casualties(claims: list[Claim], source_of: Callable[[Claim], str]) -> list[Casualty]:
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if not c.materiel:
            groups[(c.kind, c.group or "unknown", c.side or "")].append(c)
    out = []
    for (kind, group, side), items in sorted(groups.items()):
        low, best, high, by = reconcile_figures(items, source_of)
        out.append(Casualty(kind=kind, group=group, low=low, best=best, high=high, side=side or None,  # type: ignore[arg-type]
                            claimed_by=by.claimed_by, evidence=list(by.evidence)))
    return out


def reconcile_materiel(claims: list[Claim], source_of: Callable[[Claim], str]) -> list[Materiel]:
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.materiel:
            groups[(c.kind, c.outcome or "destroyed", c.side or "")].append(c)
    out = []
    for (kind, outcome, side), items in sorted(groups.items()):
        _, best, _, by = reconcile_figures(items, source_of)
        out.append(Materiel(kind=kind, outcome=outcome, count=best, side=side or None,  # type: ignore[arg-type]
                            claimed_by=by.claimed_by, evidence=list(by.evidence)))
    return out


def fatalities(le: LedgerEvent) -> int:
    """Killed, summed over reconciled records; planned and background events add nothing."""
    if le.event.status != "reported":
        return 0
    return sum(c.best for c in le.event.casualties if c.kind == "killed")


# --- one ledger event from its reports ---------------------------------------------------

def claims_of(report: Report) -> list[Claim]:
    out = []
    for c in report.event.casualties:
        out.append(Claim(kind=c.kind, group=c.group, side=c.side, low=c.low, best=c.best, high=c.high,
                         claimed_by=c.claimed_by, article_id=report.article_id, outlet=report.outlet,
                         published=report.published, evidence=list(c.evidence)))
    for m in report.event.materiel:
        out.append(Claim(kind=m.kind, group=None, side=m.side, low=m.count, best=m.count, high=m.count,
                         claimed_by=m.claimed_by, article_id=report.article_id, outlet=report.outlet,
                         published=report.published, evidence=list(m.evidence), materiel=True, outcome=m.outcome))
    return out


def _vote(values: list[tuple[object, float]]) -> object:
    """The value with the largest total weight; ties go to the earliest."""
    totals: dict[object, float] = {}
    for v, w in values:
        totals[v] = totals.get(v, 0.0) + w
    return max(totals, key=lambda v: (totals[v], -list(totals).index(v))) if totals else None


def merge_actors(reports: list[Report]) -> list[Actor]:
    merged: dict[tuple[str, str], Actor] = {}
    for r in reports:
        for a in r.event.actors:
            key = (normalise_name(a.name), a.role)
            if key not in merged:
                merged[key] = Actor(name=a.name, role=a.role, type=a.type, side=a.side, backed_by=a.backed_by)
            else:
                m = merged[key]
                m.side = m.side or a.side
                m.backed_by = m.backed_by or a.backed_by
                if m.type == "unknown":
                    m.type = a.type
    return list(merged.values())


def build_ledger_event(event_id: str, reports: list[Report]) -> LedgerEvent:
    """Merge the reports of one event: the finest date and place, voted type, reconciled figures."""
    reports = sorted(reports, key=lambda r: (r.published or dt.date.max, r.article_id, r.event.id))
    active = [r for r in reports if not r.superseded] or reports
    statuses = {r.event.status for r in active}
    status = next(s for s in STATUS_ORDER if s in statuses)
    counted = [r for r in active if r.event.status == status]

    event_type = _vote([(r.event.event_type, r.event.confidence + 0.01) for r in active if r.event.event_type])
    sub_type = _vote([(r.event.sub_event_type, r.event.confidence + 0.01) for r in active
                      if r.event.event_type == event_type and r.event.sub_event_type])
    dated = [r.event.date for r in active if r.event.date]
    date = min(dated, key=lambda d: DATE_PRECISION_RANK.get(d.precision, 9)) if dated else None
    placed = [r.event.location for r in active if r.event.location]
    location = None
    if placed:
        finest = min(PRECISION_RANK.get(loc.precision, 9) for loc in placed)
        finest_locs = [loc for loc in placed if PRECISION_RANK.get(loc.precision, 9) == finest]
        common = Counter((loc.geonameid, loc.name) for loc in finest_locs).most_common(1)[0][0]
        location = next(loc for loc in finest_locs if (loc.geonameid, loc.name) == common)

    actors = merge_actors(active)
    sides = {a.side for a in actors if a.side}
    all_claims: list[Claim] = []
    counted_ids = {id(r) for r in counted}
    counted_claims: list[Claim] = []
    group_of_article = {r.article_id: r.group() for r in reports}
    for r in active:
        for c in claims_of(r):
            c.partisan = is_partisan(c, sides | ({c.side} if c.side else set()), actors)
            all_claims.append(c)
            if id(r) in counted_ids:
                counted_claims.append(c)

    def source_of(c: Claim) -> str:
        return group_of_article.get(c.article_id, c.article_id)

    claimed_by: list[str] = []
    for r in active:
        for name in r.event.claimed_by:
            if name not in claimed_by:
                claimed_by.append(name)
    first = counted[0]
    event = Event(
        id=event_id,
        status=status,  # type: ignore[arg-type]
        event_type=event_type,  # type: ignore[arg-type]
        sub_event_type=sub_type,  # type: ignore[arg-type]
        date=date,
        location=location,
        actors=actors,
        casualties=reconcile_casualties(counted_claims, source_of),
        materiel=reconcile_materiel(counted_claims, source_of),
        claimed_by=claimed_by,
        evidence=list(first.event.evidence),
        confidence=max(r.event.confidence for r in active),
    )
    published = [r.published for r in reports if r.published]
    articles: list[str] = []
    for r in reports:
        if r.article_id not in articles:
            articles.append(r.article_id)
    return LedgerEvent(
        event=event,
        claims=all_claims,
        articles=articles,
        independent_sources=len({r.group() for r in active}),
        first_reported=min(published) if published else None,
        last_updated=max(published) if published else None,
    )

"""Reconciliation: who speaks for whom, and low/best/high across sources."""

from __future__ import annotations

import datetime as dt

import pytest

from warledger.link.reconcile import (
    Report,
    build_ledger_event,
    claimant_side,
    fatalities,
    is_partisan,
    reconcile_figures,
    same_side,
)
from warledger.model import Actor, Casualty, Claim, DateRange, Event, Location

D = dt.date
SIDES = ["Armenia", "Azerbaijan"]


@pytest.mark.parametrize("a, b, same", [
    ("Armenia", "Armenian", True),
    ("Azerbaijan", "the Azerbaijani army", True),
    ("Ukraine", "Ukrainian forces", True),
    ("Russia", "Russian Federation", True),
    ("Iran", "Iraq", False),
    ("Sudan", "South Sudan", False),
    ("Israel", "Israeli", True),
    (None, "Armenia", False),
])
def test_same_side(a: str | None, b: str, same: bool) -> None:
    assert same_side(a, b) is same


@pytest.mark.parametrize("claimant, side", [
    ("Azerbaijan's defence ministry", "Azerbaijan"),
    ("the Armenian defence ministry", "Armenia"),
    ("Baku", "Azerbaijan"),  # a capital for its government
    ("the defence ministry in Baku", "Azerbaijan"),
    ("officials in Yerevan", "Armenia"),
    ("local residents", None),
    ("the International Committee of the Red Cross", None),
    ("Armenian and Azerbaijani officials", None),  # both parties: not one side
    (None, None),
])
def test_claimant_side(claimant: str | None, side: str | None) -> None:
    assert claimant_side(claimant, SIDES) == side


def test_claimant_side_through_a_named_actor() -> None:
    actors = [Actor("Rapid Support Forces", "party", "militia", "RSF"), Actor("Sudanese Armed Forces", "party",
                                                                             "state_forces", "SAF")]
    assert claimant_side("a Rapid Support Forces spokesman", ["RSF", "SAF"], actors) == "RSF"


def claim(best: int, side: str | None, by: str | None, published: dt.date | None, article: str = "a1",
          low: int | None = None, high: int | None = None, partisan: bool = False) -> Claim:
    return Claim(kind="killed", group="military", side=side, low=best if low is None else low, best=best,
                 high=best if high is None else high, claimed_by=by, article_id=article, outlet=None,
                 published=published, partisan=partisan)


@pytest.mark.parametrize("c, partisan", [
    (claim(12, "Azerbaijan", "Armenia's defence ministry", None), True),  # about the enemy's losses
    (claim(3, "Azerbaijan", "Azerbaijan's defence ministry", None), False),  # its own losses
    (claim(5, "Azerbaijan", "local officials", None), False),
    (claim(5, None, "Armenia's defence ministry", None), False),  # whose losses is unknown
])
def test_is_partisan(c: Claim, partisan: bool) -> None:
    assert is_partisan(c, SIDES) is partisan


def by_article(c: Claim) -> str:
    return c.article_id


@pytest.mark.parametrize("claims, expected", [
    # one source: its figure
    ([claim(9, "Sudan", "local officials", D(2026, 10, 12))], (9, 9, 9)),
    # a later report raises the toll: best follows it, low is the highest credible lower bound
    ([claim(9, "Sudan", "local officials", D(2026, 10, 12), "a1"),
      claim(14, "Sudan", "the health ministry", D(2026, 10, 14), "a2")], (14, 14, 14)),
    # two figures on the same day: the lower median is best, low is capped at best, the largest claim is high
    ([claim(30, "Sudan", "medics", D(2026, 10, 21), "a1", low=30, high=45),
      claim(38, "Sudan", "residents", D(2026, 10, 21), "a2", low=35, high=40)], (30, 30, 45)),
    # a partisan claim never sets best when a neutral one exists, but raises high
    ([claim(3, "Azerbaijan", "Azerbaijan's defence ministry", D(2024, 7, 13), "a1"),
      claim(12, "Azerbaijan", "Armenia's defence ministry", D(2024, 7, 14), "a2", partisan=True)], (3, 3, 12)),
    # only partisan claims: the most conservative one
    ([claim(12, "Azerbaijan", "Armenia's defence ministry", D(2024, 7, 13), "a1", partisan=True),
      claim(20, "Azerbaijan", "Armenian officials", D(2024, 7, 14), "a2", partisan=True)], (12, 12, 20)),
])
def test_reconcile_figures(claims: list[Claim], expected: tuple[int, int, int]) -> None:
    low, best, high, _ = reconcile_figures(claims, by_article)
    assert (low, best, high) == expected
    assert low <= best <= high


def test_wire_copies_count_once() -> None:
    """Three outlets running the same wire figure are one source: a later independent figure still wins."""
    claims = [claim(5, "Ukraine", "the governor", D(2026, 10, 22), a) for a in ("wire", "copy1", "copy2")]
    claims.append(claim(7, "Ukraine", "prosecutors", D(2026, 10, 23), "own"))
    groups = {"wire": "wire", "copy1": "wire", "copy2": "wire", "own": "own"}
    assert reconcile_figures(claims, lambda c: groups[c.article_id])[:3] == (7, 7, 7)


def report(article: str, published: dt.date, casualties: list[Casualty], status: str = "reported",
           group: str = "") -> Report:
    ev = Event(id="e1", status=status, event_type="Explosions/Remote violence",  # type: ignore[arg-type]
               sub_event_type="Air/drone strike", date=DateRange(D(2026, 10, 20), D(2026, 10, 20)),
               location=Location("Omdurman", "Sudan", "SD", "Khartoum", 15.64, 32.48, "city"),
               actors=[Actor("Rapid Support Forces", "perpetrator", "militia", "RSF")], casualties=casualties,
               confidence=0.8)
    return Report(ev, article, published, "Outlet " + article, group or article)


def test_background_mentions_do_not_add_to_a_reported_event() -> None:
    killed = Casualty("killed", "civilians", 11, 11, 11, "Sudan", claimed_by="medics")
    old = Casualty("killed", "civilians", 40, 40, 40, "Sudan", claimed_by="a recap")
    le = build_ledger_event("ev1", [report("a1", D(2026, 10, 21), [killed]),
                                    report("a2", D(2026, 10, 26), [old], status="background")])
    assert le.event.status == "reported" and fatalities(le) == 11
    assert len(le.claims) == 2  # the recap's figure is still shown
    planned = build_ledger_event("ev2", [report("a3", D(2026, 10, 26), [killed], status="planned")])
    assert fatalities(planned) == 0


def test_superseded_versions_do_not_count() -> None:
    v1 = report("a1", D(2026, 10, 21), [Casualty("killed", "civilians", 11, 11, 11, "Sudan", claimed_by="medics")])
    v1.superseded = True
    v2 = report("a1", D(2026, 10, 22), [Casualty("killed", "civilians", 13, 13, 13, "Sudan", claimed_by="medics")])
    le = build_ledger_event("ev1", [v1, v2])
    assert [c.best for c in le.event.casualties] == [13] and [c.best for c in le.claims] == [13]
    assert le.articles == ["a1"] and le.independent_sources == 1

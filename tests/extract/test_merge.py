"""Within-article merge: restatements become one record; different facts stay apart."""

import datetime as dt

import pytest

from warledger.extract.claims import side_of_name
from warledger.extract.merge import SentenceFacts, group_sentences, merge_casualties, same_casualty
from warledger.model import Casualty, DateRange, Evidence

OUTLET = "Caspian Wire"


def cas(kind="killed", group="civilians", best=4, side=None, claimed_by=OUTLET, start=0) -> Casualty:
    return Casualty(kind=kind, group=group, low=best, best=best, high=best, side=side, claimed_by=claimed_by,
                    evidence=[Evidence(start, start + 5, "x" * 5)])


def test_headline_lede_body_restating_a_toll_are_one_record() -> None:
    records = [(0, cas(side="Azerbaijan"), False), (1, cas(claimed_by="Azerbaijan", start=40), False),
               (5, cas(claimed_by="Azerbaijan", start=300), False)]
    (merged,) = merge_casualties(records, OUTLET, side_of_name)
    assert merged.best == 4
    assert merged.side == "Azerbaijan"
    assert merged.claimed_by == "Azerbaijan"
    assert [e.start for e in merged.evidence] == [0, 40, 300]


def test_different_groups_stay_apart() -> None:
    records = [(0, cas(group="military", best=16), False), (0, cas(group="civilians", best=4, start=30), False)]
    assert len(merge_casualties(records, OUTLET, side_of_name)) == 2


def test_same_figure_different_kind_stays_apart() -> None:
    records = [(0, cas(kind="killed", best=4), False), (1, cas(kind="wounded", best=4, start=50), False)]
    assert len(merge_casualties(records, OUTLET, side_of_name)) == 2


def test_conflicting_sides_are_kept_side_by_side() -> None:
    a = cas(group="military", best=40, side="Russia", claimed_by="Ukraine's General Staff")
    b = cas(group="military", best=40, side="Russia", claimed_by="Russia's Defence Ministry", start=90)
    assert not same_casualty(a, b, OUTLET, side_of_name)


@pytest.mark.parametrize(
    ("first", "second", "one_fact"),
    [
        # a named official restating a toll already given (by the outlet or another neutral source) confirms it
        (OUTLET, "Governor Babagana Zulum", True),
        ("police", "the state governor", True),
        ("hospital officials", "the district commissioner", True),
        ("Armenia's Defence Ministry", "the Armenian president's office", True),
        # two sides giving the same figure are two claims
        ("Ukraine's General Staff", "Russia's Defence Ministry", False),
        ("Azerbaijan's Defence Ministry", "Armenia's Defence Ministry", False),
    ],
)
def test_a_named_source_restating_a_toll_is_one_record(first: str, second: str, one_fact: bool) -> None:
    records = [(0, cas(best=12, claimed_by=first), False), (2, cas(group="unknown", best=12, claimed_by=second,
                                                                   start=200), False)]
    merged = merge_casualties(records, OUTLET, side_of_name)
    assert len(merged) == (1 if one_fact else 2)
    assert sum(c.best for c in merged) == (12 if one_fact else 24)


def test_two_figures_of_one_sentence_are_two_facts() -> None:
    records = [(3, cas(group="unknown", best=1), False), (3, cas(group="unknown", best=1, start=20), False)]
    assert len(merge_casualties(records, OUTLET, side_of_name)) == 2


def test_single_deaths_of_different_people_are_not_merged() -> None:
    a, b = cas(group="military", best=1), cas(group="civilians", best=1, start=80)
    assert not same_casualty(a, b, OUTLET, side_of_name)


def test_a_definite_singular_refers_back() -> None:
    first = cas(group="militants", best=6)
    later = cas(group="unknown", best=1, start=120)  # "The commander was also killed"
    (merged,) = merge_casualties([(0, first, False), (2, later, True)], OUTLET, side_of_name)
    assert merged.best == 6 and len(merged.evidence) == 2


def _sentence(index, status="reported", date=None, place=False, casualties=()):
    return SentenceFacts(index=index, start=index * 100, end=index * 100 + 90, text="x", status=status, date=date,
                         own_place=place, casualties=list(casualties), anaphoric=[False] * len(casualties))


def test_grouping_rules() -> None:
    day = DateRange(start=dt.date(2024, 5, 2), end=dt.date(2024, 5, 2))
    facts = [
        _sentence(0, casualties=[cas(start=0)]),  # headline
        _sentence(1, date=day, place=True, casualties=[cas(start=100)]),  # lede restates -> same event
        _sentence(2),  # no date, no place -> continues
        _sentence(3, date=day, place=True, casualties=[cas(group="military", best=16, start=300)]),  # new incident
        _sentence(4, status="background", date=day),  # history -> its own event
        _sentence(5, status="planned", date=day, place=True),  # talks -> its own event
    ]
    events = group_sentences(facts, OUTLET, side_of_name)
    assert [[s.index for s in e.sentences] for e in events] == [[0, 1, 2], [3], [4], [5]]

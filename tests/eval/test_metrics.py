"""warledger.eval.metrics on small hand-made gold/output pairs (written for these tests)."""

from __future__ import annotations

import pytest

from warledger.eval.metrics import (
    aggregate,
    km,
    main_event,
    metrics_to_dict,
    score_record,
    total,
    within_ratio,
    worst_misses,
)


def event(killed=0, wounded=0, etype="Battles", sub="Armed clash", status="reported", country="Mali",
          code="ML", lat=14.49, lon=-4.19, start="2021-06-02", end=None):
    casualties = []
    if killed:
        casualties.append({"kind": "killed", "group": "military", "low": killed, "best": killed, "high": killed})
    if wounded:
        casualties.append({"kind": "wounded", "group": "civilians", "low": wounded, "best": wounded, "high": wounded})
    return {
        "status": status, "event_type": etype, "sub_event_type": sub, "casualties": casualties,
        "location": {"name": "Mopti", "country": country, "country_code": code, "lat": lat, "lon": lon},
        "date": {"start": start, "end": end or start, "precision": "day"},
    }


GOLD = {
    "id": "t1",
    "text": "On 2 June 2021, gunmen ambushed an army patrol near Mopti, killing three soldiers.",
    "published": "2021-06-02",
    "gold": {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2021-06-02", "country": "Mali",
             "lat": 14.49, "lon": -4.19, "geo_precision": 1, "killed": 3, "wounded": 0},
}


def fields(rs):
    return {f.field: f.hit for f in rs.fields}


def test_all_fields_hit_on_a_perfect_answer():
    rs = score_record(GOLD, {"events": [event(killed=3)]})
    assert fields(rs) == {"killed": True, "killed_within10": True, "killed_pos": True, "wounded": True,
                          "wounded_within10": True, "event_type": True, "sub_event_type": True,
                          "country": True, "within_25km": True, "within_100km": True, "date": True}


def test_no_output_misses_every_field():
    rs = score_record(GOLD, None)
    hits = fields(rs)
    assert not hits["killed"] and not hits["event_type"] and not hits["country"] and not hits["date"]
    assert hits["wounded"]  # gold 0 wounded, nothing predicted: a hit, as score.py counts it


def test_background_events_do_not_count():
    rs = score_record(GOLD, {"events": [event(killed=3, status="background"), event(killed=0, etype="Protests")]})
    hits = fields(rs)
    assert not hits["killed"]
    assert not hits["event_type"]  # the only current event is the protest


def test_killed_sums_over_current_events_and_main_event_has_most_killed():
    out = {"events": [event(killed=1, etype="Protests"), event(killed=2, etype="Battles")]}
    rs = score_record(GOLD, out)
    assert fields(rs)["killed"] is True
    assert rs.predicted_type == "Battles"


@pytest.mark.parametrize(
    ("events", "expected_type"),
    [
        ([], None),
        ([event(etype="Riots"), event(etype="Battles")], "Riots"),  # ties: the first one
        ([event(etype="Riots"), event(killed=1, etype="Battles")], "Battles"),
    ],
)
def test_main_event(events, expected_type):
    main = main_event(events)
    assert (main or {}).get("event_type") == expected_type


def test_country_matches_name_or_code_ignoring_case_and_hyphens():
    gold = dict(GOLD, gold=dict(GOLD["gold"], country="Guinea-Bissau"))
    assert fields(score_record(gold, {"events": [event(country="guinea bissau", code="GW")]}))["country"]
    gold = dict(GOLD, gold=dict(GOLD["gold"], country="ML"))
    assert fields(score_record(gold, {"events": [event(country=None, code="ML")]}))["country"]


def test_distance_thresholds():
    # about 0.5 degrees of latitude north: ~55 km
    rs = score_record(GOLD, {"events": [event(killed=3, lat=14.99)]})
    hits = fields(rs)
    assert hits["within_25km"] is False and hits["within_100km"] is True
    assert 50 < rs.distance_km < 60


def test_date_inside_range_and_outside():
    assert fields(score_record(GOLD, {"events": [event(start="2021-05-31", end="2021-06-03")]}))["date"]
    assert not fields(score_record(GOLD, {"events": [event(start="2021-06-03")]}))["date"]
    assert not fields(score_record(GOLD, {"events": [dict(event(), date=None)]}))["date"]


@pytest.mark.parametrize(("got", "gold", "ok"), [(10, 10, True), (11, 10, True), (12, 10, False), (0, 0, True),
                                                  (1, 0, False), (95, 100, True), (89, 100, False)])
def test_within_ratio(got, gold, ok):
    assert within_ratio(got, gold) is ok


def test_killed_pos_only_where_gold_has_deaths():
    zero = dict(GOLD, gold=dict(GOLD["gold"], killed=0))
    assert "killed_pos" not in fields(score_record(zero, {"events": [event()]}))


def test_total_ignores_other_kinds():
    assert total([event(killed=4, wounded=9)], "killed") == 4
    assert total([event(killed=4, wounded=9)], "wounded") == 9


def test_km_known_distance():
    # Bamako to Mopti is roughly 460 km as the crow flies
    assert 440 < km((12.65, -8.0), (14.49, -4.19)) < 470


def test_aggregate_confusion_geo_buckets_and_worst_misses():
    other = dict(GOLD, id="t2", gold=dict(GOLD["gold"], event_type="Protests", geo_precision=2, killed=0))
    metrics = aggregate([(GOLD, {"events": [event(killed=5)]}), (other, {"events": [event()]})])
    summary = metrics_to_dict(metrics, worst=5)
    assert summary["records"] == 2
    assert summary["metrics"]["killed"] == 0.5
    assert summary["metrics"]["event_type"] == 0.5
    assert summary["confusion"] == {"Battles": {"Battles": 1}, "Protests": {"Battles": 1}}
    assert set(summary["location_by_geo_precision"]) == {"1", "2"}
    worst = worst_misses(metrics, 1)[0]
    assert worst["id"] == "t1" and worst["field"] == "killed" and worst["gold"] == 3 and worst["predicted"] == 5
    assert len(worst["text"]) <= 100

"""Scoring extraction output against gold records, computed as ``shared/eval/score.py`` does.

Every function here is pure: it takes a gold record (``{"id", "text", "published", "gold": {...}}``)
and the output contract dict that ``warledger extract`` prints for it, and returns numbers.

Per record, only current events count (status other than ``background``):

* ``killed`` / ``wounded``: the sum of ``best`` over all current events' casualties of that kind,
  exact match with the gold figure; ``killed_pos`` / ``wounded_pos`` the same on records whose gold
  figure is above zero (the hard cases); ``killed_within10`` / ``wounded_within10`` within 10 %
  of the gold figure (exact when the gold is zero).
* the **main event** is the current event with the most killed, the first one on ties; its
  ``event_type`` (and ``sub_event_type``), location ``country`` (name or ISO code), distance of
  its point to the gold point (``within_25km``, ``within_100km``) and whether the gold date lies in
  its ``[start, end]`` date range (``date``) are scored.
* a record with no output, or no current event, counts as a miss for every field it has gold for.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CASUALTY_KINDS = ("killed", "wounded")
EARTH_RADIUS_KM = 6371.0


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(min(1.0, h)))


def norm(value: Any) -> str:
    """Case-, hyphen- and space-insensitive form used to compare names ("Explosions/Remote violence")."""
    return " ".join(str(value or "").lower().replace("-", " ").split())


def current_events(output: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The events of an output document that are not background."""
    return [e for e in ((output or {}).get("events") or []) if e.get("status") != "background"]


def total(events: Iterable[dict[str, Any]], kind: str) -> int:
    """Sum of ``best`` over the casualties of ``kind`` in ``events``."""
    return sum((c.get("best") or 0) for e in events for c in (e.get("casualties") or []) if c.get("kind") == kind)


def main_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The event with the most killed; the first one on ties; None when there are none."""
    if not events:
        return None
    return max(enumerate(events), key=lambda ie: (total([ie[1]], "killed"), -ie[0]))[1]


def within_ratio(got: int, gold: int, ratio: float = 0.10) -> bool:
    """``got`` within ``ratio`` of ``gold`` (exact when gold is zero)."""
    return abs(got - gold) <= ratio * gold


@dataclass
class FieldResult:
    """One scored field of one record."""

    field: str
    hit: bool
    gold: Any
    predicted: Any
    severity: float = 0.0  # how bad a miss is, to rank the worst misses


@dataclass
class RecordScore:
    id: str
    text: str
    fields: list[FieldResult] = field(default_factory=list)
    gold_type: str | None = None
    predicted_type: str | None = None
    geo_precision: Any = None
    distance_km: float | None = None


def score_record(record: dict[str, Any], output: dict[str, Any] | None) -> RecordScore:
    """Score one gold record against the output contract printed for it (None: no output)."""
    gold = record.get("gold") or {}
    events = current_events(output)
    main = main_event(events) or {}
    loc = main.get("location") or {}
    result = RecordScore(id=str(record.get("id")), text=str(record.get("text") or ""))
    add = result.fields.append

    for kind in CASUALTY_KINDS:
        if gold.get(kind) is None:
            continue
        want, got = int(gold[kind]), total(events, kind)
        miss_size = abs(got - want)
        weight = 100 if kind == "killed" else 50
        add(FieldResult(kind, got == want, want, got, weight + miss_size if got != want else 0))
        add(FieldResult(f"{kind}_within10", within_ratio(got, want), want, got, 0))
        if want > 0:
            add(FieldResult(f"{kind}_pos", got == want, want, got, 0))

    if gold.get("event_type"):
        hit = norm(main.get("event_type")) == norm(gold["event_type"])
        result.gold_type, result.predicted_type = gold["event_type"], main.get("event_type")
        add(FieldResult("event_type", hit, gold["event_type"], main.get("event_type"), 0 if hit else 30))
        if gold.get("sub_event_type"):
            sub_hit = hit and norm(main.get("sub_event_type")) == norm(gold["sub_event_type"])
            add(FieldResult("sub_event_type", sub_hit, gold["sub_event_type"], main.get("sub_event_type"),
                            0 if sub_hit else 10))

    if gold.get("country"):
        gc = norm(gold["country"])
        hit = gc in (norm(loc.get("country")), norm(loc.get("country_code")))
        add(FieldResult("country", hit, gold["country"], loc.get("country") or loc.get("country_code"),
                        0 if hit else 40))

    if gold.get("lat") is not None and gold.get("lon") is not None:
        result.geo_precision = gold.get("geo_precision")
        distance = None
        if loc.get("lat") is not None and loc.get("lon") is not None:
            distance = km((float(loc["lat"]), float(loc["lon"])), (float(gold["lat"]), float(gold["lon"])))
        result.distance_km = distance
        shown = f"{loc.get('name')} ({distance:.0f} km off)" if distance is not None else None
        gold_place = gold.get("location") or f"{gold['lat']},{gold['lon']}"
        for limit in (25, 100):
            hit = distance is not None and distance <= limit
            severity = 0.0 if hit or limit == 25 else 5 + min(20.0, (distance or 2000.0) / 100)
            add(FieldResult(f"within_{limit}km", hit, gold_place, shown, severity))

    if gold.get("date"):
        d = main.get("date") or {}
        start = (d.get("start") or "")[:10]
        end = (d.get("end") or d.get("start") or "")[:10]
        want = str(gold["date"])[:10]
        hit = bool(start) and start <= want <= end
        shown = f"{start}..{end}" if start and end != start else (start or None)
        add(FieldResult("date", hit, want, shown, 0 if hit else 20))
    return result


@dataclass
class Metrics:
    """Aggregated scores over many records."""

    records: int = 0
    answered: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    tries: Counter[str] = field(default_factory=Counter)
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    geo_hits: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    geo_tries: Counter[str] = field(default_factory=Counter)
    scores: list[RecordScore] = field(default_factory=list)

    def rate(self, name: str) -> float | None:
        return round(self.hits[name] / self.tries[name], 4) if self.tries[name] else None

    def rates(self) -> dict[str, float]:
        return {k: self.hits[k] / self.tries[k] for k in sorted(self.tries) if self.tries[k]}


def aggregate(pairs: Iterable[tuple[dict[str, Any], dict[str, Any] | None]]) -> Metrics:
    """Score (gold record, output) pairs and sum them up."""
    metrics = Metrics()
    for record, output in pairs:
        metrics.records += 1
        metrics.answered += int(output is not None)
        add_score(metrics, score_record(record, output))
    return metrics


def add_score(metrics: Metrics, rs: RecordScore) -> None:
    """Fold one record's score into ``metrics``."""
    metrics.scores.append(rs)
    for f in rs.fields:
        metrics.tries[f.field] += 1
        metrics.hits[f.field] += int(f.hit)
    if rs.gold_type:
        metrics.confusion[rs.gold_type][rs.predicted_type or "(none)"] += 1
    if rs.geo_precision is not None or any(f.field == "within_25km" for f in rs.fields):
        bucket = str(rs.geo_precision if rs.geo_precision is not None else "?")
        metrics.geo_tries[bucket] += 1
        for f in rs.fields:
            if f.field in ("within_25km", "within_100km"):
                metrics.geo_hits[bucket][f.field] += int(f.hit)


def worst_misses(metrics: Metrics, n: int) -> list[dict[str, Any]]:
    """The ``n`` most severe misses: id, field, gold, predicted and the first 100 characters of the text."""
    misses = [(f.severity, rs, f) for rs in metrics.scores for f in rs.fields if not f.hit and f.severity > 0]
    misses.sort(key=lambda x: -x[0])
    return [
        {"id": rs.id, "field": f.field, "gold": f.gold, "predicted": f.predicted, "text": rs.text[:100]}
        for _, rs, f in misses[:n]
    ]


def metrics_to_dict(metrics: Metrics, worst: int = 0) -> dict[str, Any]:
    """A JSON-ready summary (``metrics`` and ``support`` named as in score.py, plus detail)."""
    out: dict[str, Any] = {
        "records": metrics.records,
        "answered": metrics.answered,
        "support": dict(sorted(metrics.tries.items())),
        "metrics": {k: round(v, 4) for k, v in metrics.rates().items()},
        "confusion": {g: dict(c) for g, c in sorted(metrics.confusion.items())},
        "location_by_geo_precision": {
            bucket: {"n": n, **{k: round(metrics.geo_hits[bucket][k] / n, 4) for k in ("within_25km", "within_100km")}}
            for bucket, n in sorted(metrics.geo_tries.items())
        },
    }
    if worst:
        out["worst_misses"] = worst_misses(metrics, worst)
    return out

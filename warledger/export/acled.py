"""ACLED-style CSV: one row per ledger event, with ACLED's column names and codebook conventions.

``acled_row`` is the single mapping (the ACLED-compatible API reuses it). Conventions followed:
inter codes 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
6 protesters, 7 civilians, 8 external/other forces (0 = no second actor); ``interaction`` is the two
codes as a two-digit number, lower first (a sole actor gives inter1 followed by 0);
time_precision 1 day, 2 week, 3 month or longer; geo_precision 1 town, 2 near a town or part of a
region, 3 a larger region; ``iso`` is the ISO 3166 numeric code; ``timestamp`` the Unix time of
the event's last change; ``notes`` a generated summary naming conflicting claims.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from warledger.link.reconcile import fatalities
from warledger.model import Actor, LedgerEvent
from warledger.store import countries

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]

TIME_PRECISION = {"day": 1, "days": 2, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"exact": 1, "city": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
INTER_BY_ACTOR_TYPE = {
    "state_forces": 1, "police": 1, "government": 1, "rebels": 2, "militia": 3, "civilians": 7,
    "international": 8, "unknown": 8,
}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    table = {}
    for line in Path(__file__).with_name("acled_regions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            region, codes = line.split("\t")
            table.update({code: region for code in codes.split()})
    return table


def acled_region(country_code: str | None) -> str:
    return _regions().get((country_code or "").upper(), "")


def inter_code(actor: Actor | None, event_type: str | None) -> int:
    if actor is None:
        return 0
    if actor.type == "civilians" and event_type == "Protests":
        return 6
    if actor.type == "civilians" and event_type == "Riots":
        return 5
    return INTER_BY_ACTOR_TYPE.get(actor.type, 8)


def primary_actors(le: LedgerEvent) -> tuple[Actor | None, list[Actor], Actor | None, list[Actor]]:
    """actor1 = the perpetrator (else the first party), actor2 = the target (else the other party's first
    actor); associated actors are the others on the same side as each."""
    actors = [a for a in le.event.actors if a.role != "mediator"]
    if not actors:
        return None, [], None, []
    perpetrators = [a for a in actors if a.role == "perpetrator"]
    a1 = perpetrators[0] if perpetrators else actors[0]
    targets = [a for a in actors if a.role == "target" and a is not a1]
    others = [a for a in actors if a is not a1 and not (a.side and a.side == a1.side)]
    a2 = targets[0] if targets else (others[0] if others else None)
    assoc1 = [a for a in actors if a not in (a1, a2) and a1.side and a.side == a1.side]
    assoc2 = [a for a in actors if a not in (a1, a2) and a not in assoc1 and a2 is not None
              and (a2.side and a.side == a2.side)]
    return a1, assoc1, a2, assoc2


def conflicting_claims(le: LedgerEvent) -> list[str]:
    """Human-readable lists of differing figures for the same casualty kind, group and side."""
    by_key: dict[tuple[str, str | None, str | None], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in le.claims:
        if c.materiel:
            continue
        who = c.claimed_by or c.outlet or "unattributed"
        if c.partisan:
            who += " (partisan)"
        if who not in by_key[(c.kind, c.group, c.side)][c.best]:
            by_key[(c.kind, c.group, c.side)][c.best].append(who)
    out = []
    for (kind, group, side), figures in by_key.items():
        if len(figures) < 2:
            continue
        label = " ".join(x for x in [side, group if group != "unknown" else None, kind] if x)
        parts = [f"{n} ({'; '.join(who)})" for n, who in sorted(figures.items())]
        out.append(f"{label}: " + " vs ".join(parts))
    return out


def notes(le: LedgerEvent) -> str:
    ev = le.event
    when = ev.date.start.isoformat() if ev.date else "an unknown date"
    where = ev.location.name if ev.location else "an unknown place"
    a1, _, a2, _ = primary_actors(le)
    who = " and ".join(a.name for a in (a1, a2) if a) or "unidentified actors"
    what = (ev.sub_event_type or ev.event_type or "event").lower()
    text = f"On {when}, {what} involving {who} in {where}."
    figures = [f"{c.best} {c.group if c.group != 'unknown' else 'people'} {c.kind}" for c in ev.casualties]
    if figures:
        text += " Reconciled: " + ", ".join(figures) + "."
    conflicts = conflicting_claims(le)
    if conflicts:
        text += " Conflicting claims: " + "; ".join(conflicts) + "."
    if ev.status != "reported":
        text += f" Status: {ev.status}."
    return text


def _outlets(le: LedgerEvent) -> list[str]:
    seen: list[str] = []
    for c in le.claims:
        if c.outlet and c.outlet not in seen:
            seen.append(c.outlet)
    return seen


def acled_row(le: LedgerEvent) -> dict[str, Any]:
    """One ledger event as an ACLED-style row (keys = ``ACLED_COLUMNS``)."""
    ev = le.event
    loc = ev.location
    country = countries.lookup(loc.country_code if loc else None)
    a1, assoc1, a2, assoc2 = primary_actors(le)
    inter1, inter2 = inter_code(a1, ev.event_type), inter_code(a2, ev.event_type)
    interaction = inter1 * 10 if not inter2 else min(inter1, inter2) * 10 + max(inter1, inter2)
    civilian_targeting = ev.event_type == "Violence against civilians" or (
        ev.event_type == "Explosions/Remote violence" and a2 is not None and a2.type == "civilians"
        and a2.role == "target")
    tags = []
    if conflicting_claims(le):
        tags.append("conflicting claims")
    if any(c.partisan for c in le.claims):
        tags.append("partisan claims")
    tags.append(f"independent sources={le.independent_sources}")
    stamp = le.updated_at.replace(tzinfo=dt.UTC).timestamp() if le.updated_at else None
    iso3 = country.iso3 if country else "XXX"
    return {
        "event_id_cnty": f"{iso3}{ev.id}",
        "event_date": ev.date.start.isoformat() if ev.date else "",
        "year": ev.date.start.year if ev.date else "",
        "time_precision": TIME_PRECISION.get(ev.date.precision, 3) if ev.date else 3,
        "disorder_type": DISORDER_TYPE.get(ev.event_type or "", ""),
        "event_type": ev.event_type or "",
        "sub_event_type": ev.sub_event_type or "",
        "actor1": a1.name if a1 else "",
        "assoc_actor_1": "; ".join(a.name for a in assoc1),
        "inter1": inter1,
        "actor2": a2.name if a2 else "",
        "assoc_actor_2": "; ".join(a.name for a in assoc2),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if civilian_targeting else "",
        "iso": country.numeric if country else "",
        "region": acled_region(loc.country_code if loc else None),
        "country": (loc.country or (country.name if country else "")) if loc else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": "",
        "admin3": "",
        "location": loc.name if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": GEO_PRECISION.get(loc.precision, 3) if loc else 3,
        "source": "; ".join(_outlets(le)),
        "source_scale": "",  # the outlets' reach is not known to warledger
        "notes": notes(le),
        "fatalities": fatalities(le),
        "tags": "; ".join(tags),
        "timestamp": int(stamp) if stamp is not None else "",
    }


def write_acled(events: Iterable[LedgerEvent], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for le in events:
        writer.writerow(acled_row(le))
        n += 1
    return n

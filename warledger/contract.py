"""The JSON output contract of SPEC.md, produced from the model in one place.

``article_result_to_dict`` is what ``warledger extract --format json`` prints;
``ledger_event_to_dict`` is one line of ``warledger export --format jsonl`` and the body of
``GET /api/events/{id}``. Fields may be added here; none may change meaning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from warledger.model import (
    Actor,
    Article,
    ArticleResult,
    Casualty,
    Claim,
    DateRange,
    Event,
    Evidence,
    LedgerEvent,
    Location,
    Materiel,
)


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def evidence_to_dict(e: Evidence) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "text": e.text}


def article_to_dict(a: Article, with_text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": a.title,
        "published": _date(a.published),
        "published_inferred": a.published_inferred,
        "outlet": a.outlet,
        "url": a.url,
        "text_sha256": a.text_sha256,
        "language": a.language,
        "captions": list(a.captions),
        "removed": list(a.removed),
    }
    if with_text:
        out["text"] = a.text
    return out


def date_to_dict(d: DateRange | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"start": _date(d.start), "end": _date(d.end), "precision": d.precision, "text": d.text}


def location_to_dict(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {
        "name": loc.name,
        "country": loc.country,
        "country_code": loc.country_code,
        "admin1": loc.admin1,
        "lat": loc.lat,
        "lon": loc.lon,
        "precision": loc.precision,
        "geonameid": loc.geonameid,
        "mention": loc.mention,
    }


def actor_to_dict(a: Actor) -> dict[str, Any]:
    return {"name": a.name, "role": a.role, "type": a.type, "side": a.side, "backed_by": a.backed_by}


def casualty_to_dict(c: Casualty) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "group": c.group,
        "side": c.side,
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "qualifier": c.qualifier,
        "claimed_by": c.claimed_by,
        "evidence": [evidence_to_dict(e) for e in c.evidence],
    }


def materiel_to_dict(m: Materiel) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "outcome": m.outcome,
        "side": m.side,
        "count": m.count,
        "claimed_by": m.claimed_by,
        "evidence": [evidence_to_dict(e) for e in m.evidence],
    }


def event_to_dict(e: Event) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": e.id,
        "status": e.status,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "date": date_to_dict(e.date),
        "location": location_to_dict(e.location),
        "actors": [actor_to_dict(a) for a in e.actors],
        "casualties": [casualty_to_dict(c) for c in e.casualties],
        "materiel": [materiel_to_dict(m) for m in e.materiel],
        "claimed_by": list(e.claimed_by),
        "evidence": [evidence_to_dict(x) for x in e.evidence],
        "confidence": round(e.confidence, 3),
    }
    if e.location is None and e.place_mentions:
        # unresolved places are kept so the user sees what was named
        out["place_mentions"] = [p.text for p in e.place_mentions]
    return out


def article_result_to_dict(r: ArticleResult, with_text: bool = False) -> dict[str, Any]:
    return {
        "id": r.article.id,
        "article": article_to_dict(r.article, with_text=with_text),
        "events": [event_to_dict(e) for e in r.events],
    }


def claim_to_dict(c: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": c.kind,
        "group": c.group,
        "side": c.side,
        "low": c.low,
        "best": c.best,
        "high": c.high,
        "claimed_by": c.claimed_by,
        "article_id": c.article_id,
        "outlet": c.outlet,
        "published": _date(c.published),
        "partisan": c.partisan,
        "evidence": [evidence_to_dict(e) for e in c.evidence],
    }
    if c.materiel:
        out["materiel"] = True
        out["count"] = c.best
        out["outcome"] = c.outcome
    return out


def ledger_event_to_dict(le: LedgerEvent) -> dict[str, Any]:
    out = event_to_dict(le.event)
    out.update(
        {
            "claims": [claim_to_dict(c) for c in le.claims],
            "articles": list(le.articles),
            "independent_sources": le.independent_sources,
            "first_reported": _date(le.first_reported),
            "last_updated": _date(le.last_updated),
        }
    )
    return out

"""Contract JSON back into model objects (the inverse of ``warledger.contract``).

The store keeps each extracted report and each reconciled event as contract JSON; these
functions read them back.
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


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def evidence_from_dict(d: dict[str, Any]) -> Evidence:
    return Evidence(start=d.get("start", -1), end=d.get("end", -1), text=d.get("text", ""))


def _evidence(items: list[dict[str, Any]] | None) -> list[Evidence]:
    return [evidence_from_dict(e) for e in items or []]


def event_from_dict(d: dict[str, Any]) -> Event:
    date = d.get("date")
    loc = d.get("location")
    return Event(
        id=d["id"],
        status=d.get("status") or "reported",
        event_type=d.get("event_type"),
        sub_event_type=d.get("sub_event_type"),
        date=DateRange(start=_date(date["start"]), end=_date(date["end"]),  # type: ignore[arg-type]
                       precision=date.get("precision") or "day", text=date.get("text") or "") if date else None,
        location=Location(
            name=loc.get("name") or "", country=loc.get("country"), country_code=loc.get("country_code"),
            admin1=loc.get("admin1"), lat=loc.get("lat"), lon=loc.get("lon"),
            precision=loc.get("precision") or "city", geonameid=loc.get("geonameid"), mention=loc.get("mention"),
        ) if loc else None,
        actors=[Actor(name=a["name"], role=a.get("role") or "party", type=a.get("type") or "unknown",
                      side=a.get("side"), backed_by=a.get("backed_by")) for a in d.get("actors") or []],
        casualties=[Casualty(kind=c["kind"], group=c.get("group") or "unknown", low=c["low"], best=c["best"],
                             high=c["high"], side=c.get("side"), qualifier=c.get("qualifier"),
                             claimed_by=c.get("claimed_by"), evidence=_evidence(c.get("evidence")))
                    for c in d.get("casualties") or []],
        materiel=[Materiel(kind=m["kind"], outcome=m.get("outcome") or "destroyed", count=m["count"],
                           side=m.get("side"), claimed_by=m.get("claimed_by"), evidence=_evidence(m.get("evidence")))
                  for m in d.get("materiel") or []],
        claimed_by=list(d.get("claimed_by") or []),
        evidence=_evidence(d.get("evidence")),
        confidence=float(d.get("confidence") or 0.0),
    )


def claim_from_dict(d: dict[str, Any]) -> Claim:
    return Claim(
        kind=d["kind"], group=d.get("group"), side=d.get("side"), low=d["low"], best=d["best"], high=d["high"],
        claimed_by=d.get("claimed_by"), article_id=d["article_id"], outlet=d.get("outlet"),
        published=_date(d.get("published")), partisan=bool(d.get("partisan")), evidence=_evidence(d.get("evidence")),
        materiel=bool(d.get("materiel")), outcome=d.get("outcome"),
    )


def ledger_event_from_dict(d: dict[str, Any]) -> LedgerEvent:
    return LedgerEvent(
        event=event_from_dict(d),
        claims=[claim_from_dict(c) for c in d.get("claims") or []],
        articles=list(d.get("articles") or []),
        independent_sources=int(d.get("independent_sources") or 0),
        first_reported=_date(d.get("first_reported")),
        last_updated=_date(d.get("last_updated")),
    )


def article_result_from_dict(d: dict[str, Any]) -> ArticleResult:
    """An ``ArticleResult`` from one line of ``warledger extract --format jsonl --with-text``."""
    a = d.get("article") or {}
    article = Article(
        id=d["id"], text=a.get("text") or "", title=a.get("title"), published=_date(a.get("published")),
        published_inferred=bool(a.get("published_inferred")), outlet=a.get("outlet"), url=a.get("url"),
        text_sha256=a.get("text_sha256") or "", language=a.get("language") or "en",
        captions=list(a.get("captions") or []), removed=list(a.get("removed") or []),
    )
    return ArticleResult(article=article, events=[event_from_dict(e) for e in d.get("events") or []])

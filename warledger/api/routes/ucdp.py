"""``/api/gedevents/{version}``: the ledger behind the UCDP GED API's conventions.

A script written for ``https://ucdpapi.pcr.uu.se/api/gedevents/<version>`` reads warledger with
its base URL changed: same parameters, 0-based pages of at most 1000, and the envelope
(TotalCount, TotalPages, PreviousPageUrl, NextPageUrl, Result). The version in the path is
accepted and echoed in the page links; there is one ledger, not one per UCDP release.
"""

from __future__ import annotations

import math
from itertools import islice
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from warledger.api.auth import bearer_token, token_matches
from warledger.api.compat.ucdp import (
    GedQuery,
    UcdpQueryError,
    ged_record,
    needs_record_check,
    parse_ged_query,
    record_matches,
    sql_clauses,
    version_ok,
)
from warledger.model import LedgerEvent

router = APIRouter(prefix="/api", tags=["UCDP-compatible"])


def ucdp_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def reads_refused(request: Request) -> JSONResponse | None:
    """Private reads take the warledger token as UCDP's ``x-ucdp-access-token`` header or a bearer token."""
    if not request.app.state.private_reads:
        return None
    expected = request.app.state.api_token
    if not expected:
        return ucdp_error(403, "reads are private and the operator has not configured an API token")
    given = request.headers.get("x-ucdp-access-token") or bearer_token(request.headers.get("authorization"))
    if not given:
        return ucdp_error(401, "reads are private: send the warledger API token as x-ucdp-access-token")
    if not token_matches(given.strip(), expected):
        return ucdp_error(401, "the access token is not valid")
    return None


def page_url(request: Request, page: int) -> str:
    return str(request.url.include_query_params(page=page))


def select_page(ledger: Any, q: GedQuery) -> tuple[int, list[LedgerEvent]]:
    """The number of matching events and the events of the requested page.

    The store counts and skips when it decides every filter; with ``TypeOfViolence`` the matching
    events are streamed and checked one by one (one page kept in memory).
    """
    first = q.page * q.page_size
    if not needs_record_check(q):
        clauses = sql_clauses(q)
        total = ledger.count_events_where(clauses)
        if first >= total:
            return total, []
        return total, list(islice(ledger.iter_events_where(clauses, offset=first), q.page_size))
    total = 0
    page: list[LedgerEvent] = []
    for le in ledger.iter_events_where(sql_clauses(q)):
        if not record_matches(q, le, ged_record(le)):
            continue
        if first <= total < first + q.page_size:
            page.append(le)
        total += 1
    return total, page


@router.get(
    "/gedevents/{version}",
    summary="Ledger events in the UCDP GED API's shape",
    description="`pagesize` (1-1000, default 100), `page` (from 0), `Id`, `Country` (Gleditsch-Ward codes; "
    "ISO codes or names also accepted), `StartDate`, `EndDate`, `TypeOfViolence`, `Geography` "
    "(`lat1 lon1,lat2 lon2`). See docs/compat.md.",
)
def ged_events(request: Request, version: str) -> JSONResponse:
    refused = reads_refused(request)
    if refused is not None:
        return refused
    if not version_ok(version):
        return ucdp_error(400, f"version {version!r} is not a GED version such as 25.1")
    try:
        q = parse_ged_query(request.query_params.multi_items())
    except UcdpQueryError as exc:
        return ucdp_error(400, str(exc))
    ledger = request.app.state.ledger
    total, events = select_page(ledger, q)
    titles: dict[str, str] = {}
    for le in events:
        for article_id in le.articles:
            if article_id not in titles:
                article = ledger.get_article(article_id)
                titles[article_id] = (article.title or "") if article else ""
    pages = math.ceil(total / q.page_size)
    return JSONResponse({
        "TotalCount": total,
        "TotalPages": pages,
        "PreviousPageUrl": page_url(request, q.page - 1) if 0 < q.page <= pages else None,
        "NextPageUrl": page_url(request, q.page + 1) if q.page + 1 < pages else None,
        "Result": [ged_record(le, titles) for le in events],
    })

"""``/api/articles``: read one cleaned article; post new articles into the ledger (token required)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from warledger.api.auth import require_read_token, require_write_token
from warledger.api.errors import readable_errors
from warledger.contract import article_to_dict
from warledger.model import ArticleResult, RawDocument

log = logging.getLogger("warledger.api")

router = APIRouter(prefix="/api", tags=["articles"])

MAX_BATCH = 1000


class ArticleIn(BaseModel):
    """One article to ingest (the JSON Lines input of ``warledger extract``)."""

    text: Annotated[str, Field(min_length=1, description="The article: plain text, or HTML with format=html")]
    title: str | None = None
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD; inferred when absent")
    url: str | None = None
    outlet: str | None = None
    id: Annotated[str | None, Field(max_length=200, description="Your id for the article (kept as given)")] = None
    format: Literal["text", "html"] = "text"


class ArticleBatch(BaseModel):
    """Several articles in one request; each is checked and ingested on its own."""

    articles: Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_BATCH)]


_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/ArticleIn"},
            {"$ref": "#/components/schemas/ArticleBatch"},
        ]}}},
    }
}


@router.get("/articles/{article_id}", summary="A cleaned article: text, captions and what was removed",
            dependencies=[Depends(require_read_token)])
def get_article(request: Request, article_id: str) -> JSONResponse:
    article = request.app.state.ledger.get_article(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id!r}")
    out = {"id": article.id}
    out.update(article_to_dict(article, with_text=True))
    return JSONResponse(out)


async def _read_capped_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over ``limit`` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(status_code=413, detail=f"request body is larger than the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(status_code=413, detail=f"request body is larger than the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_articles(body: bytes) -> tuple[list[tuple[int, ArticleIn]], list[dict[str, Any]]]:
    """One article object or ``{"articles": [...]}`` -> (index, article) pairs and per-item errors.

    A body that is not JSON, or not one of the two shapes, raises HTTPException(422); in a batch,
    an invalid item is reported in the errors and the valid ones still go in.
    """
    if not body.strip():
        raise HTTPException(status_code=422, detail='request body is empty: send {"text": ...} or {"articles": [...]}')
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(status_code=422, detail=f"request body is not valid JSON: {exc}") from None
    except RecursionError:  # "[[[[..." thousands deep exhausts the decoder's stack
        raise HTTPException(status_code=422, detail="request body is JSON nested too deeply") from None
    if not isinstance(payload, dict):
        raise HTTPException(status_code=422, detail='request body must be a JSON object: {"text": ...} or '
                            '{"articles": [...]}')
    if "articles" not in payload:
        try:
            return [(0, ArticleIn.model_validate(payload))], []
        except ValidationError as exc:
            raise HTTPException(status_code=422, detail=readable_errors(exc.errors(), prefix="body")) from None
    raw_items = payload["articles"]
    if not isinstance(raw_items, list) or not raw_items:
        raise HTTPException(status_code=422, detail="body field 'articles' must be a non-empty list of articles")
    if len(raw_items) > MAX_BATCH:
        raise HTTPException(status_code=422, detail=f"body field 'articles' has {len(raw_items)} items; "
                            f"send at most {MAX_BATCH} per request")
    items: list[tuple[int, ArticleIn]] = []
    errors: list[dict[str, Any]] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append((index, ArticleIn.model_validate(raw)))
        except ValidationError as exc:
            where = [{**e, "loc": ("articles", index, *e.get("loc", ()))} for e in exc.errors()]
            given_id = raw.get("id") if isinstance(raw, dict) else None
            errors.append({"index": index, "id": given_id, "message": readable_errors(where, prefix="body")})
    return items, errors


def _process(items: list[tuple[int, ArticleIn]], ledger: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Run the articles through the pipeline in batches (one spaCy batch per ``BATCH_SIZE`` articles, as
    ``warledger extract`` does), then store them all; one bad article never stops the rest."""
    from warledger.pipeline import BATCH_SIZE, process_documents_batch

    results: list[ArticleResult] = []
    accepted: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for first in range(0, len(items), BATCH_SIZE):
        chunk = items[first:first + BATCH_SIZE]
        raws = [RawDocument(source=f"POST /api/articles[{index}]", text=item.text, format=item.format, id=item.id,
                            title=item.title, published=item.published, url=item.url, outlet=item.outlet)
                for index, item in chunk]
        outcomes = process_documents_batch(raws, published=[item.published for _, item in chunk])
        for (index, item), outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, ValueError):  # no usable article: the document's own one-line reason
                errors.append({"index": index, "id": item.id, "message": str(outcome)})
                continue
            if isinstance(outcome, Exception):  # a pipeline bug must not lose the rest of the batch
                log.error("article %d of a POST failed", index, exc_info=outcome)
                errors.append({"index": index, "id": item.id, "message": f"internal error: {type(outcome).__name__}"})
                continue
            results.append(outcome)
            accepted.append({"index": index, "id": outcome.article.id, "given_id": item.id,
                             "title": outcome.article.title, "events": len(outcome.events)})
    summary = ledger.add_results(results) if results else None
    failed = dict(getattr(summary, "failed", None) or [])  # article id -> why the store refused it
    if failed:
        for item in [a for a in accepted if a["id"] in failed]:
            accepted.remove(item)
            errors.append({"index": item["index"], "id": item["given_id"], "message": failed[item["id"]]})
    return accepted, errors, summary


@router.post("/articles", summary="Ingest one article or a batch (needs the operator's bearer token)",
             dependencies=[Depends(require_write_token)], openapi_extra=_BODY_SCHEMA)
async def post_articles(request: Request) -> JSONResponse:
    body = await _read_capped_body(request, request.app.state.max_body_bytes)
    items, invalid = parse_articles(body)
    accepted, errors, summary = await run_in_threadpool(_process, items, request.app.state.ledger)
    errors = sorted(invalid + errors, key=lambda e: e["index"])
    received = len(items) + len(invalid)
    content: dict[str, Any] = {
        "received": received,
        "ingested": len(accepted),
        "failed": len(errors),
        "articles": accepted,
        "errors": errors,
        "ledger": summary.as_dict() if hasattr(summary, "as_dict") else summary,
    }
    if not accepted:
        content["detail"] = f"none of the {received} article(s) could be ingested: {errors[0]['message']}"
        return JSONResponse(content, status_code=422)
    return JSONResponse(content, status_code=200)

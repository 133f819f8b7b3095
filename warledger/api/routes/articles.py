"""``/api/articles``: read one cleaned article; post new articles into the ledger (token required)."""

from __future__ import annotations

import dataclasses
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
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    article = request.app.state.ledger.get_article(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id!r}")
    out = {"id": article.id}
    out.update(article_to_dict(article, with_text=True))
    return out


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


def parse_articles(body: bytes) -> list[ArticleIn]:
    """One article object or ``{"articles": [...]}``; raises HTTPException(422) with a readable message."""
    if not body.strip():
        raise HTTPException(status_code=422, detail='request body is empty: send {"text": ...} or {"articles": [...]}')
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(status_code=422, detail=f"request body is not valid JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise HTTPException(status_code=422, detail='request body must be a JSON object: {"text": ...} or '
                            '{"articles": [...]}')
    try:
        if "articles" in payload:
            return ArticleBatch.model_validate(payload).articles
        return [ArticleIn.model_validate(payload)]
    except ValidationError as exc:
        raise HTTPException(status_code=422, detail=readable_errors(exc.errors(), prefix="body")) from None


def _process(items: list[ArticleIn], ledger: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    """Run each article through the pipeline, then store them all; one bad article never stops the rest."""
    from warledger.pipeline import process_document

    results: list[ArticleResult] = []
    accepted: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        raw = RawDocument(source=f"POST /api/articles[{index}]", text=item.text, format=item.format, id=item.id,
                          title=item.title, published=item.published, url=item.url, outlet=item.outlet)
        try:
            result = process_document(raw, published=item.published)
        except ValueError as exc:
            errors.append({"index": index, "id": item.id, "message": str(exc)})
            continue
        except Exception as exc:  # a pipeline bug must not lose the rest of the batch
            log.exception("article %d of a POST failed", index)
            errors.append({"index": index, "id": item.id, "message": f"internal error: {type(exc).__name__}"})
            continue
        results.append(result)
        accepted.append({"index": index, "id": result.article.id, "given_id": item.id,
                         "title": result.article.title, "events": len(result.events)})
    summary = ledger.add_results(results) if results else None
    return accepted, errors, summary


@router.post("/articles", summary="Ingest one article or a batch (needs the operator's bearer token)",
             dependencies=[Depends(require_write_token)], openapi_extra=_BODY_SCHEMA)
async def post_articles(request: Request) -> JSONResponse:
    body = await _read_capped_body(request, request.app.state.max_body_bytes)
    items = parse_articles(body)
    accepted, errors, summary = await run_in_threadpool(_process, items, request.app.state.ledger)
    content: dict[str, Any] = {
        "received": len(items),
        "ingested": len(accepted),
        "failed": len(errors),
        "articles": accepted,
        "errors": errors,
        "ledger": dataclasses.asdict(summary) if dataclasses.is_dataclass(summary) else summary,
    }
    if not accepted:
        content["detail"] = f"none of the {len(items)} article(s) could be ingested: {errors[0]['message']}"
        return JSONResponse(content, status_code=422)
    return JSONResponse(content, status_code=200)

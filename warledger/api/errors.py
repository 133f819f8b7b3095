"""Error responses a person can read: 422 names the parameter and the problem; no tracebacks."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger("warledger.api")

_LOCATION_NAMES = {"query": "query parameter", "path": "path parameter", "header": "header", "body": "body"}


def describe_location(loc: Sequence[Any], prefix: str | None = None) -> str:
    """Where a validation error is, in words.

    ``("query", "size")`` -> ``query parameter 'size'``; with prefix "body", ``("articles", 0, "text")``
    -> ``body field 'articles[0].text'``.
    """
    parts = list(loc)
    kind = None
    if prefix is None and parts and parts[0] in _LOCATION_NAMES:
        kind = _LOCATION_NAMES[parts.pop(0)]
    elif prefix is not None:
        kind = _LOCATION_NAMES.get(prefix, prefix)
    path = ""
    for p in parts:
        path += f"[{p}]" if isinstance(p, int) else (f".{p}" if path else str(p))
    if kind == "body":
        return f"body field {path!r}" if path else "body"
    return f"{kind} {path!r}" if kind and path else (kind or path or "request")


def readable_errors(errors: Iterable[dict[str, Any]], prefix: str | None = None) -> str:
    """Pydantic/FastAPI validation errors as one line: ``query parameter 'size': Input should be ...``."""
    lines = []
    for err in errors:
        where = describe_location(err.get("loc", ()), prefix)
        msg = str(err.get("msg", "invalid value"))
        if "input" in err and err.get("type") not in ("missing",) and not isinstance(err["input"], dict | list):
            msg += f" (got {str(err['input'])[:80]!r})"
        lines.append(f"{where}: {msg}")
    return "; ".join(lines) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        return JSONResponse({"detail": readable_errors(errors), "errors": [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors
        ]}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # the details go to the server log; the client gets one line and no traceback
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the server log"}, status_code=500)

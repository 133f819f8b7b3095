"""The web application: REST API under ``/api``, the dashboard at ``/``, OpenAPI docs at ``/docs``.

``create_app`` is the one way to build it, used alike by ``warledger serve``, the tests and the
benchmarks. Everything the dashboard loads is served from ``static/`` (front-end libraries are
copied into ``static/vendor`` from npm at install time), so it works with no internet.
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from warledger import __version__
from warledger.api.auth import TOKEN_ENV
from warledger.api.errors import install_error_handlers
from warledger.api.ratelimit import TokenBucket
from warledger.api.routes import ROUTERS
from warledger.api.routes.articles import ArticleBatch, ArticleIn

STATIC_DIR = Path(__file__).parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
# writes per client address (token bucket; 0 turns it off); $WARLEDGER_WRITES_PER_MINUTE overrides
WRITE_RATE_ENV = "WARLEDGER_WRITES_PER_MINUTE"
DEFAULT_WRITES_PER_MINUTE = 600.0
DEFAULT_WRITE_BURST = 60

# the dashboard runs only its own files; article text can never become script (see app.js)
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: http: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

# the 422 body ``api/errors.py`` writes (a readable one-line ``detail`` plus the raw errors), declared in
# the OpenAPI schema in place of FastAPI's default (where ``detail`` is the list) so clients can rely on it
VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "title": "Detail", "description": "What is wrong, in one line"},
        "errors": {"type": "array", "title": "Errors", "items": {
            "type": "object",
            "properties": {"loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                           "msg": {"type": "string"}, "type": {"type": "string"}},
        }},
    },
}

_MISSING_VENDOR_PAGE = """<!doctype html><meta charset="utf-8"><title>warledger: dashboard not installed</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em">
<h1>The dashboard's map libraries are not installed</h1>
<p>The API works (<a href="/api/events">/api/events</a>), but the map needs the front-end libraries
that <code>scripts/install.sh</code> copies from npm into <code>warledger/api/static/vendor</code>.</p>
<p>Run <code>bash scripts/install.sh</code> (or <code>npm ci &amp;&amp; node scripts/copy_vendor.mjs</code>)
and reload this page.</p></body>"""


class ConfigError(ValueError):
    """A bad setting (argument or environment variable) for the app; the message is one line."""


def writes_per_minute_setting(value: float | str | None) -> float:
    """The write rate limit from ``value`` (an argument), else ``$WARLEDGER_WRITES_PER_MINUTE``, else the default.

    It must be a finite number >= 0 (0: no limit); anything else raises ``ConfigError`` naming the setting.
    """
    name = "writes_per_minute"
    if value is None:
        value = os.environ.get(WRITE_RATE_ENV, "").strip() or None  # set but empty: as if unset
        name = f"${WRITE_RATE_ENV}"
    if value is None:
        return DEFAULT_WRITES_PER_MINUTE
    try:
        rate = float(value)
    except (TypeError, ValueError):
        rate = math.nan
    # NaN and infinity parse as floats but would break the token bucket's arithmetic
    if not math.isfinite(rate) or rate < 0:
        raise ConfigError(f"{name}={value!r} is not a valid write rate: expected a number of writes per minute "
                          ">= 0 (0 turns the limit off)")
    return rate


def vendor_installed() -> bool:
    """Whether ``scripts/copy_vendor.mjs`` has put the dashboard's libraries in place."""
    return (VENDOR_DIR / "leaflet" / "leaflet.js").is_file() and (VENDOR_DIR / "world-atlas").is_dir()


def create_app(
    ledger_url: str | None,
    token: str | None = None,
    private_reads: bool = False,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ledger: Any = None,
    writes_per_minute: float | None = None,
    write_burst: int = DEFAULT_WRITE_BURST,
) -> FastAPI:
    """Build the app over the ledger at ``ledger_url`` (None: the default SQLite file).

    ``token`` is the operator's bearer token (default ``$WARLEDGER_API_TOKEN``); without one,
    writes are refused. ``private_reads`` requires the token for reads as well. An already open
    ``ledger`` may be passed instead of a URL (it is then not closed by the app). Writes are limited
    per client address to ``writes_per_minute`` (default ``$WARLEDGER_WRITES_PER_MINUTE`` or 600; 0: no
    limit) after a burst of ``write_burst``. A bad rate raises ``ConfigError`` (a ``ValueError``).
    """
    writes_per_minute = writes_per_minute_setting(writes_per_minute)  # before opening anything
    if token is None:
        token = os.environ.get(TOKEN_ENV) or None
    owns_ledger = ledger is None
    if ledger is None:
        from warledger.store import Ledger

        ledger = Ledger(ledger_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from warledger.api.queries import limit_request_threads

        limit_request_threads(ledger)  # (the limiter belongs to the running event loop)
        yield
        scans = getattr(app.state, "scan_executor", None)
        if scans is not None:
            scans.shutdown(wait=False, cancel_futures=True)
        if owns_ledger:
            ledger.close()

    app = FastAPI(
        title="warledger",
        version=__version__,
        description="A sourced, de-duplicated ledger of conflict events extracted from news. "
        "Every figure carries who claims it and the evidence span it came from.",
        docs_url=None,  # served below from local Swagger UI files instead of a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ledger = ledger
    app.state.api_token = token
    app.state.private_reads = private_reads
    app.state.max_body_bytes = max_body_bytes
    app.state.write_limiter = TokenBucket(writes_per_minute, write_burst) if writes_per_minute > 0 else None

    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    from warledger.api.routes import acled, ucdp  # the ACLED- and UCDP-compatible read APIs (docs/compat.md)

    app.include_router(acled.router)
    app.include_router(ucdp.router)
    from warledger.api.routes import dashboard  # the dashboard's first screen in one request

    app.include_router(dashboard.router)
    _add_pages(app)
    _add_body_schemas(app)
    return app


def _add_pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        if not vendor_installed():
            return HTMLResponse(_MISSING_VENDOR_PAGE, status_code=503)
        return FileResponse(STATIC_DIR / "index.html", headers={
            "Content-Security-Policy": DASHBOARD_CSP, "Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="warledger API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
        )


def _add_body_schemas(app: FastAPI) -> None:
    """POST /api/articles reads its body itself (to cap its size); publish the schemas it accepts."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ArticleIn, ArticleBatch):
            js = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(js.pop("$defs", {}))
            components[model.__name__] = js
        if "HTTPValidationError" in components:  # FastAPI's default; our 422s are written by api/errors.py
            components["HTTPValidationError"] = VALIDATION_ERROR_SCHEMA
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

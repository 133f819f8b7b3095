"""Bearer-token checks for writes (always) and reads (when the operator asks for private reads).

The token comes from the operator (``WARLEDGER_API_TOKEN`` or ``warledger serve --token-file``);
it is compared in constant time and never logged or echoed.
"""

from __future__ import annotations

import hmac
import math

from fastapi import HTTPException, Request

TOKEN_ENV = "WARLEDGER_API_TOKEN"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None when absent or another scheme."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    value = value.strip()
    return value or None


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so response timing does not leak how much of a guess was right."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _check(request: Request, action: str) -> None:
    expected: str | None = request.app.state.api_token
    if not expected:
        raise HTTPException(
            status_code=403,
            detail=f"{action} are disabled: the operator has not configured an API token "
            f"({TOKEN_ENV} or warledger serve --token-file)",
        )
    given = bearer_token(request.headers.get("authorization"))
    if given is None:
        raise HTTPException(status_code=401, detail=f"{action} need an 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(given, expected):
        raise HTTPException(status_code=401, detail="the bearer token is not valid",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def require_write_token(request: Request) -> None:
    """Dependency for endpoints that change the ledger: the per-client write rate, then the token."""
    limiter = getattr(request.app.state, "write_limiter", None)
    if limiter is not None:
        wait = limiter.take(request.client.host if request.client else "unknown")
        if wait > 0:
            seconds = max(1, math.ceil(wait)) if math.isfinite(wait) else 3600
            raise HTTPException(status_code=429, detail=f"too many writes from this client; retry in {seconds} s",
                                headers={"Retry-After": str(seconds)})
    _check(request, "writes")


async def require_read_token(request: Request) -> None:
    """Dependency for read endpoints; a no-op unless the app was built with ``private_reads``.
    (``async`` so FastAPI runs it on the event loop, not with a hop to its thread pool per request.)"""
    if request.app.state.private_reads:
        _check(request, "reads")

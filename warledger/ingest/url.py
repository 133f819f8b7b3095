"""Fetching one http(s) URL with httpx: a timeout, a size cap, redirects only to http(s).

With ``public_only`` (or ``WARLEDGER_FETCH_PUBLIC_ONLY=1``) every request, redirects included, must go
to a public address: loopback, private, link-local (cloud metadata at 169.254.169.254), multicast and
reserved addresses are refused, so a feed cannot point the fetcher at the operator's own network.
Off by default: local feeds and the tests serve from 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from warledger import __version__

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10 * 1024 * 1024  # a news page or feed is well under this; more is not an article
MAX_REDIRECTS = 5
PUBLIC_ONLY_ENV = "WARLEDGER_FETCH_PUBLIC_ONLY"


class FetchError(ValueError):
    """The URL could not be fetched; the message is one line."""


@dataclass
class Fetched:
    data: bytes
    content_type: str | None
    url: str  # after redirects


def is_url(arg: str) -> bool:
    """True for anything with a URL scheme (``http://``, ``ftp://``, ``file://``...)."""
    return "://" in arg and urlsplit(arg).scheme.isalpha()


def public_only_from_env() -> bool:
    return os.environ.get(PUBLIC_ONLY_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def non_public_address(host: str) -> str | None:
    """The first address ``host`` resolves to that is not public (as text), or None when all are public."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None  # unresolvable: the request itself fails with a clear error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            return str(address)
    return None


def _refuse_non_public(request: httpx.Request) -> None:
    blocked = non_public_address(request.url.host)
    if blocked is not None:
        raise FetchError(f"refused to fetch {request.url.host} ({blocked} is a private, loopback or reserved "
                         f"address; set {PUBLIC_ONLY_ENV}=0 to allow)")


def fetch_url(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
              public_only: bool | None = None) -> Fetched:
    """GET ``url`` and return its body; raise ``FetchError`` for other schemes, HTTP errors, oversize bodies
    and, with ``public_only`` (default ``$WARLEDGER_FETCH_PUBLIC_ONLY``), non-public addresses."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"unsupported URL scheme {scheme!r}; only http and https are fetched")
    headers = {"User-Agent": f"warledger/{__version__} (+news event extraction)"}
    if public_only is None:
        public_only = public_only_from_env()
    hooks = {"request": [_refuse_non_public]} if public_only else {}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers=headers, event_hooks=hooks) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"response too large ({int(declared)} bytes; limit {max_bytes})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"response too large (over {max_bytes} bytes)")
                chunks.append(chunk)
            return Fetched(b"".join(chunks), response.headers.get("Content-Type"), str(response.url))
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"cannot fetch ({reason})") from None

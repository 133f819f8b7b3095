"""Fetching one http(s) URL with httpx: a timeout, a size cap, redirects only to http(s).

With ``public_only`` (``--public-only``, default ``$WARLEDGER_FETCH_PUBLIC_ONLY``) every connection,
redirects included, must go to a public address (``address_guard``, shared with the feed watcher).
Off by default: local feeds and the tests serve from 127.0.0.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from warledger import __version__
from warledger.ingest.address_guard import AddressRefused, client_kwargs, refusal_message

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10 * 1024 * 1024  # a news page or feed is well under this; more is not an article
MAX_REDIRECTS = 5


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


def fetch_url(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
              public_only: bool | None = None) -> Fetched:
    """GET ``url`` and return its body; raise ``FetchError`` for other schemes, HTTP errors, oversize bodies
    and, with ``public_only`` (default ``$WARLEDGER_FETCH_PUBLIC_ONLY``), non-public addresses."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"unsupported URL scheme {scheme!r}; only http and https are fetched")
    headers = {"User-Agent": f"warledger/{__version__} (+news event extraction)"}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=headers,
                          **client_kwargs(public_only)) as client, client.stream("GET", url) as response:
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
    except AddressRefused as exc:
        raise FetchError(refusal_message(url, exc)) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"cannot fetch ({reason})") from None

"""HTTP fetching for the feed watcher: conditional GET, timeouts, a size cap, http(s) only.

One ``httpx.Client`` is shared by all polls (connection reuse); it is safe to use from the
watcher's fetch threads. With public-only fetching on (``--public-only``, default
``$WARLEDGER_FETCH_PUBLIC_ONLY``) the client connects only to checked public addresses, feeds,
pages and redirects alike: the same check as URL ingest (``warledger.ingest.address_guard``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from warledger import __version__
from warledger.ingest.address_guard import AddressRefused, client_kwargs, refusal_message

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 10 * 1024 * 1024  # a feed or a news page is far below this; anything bigger is not one
MAX_REDIRECTS = 5
USER_AGENT = f"warledger/{__version__} (+feed watcher)"


class FetchFailed(Exception):
    """A fetch that did not produce a usable response; ``str()`` is one line."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class Response:
    status: int  # 200 or 304
    data: bytes
    url: str  # after redirects
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def new_client(timeout: float = TIMEOUT_SECONDS, max_redirects: int = MAX_REDIRECTS,
               public_only: bool | None = None) -> httpx.Client:
    """The client the watcher uses: redirects followed up to a limit, one timeout per network step, and
    with ``public_only`` (None: ``$WARLEDGER_FETCH_PUBLIC_ONLY``) connections to public addresses only."""
    return httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=httpx.Timeout(timeout),
                        headers={"User-Agent": USER_AGENT}, **client_kwargs(public_only))


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchFailed(f"unsupported URL scheme {scheme or 'none'!r}; only http and https are fetched")


def conditional_get(client: httpx.Client, url: str, etag: str | None = None, last_modified: str | None = None,
                    max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> Response:
    """GET ``url``, sending If-None-Match / If-Modified-Since when validators are known.

    Returns a 200 with the body or a 304 without one; raises ``FetchFailed`` for HTTP errors,
    timeouts (``timeout`` also bounds the whole download, so a server trickling bytes cannot
    hold a poll forever), bodies over ``max_bytes`` (the download stops there) and other schemes.
    """
    check_scheme(url)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Response(304, b"", str(response.url), None,
                                response.headers.get("ETag") or etag,
                                response.headers.get("Last-Modified") or last_modified)
            if response.status_code >= 400:
                raise FetchFailed(f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                                  status=response.status_code,
                                  retry_after=retry_after_seconds(response.headers.get("Retry-After")))
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"response too large ({int(declared)} bytes; limit {max_bytes})",
                                  status=response.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(f"response too large (over {max_bytes} bytes; download stopped)",
                                      status=response.status_code)
                if time.monotonic() > deadline:
                    raise FetchFailed(f"timed out after {timeout:g} s (body still arriving)")
                chunks.append(chunk)
            return Response(response.status_code, b"".join(chunks), str(response.url),
                            response.headers.get("Content-Type"), response.headers.get("ETag"),
                            response.headers.get("Last-Modified"))
    except AddressRefused as exc:
        raise FetchFailed(refusal_message(url, exc)) from None
    except httpx.TooManyRedirects:
        raise FetchFailed("too many redirects") from None
    except httpx.TimeoutException:
        raise FetchFailed(f"timed out after {timeout:g} s") from None
    except httpx.UnsupportedProtocol:
        raise FetchFailed("redirected to a URL that is not http or https") from None
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchFailed(f"cannot fetch ({reason})") from None


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

"""Public-only fetching: the one address check every fetch uses (URL ingest, the feed watcher, its page fetches).

Opt-in (``--public-only`` on ``ingest``/``extract``/``watch``, default ``$WARLEDGER_FETCH_PUBLIC_ONLY``)
so intranet feeds keep working. When on, a fetch refuses hosts that resolve to a loopback, private,
shared (CGNAT), link-local (cloud metadata at 169.254.169.254), multicast, reserved or unspecified
address, IPv4-mapped and NAT64 IPv6 forms of those included: a feed or a redirect cannot point the
fetcher at the operator's own network.

DNS rebinding: the check sits in the connection layer (an httpcore network backend), which resolves
the host **once**, checks every address it got, and opens the socket to the checked address itself;
nothing resolves the name again between the check and the connect. The URL is untouched, so the
Host header, TLS SNI and certificate checks still use the hostname. Every redirect hop to a new
host opens a new connection and so passes the same check. Proxies from the environment are not
used in this mode (the check must see the real destination).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import typing

import httpcore
import httpx

PUBLIC_ONLY_ENV = "WARLEDGER_FETCH_PUBLIC_ONLY"
_TRUE = {"1", "true", "yes", "on"}
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598): inside a provider's network
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the low 32 bits are the IPv4 address reached

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# the CLI's --public-only/--allow-private help, the same on every command that fetches
PUBLIC_ONLY_HELP = (f"Refuse URLs, feeds, pages and redirects whose host resolves to a loopback, private, link-local "
                    f"or other non-public address (default: ${PUBLIC_ONLY_ENV}, else allowed).")


class AddressRefused(Exception):
    """A connection refused by the public-only check; ``str()`` is one line naming the host and the reason."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to {address}, {reason}")
        self.host = host
        self.address = address
        self.reason = reason


def public_only_from_env() -> bool:
    """Whether ``$WARLEDGER_FETCH_PUBLIC_ONLY`` turns public-only fetching on (1, true, yes, on)."""
    return os.environ.get(PUBLIC_ONLY_ENV, "").strip().lower() in _TRUE


def resolve_public_only(public_only: bool | None) -> bool:
    """An explicit setting (a CLI flag, an argument) wins; None falls back to the environment."""
    return public_only_from_env() if public_only is None else public_only


def non_public_reason(address: str | Address) -> str | None:
    """Why ``address`` (an IP address) must not be fetched in public-only mode, or None when it is public."""
    ip = ipaddress.ip_address(str(address).split("%", 1)[0]) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if embedded is not None:
            inner = non_public_reason(embedded)
            kind = "IPv4-mapped" if ip.ipv4_mapped else "NAT64"
            return f"an {kind} {inner.removeprefix('a ').removeprefix('an ')}" if inner else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a non-global (special-purpose) address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (the one DNS lookup per connection)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def checked_address(host: str, port: int) -> str:
    """Resolve ``host`` once; the address to connect to, or ``AddressRefused`` when any answer is not public.

    All answers must be public: a name answering both public and private addresses is either
    misconfigured or probing, and a client falling back to the next answer would reach the private one.
    """
    addresses = resolve(host, port)
    if not addresses:
        raise httpcore.ConnectError(f"cannot resolve {host} (no addresses)")
    for address in addresses:
        reason = non_public_reason(address)
        if reason is not None:
            raise AddressRefused(host, address, reason)
    return addresses[0]


class PublicOnlyBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to checked public addresses (see the module docstring)."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        self._backend = backend or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        address = checked_address(host, port)
        # connect to the address just checked, never to the name (which could resolve differently now)
        return self._backend.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                         socket_options=socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched in public-only mode")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class PublicOnlyTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connections go through ``PublicOnlyBackend``; TLS still checks the hostname."""

    def __init__(self, limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20),
                 backend: httpcore.NetworkBackend | None = None) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PublicOnlyBackend(backend),
        )


def client_kwargs(public_only: bool | None) -> dict[str, typing.Any]:
    """Extra ``httpx.Client`` arguments for a fetch: the public-only transport when that mode is on."""
    if not resolve_public_only(public_only):
        return {}
    return {"transport": PublicOnlyTransport(), "trust_env": False}


def refusal_message(url: str, exc: AddressRefused) -> str:
    """The one-line error for a refused fetch: the URL, the host and address, why, and how to allow it."""
    return (f"refused to fetch {url}: {exc} (public-only fetching is on: --public-only or "
            f"{PUBLIC_ONLY_ENV}=1; turn it off to allow intranet hosts)")

"""Which addresses the fetcher may connect to: public ones only, unless allow-listed.

A URL given to tocsin — on the command line, in a feed entry, in a redirect, or submitted
to the API — must not make tocsin reach inside the network it runs in (SSRF): the loopback
interface, private and shared (CGNAT) networks, link-local addresses (cloud metadata at
169.254.169.254), reserved, documentation and multicast ranges, for IPv4 and IPv6 alike,
IPv6 forms that embed an IPv4 address (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64), and
the odd IPv4 notations C resolvers accept (``0x7f.1``, ``2130706433``, ``017700000001``,
``127.1``).

The check runs where the socket is opened (``GuardedBackend``, a network backend for
httpcore): the name is resolved once, every address it resolves to is checked, and the
connection goes to the checked address, so a DNS answer that changes between check and
connect (DNS rebinding) cannot slip through, and every redirect hop and feed entry is
checked because each opens its own connection. ``check_url`` checks the literal host of a
URL before any request, for the case where a proxy resolves names instead of tocsin.

``ingest.allow_hosts`` lists what a user does mean to fetch although it is not public: host
names (exact, case-insensitive), addresses and networks (``10.1.2.0/24``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore

from tocsin.errors import IngestFailure

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: IPv6 prefix of NAT64 (RFC 6052): the last 32 bits are an IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: Characters of the numeric IPv4 notations ``inet_aton`` accepts (hex, octal, decimal).
_NUMERIC_HOST = frozenset("0123456789abcdefx.")


class AddressRefused(Exception):  # noqa: N818 - names the outcome, like IngestFailure
    """A connection to a non-public address that is not allow-listed; ``reason`` says which."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} ({address}) is {reason}")
        self.host = host
        self.address = address
        self.reason = reason


def why_not_public(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address (None when it is one)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = why_not_public(embedded)
            return f"an IPv6 form of {embedded}, {inner}" if inner else None
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    return next((reason for failed, reason in checks if failed), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is one in any notation a resolver accepts.

    ``[::1]`` and ``::1``, dotted quads, and the legacy numeric IPv4 forms (``0x7f.1``,
    ``2130706433``, ``0177.0.0.1``, ``127.1``) that ``inet_aton`` reads; None for names.
    """
    bare = host.strip().strip("[]").split("%", 1)[0].rstrip(".")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if bare and set(bare.lower()) <= _NUMERIC_HOST:
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses, plus the allow-listed names, addresses and networks."""

    names: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> AddressPolicy:
        """Build from ``ingest.allow_hosts`` entries: names, addresses or networks."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            text = entry.strip().lower().strip("[]")
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                literal = literal_address(text)
                if literal is None:
                    names.add(text.rstrip("."))
                else:
                    networks.append(ipaddress.ip_network(literal))
        return cls(names=frozenset(names), networks=tuple(networks))

    def name_allowed(self, host: str) -> bool:
        """True when ``host`` is an allow-listed name."""
        return host.lower().strip("[]").rstrip(".") in self.names

    def refusal(self, host: str, ip: IPAddress) -> str | None:
        """Why connecting to ``ip`` (resolved from ``host``) is refused; None when allowed."""
        if self.name_allowed(host) or any(ip in net for net in self.networks):
            return None
        return why_not_public(ip)

    def check(self, host: str, addresses: Iterable[IPAddress]) -> None:
        """Raise ``AddressRefused`` when any of ``addresses`` of ``host`` is refused.

        One refused address refuses the name: a name that resolves to a public and a private
        address at once is a rebinding trick more often than a real site.
        """
        for ip in addresses:
            reason = self.refusal(host, ip)
            if reason:
                raise AddressRefused(host, str(ip), reason)


def check_url(url: str, policy: AddressPolicy) -> None:
    """Refuse ``url`` before any request when its host is a literal non-public address.

    Raises ``IngestFailure`` I020. Names are checked when they are resolved
    (``GuardedBackend``).
    """
    host = urlsplit(url).hostname or ""
    ip = literal_address(host)
    if ip is None:
        return
    try:
        policy.check(host, [ip])
    except AddressRefused as exc:
        raise refused(url, exc) from exc


def refused(url: str, exc: AddressRefused) -> IngestFailure:
    """The I020 failure of fetching ``url``."""
    return IngestFailure("I020", source=url, address=exc.address, reason=exc.reason)


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to for a TCP connection on ``port``, in resolver
    order. Raises ``OSError`` (``socket.gaierror``) when it does not resolve."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, IPAddress] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        text = str(sockaddr[0]).split("%", 1)[0]
        seen.setdefault(text, ipaddress.ip_address(text))
    return list(seen.values())


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend with the address check: resolve, check, connect to the
    checked address (TLS still verifies the certificate against the host name)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        """Open a TCP connection to ``host`` after checking every address it resolves to.

        Raises ``httpcore.ConnectError`` (wrapping ``AddressRefused`` for a refused address).
        """
        try:
            addresses = resolve(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        try:
            self.policy.check(host, addresses)
        except AddressRefused as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception | None = None
        for ip in addresses:
            try:
                return super().connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )  # fmt: skip
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None  # resolve() returns at least one address
        raise last

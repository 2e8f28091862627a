"""DNS resolvers for a run: the one ``--dns-server`` names, or the system's.

Mail checks go through email-validator, which wants a blocking
``dns.resolver.Resolver``; website host names are looked up with dnspython's
asyncio resolver, so a run never blocks its loop on DNS. Both point at the same
server, so an organizer behind an odd network (and the tests) can choose it once.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

import dns.asyncresolver
import dns.exception
import dns.resolver

DNS_PORT = 53


@dataclass(frozen=True, slots=True)
class DnsServer:
    host: str
    port: int = DNS_PORT


def parse_dns_server(text: str) -> DnsServer:
    """``HOST``, ``HOST:PORT``, ``[IPv6]:PORT`` or a bare IPv6 address; ValueError if not."""
    text = text.strip()
    host, port = text, DNS_PORT
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"'{text}' is not HOST[:PORT]")
        port = _port(rest[1:], text) if rest else DNS_PORT
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = _port(port_text, text)
    if not host:
        raise ValueError(f"'{text}' is not HOST[:PORT]: the host is missing")
    return DnsServer(host, port)


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"'{whole}' is not HOST[:PORT]: the port must be 1 to 65535")
    return int(text)


def with_address(server: DnsServer) -> DnsServer:
    """dnspython wants an IP address; a host name is looked up once, by the system (blocking).

    Raises ValueError if the name has no address: the option is wrong, not a contact.
    """
    try:
        return DnsServer(str(ipaddress.ip_address(server.host)), server.port)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(server.host, server.port, type=socket.SOCK_DGRAM)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ValueError(f"the DNS server '{server.host}' could not be found: {reason}") from None
    return DnsServer(str(infos[0][4][0]), server.port)


def _configure(
    resolver: dns.resolver.BaseResolver, server: DnsServer | None, timeout: float
) -> None:
    if server is not None:
        resolver.nameservers = [server.host]
        resolver.port = server.port
    resolver.timeout = timeout
    resolver.lifetime = timeout
    resolver.cache = dns.resolver.LRUCache()


def blocking_resolver(server: DnsServer | None, timeout: float) -> dns.resolver.Resolver:
    """For email-validator; ``server`` by address (``with_address``), None for the system's.

    Raises ValueError when the system names no DNS server (no /etc/resolv.conf).
    """
    try:
        resolver = dns.resolver.Resolver(configure=server is None)
    except dns.resolver.NoResolverConfiguration:
        raise ValueError(
            "no DNS server is configured on this system; name one with --dns-server"
        ) from None
    _configure(resolver, server, timeout)
    return resolver


def async_resolver(server: DnsServer, timeout: float) -> dns.asyncresolver.Resolver:
    """For website host names, used only when ``--dns-server`` is given (by address)."""
    resolver = dns.asyncresolver.Resolver(configure=False)
    _configure(resolver, server, timeout)
    return resolver


class HostNotFound(Exception):
    """A website's host name has no address: the message says why, in plain words.

    ``unreachable``: no DNS answer came at all (no server, a timeout), unlike a name
    that the server says does not exist."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


async def lookup_host(resolver: dns.asyncresolver.Resolver, host: str) -> str:
    """One address for ``host`` (IPv4 preferred); HostNotFound with a plain reason otherwise."""
    try:
        answers = await resolver.resolve_name(host)
    except dns.resolver.NXDOMAIN:
        raise HostNotFound(f"DNS failure: {host} does not exist") from None
    except dns.resolver.NoAnswer:
        raise HostNotFound(f"DNS failure: {host} has no address") from None
    except dns.resolver.NoNameservers:
        raise HostNotFound(
            f"DNS failure: the DNS server could not resolve {host}", unreachable=True
        ) from None
    except dns.exception.Timeout:
        raise HostNotFound(f"DNS failure: no answer for {host} in time", unreachable=True) from None
    except dns.exception.DNSException as exc:
        raise HostNotFound(f"DNS failure: {host}: {exc}") from None
    for family in (socket.AF_INET, socket.AF_INET6):
        for address in answers.addresses(family):
            return address
    raise HostNotFound(f"DNS failure: {host} has no address")

"""Loopback servers for the network tests and the benchmark: HTTP(S), DNS, throwaway TLS,
and a CalDAV server (Radicale, ``tests.servers.caldav``).

Everything binds 127.0.0.0/8 only; nothing here reaches the internet. The
servers share one asyncio loop on a background thread (``BackgroundLoop``),
so a test (or the benchmark) can stand up hundreds of hosts cheaply::

    loop = BackgroundLoop().start()
    with HttpTestServer(loop, loopback_hosts(500), slow_delay=0.3) as web:
        urls = [web.url("/slow", host) for host in web.hosts for _ in range(2)]
        ...
    loop.stop()

Pytest fixtures are in ``tests.servers.fixtures`` (``pytest_plugins = ["tests.servers.fixtures"]``).
"""

from __future__ import annotations

from .dns import DnsTestServer, Zone, default_zone
from .http import HttpTestServer, Request, Stats
from .loop import BackgroundLoop
from .tls import ThrowawayCA, make_throwaway_ca

__all__ = [
    "BackgroundLoop",
    "DnsTestServer",
    "HttpTestServer",
    "Request",
    "Stats",
    "ThrowawayCA",
    "Zone",
    "closed_port",
    "default_zone",
    "loopback_hosts",
    "make_throwaway_ca",
]


def loopback_hosts(count: int, first: int = 2) -> list[str]:
    """``count`` distinct loopback addresses from 127.0.0.<first> on (skipping .0 and .255)."""
    hosts: list[str] = []
    number = first
    while len(hosts) < count:
        high, low = divmod(number, 256)
        if 0 < low < 255:
            hosts.append(f"127.0.{high}.{low}")
        number += 1
    return hosts


def closed_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on: bound, then released (the kernel won't hand it out again soon)."""
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port

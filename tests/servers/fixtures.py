"""Pytest fixtures for the loopback servers.

A test module loads them with ``pytest_plugins = ["tests.servers.fixtures"]``, and
marks itself ``pytestmark = pytest.mark.usefixtures("clean_network_env")``.

``radicale`` is one CalDAV server for the whole session (a long-lived process,
as a real server is); each test takes a ``caldav`` client of a user of its own,
and ``dav_proxy`` puts a recording proxy in front of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import BackgroundLoop, DnsTestServer, HttpTestServer, ThrowawayCA, make_throwaway_ca
from .caldav import CalDavClient, RadicaleServer
from .davproxy import DavProxy, HangingServer

_PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.fixture
def clean_network_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment would carry loopback requests elsewhere; a CA bundle
    from it would change what is trusted. Use with ``pytest.mark.usefixtures``."""
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TOURCTL_CA_BUNDLE", raising=False)


@pytest.fixture(scope="session")
def server_loop() -> Iterator[BackgroundLoop]:
    loop = BackgroundLoop().start()
    yield loop
    loop.stop()


@pytest.fixture
def http_server(server_loop: BackgroundLoop) -> Iterator[HttpTestServer]:
    with HttpTestServer(server_loop) as server:
        yield server


@pytest.fixture
def dns_server(server_loop: BackgroundLoop) -> Iterator[DnsTestServer]:
    with DnsTestServer(server_loop) as server:
        yield server


@pytest.fixture(scope="session")
def throwaway_ca(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayCA:
    return make_throwaway_ca(Path(tmp_path_factory.mktemp("tls")))


@pytest.fixture
def https_server(
    server_loop: BackgroundLoop, throwaway_ca: ThrowawayCA
) -> Iterator[HttpTestServer]:
    with HttpTestServer(server_loop, ssl_context=throwaway_ca.server_context) as server:
        yield server


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """Radicale on 127.0.0.1, started once per session, storage in a temporary folder."""
    with RadicaleServer(Path(tmp_path_factory.mktemp("radicale"))) as server:
        yield server


@pytest.fixture
def caldav(radicale: RadicaleServer) -> Iterator[CalDavClient]:
    """A client of the session's Radicale, as a user nobody else uses."""
    with radicale.client() as client:
        yield client


@pytest.fixture
def dav_proxy(radicale: RadicaleServer, server_loop: BackgroundLoop) -> Iterator[DavProxy]:
    """The session's Radicale behind a proxy that records every request (and can meddle)."""
    with DavProxy(server_loop, radicale.url) as proxy:
        yield proxy


@pytest.fixture
def hanging_server(server_loop: BackgroundLoop) -> Iterator[HangingServer]:
    """A server that accepts connections and never answers."""
    with HangingServer(server_loop) as server:
        yield server

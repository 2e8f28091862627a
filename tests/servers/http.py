"""An HTTP/1.1 server on loopback addresses, with the misbehaviours a website check must face.

Endpoints (the same on every host the server binds):

=========================  ==================================================
``/ok``                    200
``/found``                 302 to ``/ok`` (temporary: no warning)
``/moved``                 301 to ``/ok``
``/moved-308``             308 to ``/ok``
``/loop-a``, ``/loop-b``   302 to each other
``/to-ftp``                302 to an ftp:// address
``/redirect?to=URL``       302 (or ``&status=N``) to URL
``/chain?n=K``             K redirects (302) before a 200
``/missing``, ``/gone``    404, 410
``/error``                 500
``/flaky``                 503 (no Retry-After) the first time, then 200
``/rate-limited``          429 with ``Retry-After: 1`` the first time, then 200
``/rate-limited-long``     429 with ``Retry-After: 3600`` the first time, then 200
``/always-503``            503 every time
``/no-head``               HEAD 405, GET 200
``/head-forbidden``        HEAD 403, GET 200
``/head-missing``          HEAD 404, GET 200
``/slow?delay=S``          waits S seconds (default: ``slow_delay``), then 200
``/big``                   HEAD 405; GET 200 with a body of ``big_size`` bytes,
                           produced lazily; bytes handed to the socket are counted
=========================  ==================================================

"The first time" is counted per host and full target, so a test can ask for a
fresh ``/flaky?case=x``. The server records every request (host, method, path,
headers, arrival time) and the most requests it had in flight at once, per host and overall:
that is how the tests prove the client's limits without timing anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from .loop import BackgroundLoop

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Request:
    host: str
    method: str
    target: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path


@dataclass
class Stats:
    """What the server saw. Written on the server thread, read by tests after a run."""

    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    in_flight_total: int = 0
    max_in_flight_total: int = 0
    big_bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def started(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)
            self.in_flight[request.host] += 1
            self.in_flight_total += 1
            self.max_in_flight[request.host] = max(
                self.max_in_flight[request.host], self.in_flight[request.host]
            )
            self.max_in_flight_total = max(self.max_in_flight_total, self.in_flight_total)

    def finished(self, request: Request) -> None:
        with self.lock:
            self.in_flight[request.host] -= 1
            self.in_flight_total -= 1

    def count(self, path: str | None = None, method: str | None = None) -> int:
        """How many requests matched ``path`` (without query) and ``method``."""
        with self.lock:
            return sum(
                1
                for r in self.requests
                if (path is None or r.path == path) and (method is None or r.method == method)
            )

    def methods(self, path: str) -> list[str]:
        with self.lock:
            return [r.method for r in self.requests if r.path == path]

    def matching(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


Handler = Callable[["_Exchange"], Awaitable[None]]


class HttpTestServer:
    """Binds every address in ``hosts`` on its own random port; ``url()`` builds addresses."""

    def __init__(
        self,
        loop: BackgroundLoop,
        hosts: Sequence[str] = ("127.0.0.1",),
        *,
        ssl_context: ssl.SSLContext | None = None,
        slow_delay: float = 2.0,
        big_size: int = 300 * 1024 * 1024,
    ) -> None:
        self.loop = loop
        self.hosts = list(hosts)
        self.ssl_context = ssl_context
        self.slow_delay = slow_delay
        self.big_size = big_size
        self.stats = Stats()
        self.ports: dict[str, int] = {}
        self._servers: list[asyncio.Server] = []
        self._hits: Counter[tuple[str, str]] = Counter()

    @property
    def scheme(self) -> str:
        return "https" if self.ssl_context else "http"

    def url(self, path: str, host: str | None = None) -> str:
        host = host or self.hosts[0]
        return f"{self.scheme}://{host}:{self.ports[host]}{path}"

    def start(self) -> HttpTestServer:
        self.loop.run(self._start())
        return self

    def stop(self) -> None:
        self.loop.run(self._stop())

    def __enter__(self) -> HttpTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start(self) -> None:
        for host in self.hosts:
            server = await asyncio.start_server(
                self._connection, host, 0, ssl=self.ssl_context, backlog=1024
            )
            self.ports[host] = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _stop(self) -> None:
        for server in self._servers:
            server.close()
            # Slow handlers are cancelled by BackgroundLoop.stop; don't wait for them here.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 0.1)
        self._servers.clear()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self.stats.lock:
            self.stats.connections += 1
        host = writer.get_extra_info("sockname")[0]
        try:
            while await self._one_request(host, reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _one_request(
        self, host: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Serve one request; False when the connection should end."""
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        request = Request(host, method, target, headers)
        self.stats.started(request)
        exchange = _Exchange(self, request, writer)
        try:
            await ROUTES.get(request.path, _not_found)(exchange)
        finally:
            self.stats.finished(request)
        return exchange.keep_alive and headers.get("connection", "").lower() != "close"

    def first_time(self, request: Request) -> bool:
        """True for the first request to this host and target (both methods count)."""
        key = (request.host, request.target)
        self._hits[key] += 1
        return self._hits[key] == 1


@dataclass
class _Exchange:
    server: HttpTestServer
    request: Request
    writer: asyncio.StreamWriter
    keep_alive: bool = True

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.request.target).query)

    async def respond(
        self,
        status: int,
        headers: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
    ) -> None:
        if body is None:
            body = f"{status} {HTTPStatus(status).phrase}\n".encode()
        self.head(status, [*headers, ("Content-Length", str(len(body)))])
        if self.request.method != "HEAD":
            self.writer.write(body)
        await self.writer.drain()

    def head(self, status: int, headers: Sequence[tuple[str, str]]) -> None:
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
        lines += [f"{name}: {value}" for name, value in headers]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def redirect(self, status: int, location: str) -> None:
        await self.respond(status, [("Location", location)])


async def _ok(ex: _Exchange) -> None:
    await ex.respond(200, [("Content-Type", "text/plain")], b"ok\n")


def _redirect(status: int, location: str) -> Handler:
    async def handler(ex: _Exchange) -> None:
        await ex.redirect(status, location)

    return handler


def _status(status: int) -> Handler:
    async def handler(ex: _Exchange) -> None:
        await ex.respond(status)

    return handler


def _once_then_ok(status: int, headers: Sequence[tuple[str, str]] = ()) -> Handler:
    async def handler(ex: _Exchange) -> None:
        if ex.server.first_time(ex.request):
            await ex.respond(status, headers)
        else:
            await _ok(ex)

    return handler


def _head_refused(status: int) -> Handler:
    async def handler(ex: _Exchange) -> None:
        if ex.request.method == "HEAD":
            await ex.respond(status)
        else:
            await _ok(ex)

    return handler


async def _chain(ex: _Exchange) -> None:
    left = int(ex.query.get("n", ["0"])[0])
    if left <= 0:
        await _ok(ex)
    else:
        await ex.redirect(302, f"/chain?n={left - 1}")


async def _redirect_to(ex: _Exchange) -> None:
    status = int(ex.query.get("status", ["302"])[0])
    await ex.redirect(status, ex.query["to"][0])


async def _slow(ex: _Exchange) -> None:
    delay = float(ex.query.get("delay", [str(ex.server.slow_delay)])[0])
    await asyncio.sleep(delay)
    await _ok(ex)


async def _big(ex: _Exchange) -> None:
    """Hundreds of megabytes, made on demand: a client that stops reading stops the flow."""
    if ex.request.method == "HEAD":
        await ex.respond(405)
        return
    size = ex.server.big_size
    ex.head(200, [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))])
    ex.keep_alive = False
    chunk = bytes(CHUNK)
    sent = 0
    while sent < size:
        piece = chunk[: min(CHUNK, size - sent)]
        ex.writer.write(piece)
        await ex.writer.drain()  # raises once the client has hung up
        sent += len(piece)
        with ex.server.stats.lock:
            ex.server.stats.big_bytes_sent += len(piece)


async def _not_found(ex: _Exchange) -> None:
    await ex.respond(404)


ROUTES: dict[str, Handler] = {
    "/ok": _ok,
    "/found": _redirect(302, "/ok"),
    "/moved": _redirect(301, "/ok"),
    "/moved-308": _redirect(308, "/ok"),
    "/loop-a": _redirect(302, "/loop-b"),
    "/loop-b": _redirect(302, "/loop-a"),
    "/to-ftp": _redirect(302, "ftp://127.0.0.1/file"),
    "/chain": _chain,
    "/redirect": _redirect_to,
    "/missing": _status(404),
    "/gone": _status(410),
    "/error": _status(500),
    "/always-503": _status(503),
    "/flaky": _once_then_ok(503),
    "/rate-limited": _once_then_ok(429, [("Retry-After", "1")]),
    "/rate-limited-long": _once_then_ok(429, [("Retry-After", "3600")]),
    "/no-head": _head_refused(405),
    "/head-forbidden": _head_refused(403),
    "/head-missing": _head_refused(404),
    "/slow": _slow,
    "/big": _big,
}

"""A recording reverse proxy in front of Radicale, and a server that never answers.

``DavProxy`` forwards every request to the upstream server and records its
method, path and the status it got, so a test can say "the second publish sent
no PUT, DELETE or MKCALENDAR" from what went over the wire rather than from
what tourctl says it did. A hook, run before a request is forwarded, can
answer it instead (a 500, a 503 with Retry-After, an endless body) or change
the server first (someone editing an event between tourctl's read and its
write, which is how a real concurrent change happens)::

    with DavProxy(loop, radicale.url) as proxy:
        proxy.hook = lambda seen: Reply(500) if seen.method == "REPORT" else None
        ... tourctl publish --caldav {proxy.url}/{user}/ ...
        assert not proxy.writes()

``HangingServer`` accepts connections and reads, but never writes a byte.
Both run on the tests' background loop, on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus

import httpx

from .loop import BackgroundLoop

WRITES = frozenset({"PUT", "DELETE", "MKCALENDAR", "MKCOL", "PROPPATCH", "MOVE", "COPY", "POST"})
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Reply:
    """An answer the hook gives instead of the upstream's."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    endless: bool = False
    """Send ``body`` over and over, without a length, until the client hangs up."""


Hook = Callable[[Seen], Reply | None]


@dataclass
class DavProxy:
    loop: BackgroundLoop
    upstream: str
    hook: Hook | None = None
    """Called (on a worker thread, so it may make blocking requests) before forwarding."""
    seen: list[tuple[Seen, int]] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None
    _client: httpx.AsyncClient | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> DavProxy:
        self.loop.run(self._start())
        return self

    def stop(self) -> None:
        self.loop.run(self._stop())

    def __enter__(self) -> DavProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests(self, under: str = "/") -> list[tuple[str, str, int]]:
        """(method, path, status) of every request to a path under ``under``."""
        with self._lock:
            seen = list(self.seen)
        return [(s.method, s.path, status) for s, status in seen if s.path.startswith(under)]

    def writes(self, under: str = "/") -> list[tuple[str, str, int]]:
        return [r for r in self.requests(under) if r[0] in WRITES]

    def clear(self) -> None:
        with self._lock:
            self.seen.clear()

    async def _start(self) -> None:
        self._client = httpx.AsyncClient(base_url=self.upstream, timeout=60, trust_env=False)
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 0.5)
        if self._client is not None:
            await self._client.aclose()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        body = await reader.readexactly(length) if length else b""
        seen = Seen(method, target.split("?", 1)[0], headers)
        reply = await asyncio.to_thread(self.hook, seen) if self.hook is not None else None
        if reply is None:
            reply = await self._forward(seen, target, body)
        with self._lock:
            self.seen.append((seen, reply.status))
        if reply.endless:
            await _endless(writer, reply)
            return False
        status_line = f"HTTP/1.1 {reply.status} {_phrase(reply.status)}\r\n"
        out = [f"{n}: {v}" for n, v in reply.headers if n.lower() not in _HOP_BY_HOP]
        out.append(f"Content-Length: {len(reply.body)}")
        writer.write((status_line + "\r\n".join(out) + "\r\n\r\n").encode("latin-1") + reply.body)
        await writer.drain()
        return headers.get("connection", "").lower() != "close"

    async def _forward(self, seen: Seen, target: str, body: bytes) -> Reply:
        assert self._client is not None
        headers = {n: v for n, v in seen.headers.items() if n not in _HOP_BY_HOP | {"host"}}
        headers["accept-encoding"] = "identity"
        response = await self._client.request(seen.method, target, content=body, headers=headers)
        return Reply(response.status_code, tuple(response.headers.items()), response.content)


async def _endless(writer: asyncio.StreamWriter, reply: Reply) -> None:
    head = [f"HTTP/1.1 {reply.status} {_phrase(reply.status)}"]
    head += [f"{n}: {v}" for n, v in reply.headers]
    writer.write(("\r\n".join(head) + "\r\nConnection: close\r\n\r\n").encode("latin-1"))
    chunk = reply.body or b"<x>" * 20000
    with contextlib.suppress(ConnectionError, OSError):
        for _ in range(100_000):  # 6 GB at most: far past any client's limit
            writer.write(chunk)
            await writer.drain()


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


@dataclass
class HangingServer:
    """Accepts a connection, reads what it is sent, and never answers."""

    loop: BackgroundLoop
    port: int = 0
    connections: int = 0
    _server: asyncio.Server | None = None
    _open: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HangingServer:
        self.loop.run(self._start())
        return self

    def stop(self) -> None:
        self.loop.run(self._stop())

    def __enter__(self) -> HangingServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._open):  # a client still waiting: hang up on it
                writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 0.5)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._open.add(writer)
        try:
            with contextlib.suppress(Exception):
                while await reader.read(65536):
                    pass
        finally:
            self._open.discard(writer)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

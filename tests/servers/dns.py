"""A loopback DNS server (UDP) built on dnslib, answering from a small fixed zone.

It answers what a mail-deliverability check meets in the wild: MX records, a
null MX (``0 .``, RFC 7505), NXDOMAIN, SERVFAIL, a domain with only an A
record, one that publishes ``v=spf1 -all`` and no MX, and one that never
answers at all (the resolver must time out). It counts every query, so a test
can prove that offline mode asked nothing.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from dnslib import AAAA, MX, QTYPE, RCODE, RD, RR, TXT, A, DNSRecord

from .loop import BackgroundLoop

PUBLIC_IP = "93.184.215.14"
"""A globally routable address for A records: email-validator ignores private ones.
Nothing ever connects to it; only the DNS answer matters."""


@dataclass
class Zone:
    """Records by lower-case name; names listed in ``servfail``/``silent`` misbehave instead.

    Names in ``together`` are answered only once each of them has been asked
    for: a client that looks them up one after another times out, one that
    looks them up at the same time gets every answer. Concurrency, proven
    without a stopwatch.
    """

    records: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    servfail: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    together: set[str] = field(default_factory=set)

    def add(self, name: str, rtype: str, value: str) -> Zone:
        self.records.setdefault(name.lower(), []).append((rtype, value))
        return self


WEB_HOSTS = (("web.example", "127.0.0.1"), ("other.example", "127.0.0.1"))


def default_zone(web_hosts: Iterable[tuple[str, str]] = WEB_HOSTS) -> Zone:
    """The zone the contact tests use; ``web_hosts`` are (name, loopback address) pairs."""
    zone = (
        Zone(
            servfail={"servfail.example"},
            silent={"silent.example"},
            together={"meet-a.example", "meet-b.example"},
        )
        .add("meet-a.example", "MX", "10 mail.meet-a.example")
        .add("meet-b.example", "MX", "10 mail.meet-b.example")
        .add("withmx.example", "MX", "10 mail.withmx.example")
        .add("withmx.example", "MX", "20 backup.withmx.example")
        .add("nullmx.example", "MX", "0 .")
        .add("aonly.example", "A", PUBLIC_IP)
        .add("nomail.example", "A", PUBLIC_IP)
        .add("nomail.example", "TXT", "v=spf1 -all")
    )
    for name, address in web_hosts:
        zone.add(name, "A", address)
    return zone


def _rdata(rtype: str, value: str) -> RD:
    if rtype == "MX":
        preference, exchange = value.split(" ", 1)
        return MX(exchange, int(preference))
    if rtype == "TXT":
        return TXT(value)
    if rtype == "AAAA":
        return AAAA(value)
    return A(value)


@dataclass
class DnsStats:
    queries: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, name: str | None = None) -> int:
        with self.lock:
            return sum(1 for qname, _ in self.queries if name is None or qname == name)


class DnsTestServer(asyncio.DatagramProtocol):
    """``start()`` binds 127.0.0.1 on a random UDP port; ``address`` is ``HOST:PORT``."""

    def __init__(self, loop: BackgroundLoop, zone: Zone | None = None) -> None:
        self.loop = loop
        self.zone = zone or default_zone()
        self.stats = DnsStats()
        self.port = 0
        self._transport: asyncio.DatagramTransport | None = None
        self._asked: set[str] = set()
        self._held: list[tuple[DNSRecord, tuple[str, int]]] = []

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> DnsTestServer:
        self.loop.run(self._start())
        return self

    def stop(self) -> None:
        if self._transport is not None:
            self.loop.loop.call_soon_threadsafe(self._transport.close)

    def __enter__(self) -> DnsTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start(self) -> None:
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: self, local_addr=("127.0.0.1", 0)
        )
        self._transport = transport
        self.port = transport.get_extra_info("sockname")[1]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        query = DNSRecord.parse(data)
        name = str(query.q.qname).rstrip(".").lower()
        rtype = QTYPE[query.q.qtype]
        with self.stats.lock:
            self.stats.queries.append((name, rtype))
        reply = self._answer(query, name, rtype)
        if reply is None:
            return
        if name in self.zone.together:
            self._asked.add(name)
            self._held.append((reply, addr))
            if not self.zone.together <= self._asked:
                return
            held, self._held = self._held, []
            for waiting, client in held:
                self._send(waiting, client)
            return
        self._send(reply, addr)

    def _send(self, reply: DNSRecord, addr: tuple[str, int]) -> None:
        if self._transport is not None:
            self._transport.sendto(reply.pack(), addr)

    def _answer(self, query: DNSRecord, name: str, rtype: str) -> DNSRecord | None:
        if name in self.zone.silent:
            return None
        reply = query.reply()
        if name in self.zone.servfail:
            reply.header.rcode = RCODE.SERVFAIL
        elif name not in self.zone.records:
            reply.header.rcode = RCODE.NXDOMAIN
        else:
            for record_type, value in self.zone.records[name]:
                if record_type == rtype:
                    reply.add_answer(
                        RR(name, getattr(QTYPE, rtype), rdata=_rdata(rtype, value), ttl=60)
                    )
        return reply

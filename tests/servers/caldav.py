"""A real CalDAV server for the tests: Radicale on 127.0.0.1, in a process of its own.

Radicale reads uploads with vobject, which keeps the first VTIMEZONE it sees
for a TZID for the life of the process: a long-lived server is the test that
one TZID has one definition in every file tourctl writes. So the pytest
fixture (``radicale`` in ``tests.servers.fixtures``) starts one server per
session, and tests share it, each in collections of its own::

    client = radicale.client()
    client.put_calendar("cal-1", ics)
    assert uid in client.uids_between("cal-1", start, end)

Storage is a temporary folder; authentication is Radicale's ``none`` (any
user name and password), with ``owner_only`` rights, so each client's user
owns ``/<user>/``. Nothing listens beyond the loopback address; the server is
stopped (and waited for) when the session ends. A later ``publish --caldav``
feature can test against the same fixture and client.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import httpx

__all__ = ["CalDavClient", "CalDavError", "RadicaleServer"]

_CALDAV = "urn:ietf:params:xml:ns:caldav"
_STARTUP = 30.0  # seconds; Radicale starts in well under one on this machine


class CalDavError(RuntimeError):
    """The server answered a request with an unexpected status."""


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class RadicaleServer:
    """``start()`` runs ``python -m radicale`` on a free loopback port, storage in ``folder``."""

    folder: Path
    host: str = "127.0.0.1"
    port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> RadicaleServer:
        self.port = _free_port(self.host)
        config = self.folder / "config"
        storage = self.folder / "collections"
        config.write_text(
            "[server]\n"
            f"hosts = {self.host}:{self.port}\n"
            "[auth]\ntype = none\n"
            "[rights]\ntype = owner_only\n"
            f"[storage]\nfilesystem_folder = {storage}\n"
            "[web]\ntype = none\n"
            "[logging]\nlevel = warning\n",
            encoding="utf-8",
        )
        with (self.folder / "radicale.log").open("wb") as log:  # the child keeps its own copy
            self._process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + _STARTUP
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise CalDavError(f"Radicale exited at start:\n{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise CalDavError(f"Radicale did not listen within {_STARTUP:.0f} s:\n{self.log()}")

    def log(self) -> str:
        """What the server wrote (warnings and errors): for the message of a failing test."""
        path = self.folder / "radicale.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def client(self, user: str | None = None) -> CalDavClient:
        """A client for a user of its own (a fresh one unless ``user`` is given)."""
        return CalDavClient(self.url, user or f"u{uuid.uuid4().hex[:12]}")

    def __enter__(self) -> RadicaleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class CalDavClient:
    """The few CalDAV requests the tests need (RFC 4791), over httpx, for one user."""

    def __init__(self, base_url: str, user: str, password: str = "secret") -> None:
        self.user = user
        self.base = f"{base_url}/{user}/"
        self.http = httpx.Client(auth=(user, password), timeout=30, trust_env=False)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CalDavClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def collection(self, name: str) -> str:
        return f"{self.base}{name}/"

    def put_calendar(self, name: str, ics: bytes) -> httpx.Response:
        """Upload a whole calendar file as the collection ``name`` (Radicale splits it into
        one item per UID). Raises ``CalDavError`` unless the server accepts it."""
        response = self.http.put(
            self.collection(name), content=ics, headers={"Content-Type": "text/calendar"}
        )
        if response.status_code not in (200, 201, 204):
            raise CalDavError(f"PUT {name}: {response.status_code} {response.text[:500]}")
        return response

    def uids_between(self, name: str, start: datetime, end: datetime) -> set[str]:
        """UIDs of the VEVENTs that overlap ``[start, end)``: a CALDAV:calendar-query REPORT
        with a time-range filter (RFC 4791 §9.9), answered by the server's own reading."""
        body = _TIME_RANGE_QUERY.format(start=_utc(start), end=_utc(end))
        response = self.http.request(
            "REPORT",
            self.collection(name),
            content=body.encode(),
            headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        if response.status_code != 207:
            raise CalDavError(f"REPORT {name}: {response.status_code} {response.text[:500]}")
        return set(_uids(response.content))

    def delete(self, name: str) -> None:
        self.http.delete(self.collection(name))


_TIME_RANGE_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="{start}" end="{end}"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>
"""


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"a time-range needs an aware datetime, not {moment!r}")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uids(multistatus: bytes) -> Iterable[str]:
    """The UID line of each calendar-data in a multistatus answer."""
    root = ElementTree.fromstring(multistatus)  # our own loopback server's answer
    for data in root.iter(f"{{{_CALDAV}}}calendar-data"):
        text = (data.text or "").replace("\r\n ", "").replace("\n ", "")
        for line in text.splitlines():
            if line.startswith("UID:"):
                yield line[4:].strip()

"""A real CalDAV server for the tests: Radicale on 127.0.0.1, in a process of its own.

Radicale reads uploads with vobject, which keeps the first VTIMEZONE it sees
for a TZID for the life of the process: a long-lived server is the test that
one TZID has one definition in every file tourctl writes. So the pytest
fixture (``radicale`` in ``tests.servers.fixtures``) starts one server per
session, and tests share it, each in collections of its own::

    client = radicale.client()
    client.put_calendar("cal-1", ics)
    assert uid in client.uids_between("cal-1", start, end)

Storage is a temporary folder (in ``/dev/shm`` where there is one: Radicale
syncs every write to disk, and on a memory file system that costs nothing);
authentication is ``htpasswd`` with plain passwords (``add_user``; ``client()``
adds a fresh user with the password ``secret``), with ``owner_only`` rights, so
each user owns ``/<user>/`` and nobody else's. Nothing listens beyond the
loopback address; the server is stopped (and waited for) when the session
ends. ``publish --caldav`` is tested against the same server, through a
recording proxy (``tests.servers.davproxy``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
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
    tls: tuple[Path, Path] | None = None
    """(certificate chain, private key), PEM: Radicale serves HTTPS with them."""
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _storage: Path | None = field(default=None, repr=False)
    _users: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def start(self) -> RadicaleServer:
        self.port = _free_port(self.host)
        config = self.folder / "config"
        memory = Path("/dev/shm")
        base = memory if memory.is_dir() else self.folder
        self._storage = Path(tempfile.mkdtemp(prefix="radicale-", dir=base))
        storage = self._storage / "collections"
        self.users.write_text("", encoding="utf-8")
        ssl = f"ssl = True\ncertificate = {self.tls[0]}\nkey = {self.tls[1]}\n" if self.tls else ""
        config.write_text(
            "[server]\n"
            f"hosts = {self.host}:{self.port}\n"
            f"{ssl}"
            "[auth]\ntype = htpasswd\n"
            f"htpasswd_filename = {self.users}\n"
            "htpasswd_encryption = plain\n"
            "htpasswd_cache = True\n"  # re-read when the file changes (add_user)
            "delay = 0\n"  # no pause after a wrong password: the tests make them on purpose
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

    @property
    def users(self) -> Path:
        return self.folder / "users"

    def add_user(self, name: str, password: str) -> None:
        """Let ``name`` log in with ``password`` (from the next request on)."""
        with self._users, self.users.open("a", encoding="utf-8") as handle:
            handle.write(f"{name}:{password}\n")

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
        if self._storage is not None:
            shutil.rmtree(self._storage, ignore_errors=True)
            self._storage = None

    def client(self, user: str | None = None, password: str = "secret") -> CalDavClient:
        """A client for a user of its own (a fresh one, added, unless ``user`` is given)."""
        if user is None:
            user = f"u{uuid.uuid4().hex[:12]}"
            self.add_user(user, password)
        return CalDavClient(self.url, user, password)

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

    def make_calendar(self, name: str, description: str | None = None) -> None:
        """MKCALENDAR, as a calendar app makes one (optionally with a description)."""
        props = f"<C:calendar-description>{description}</C:calendar-description>"
        body = _MKCALENDAR.format(name=name, props=props if description else "")
        response = self.http.request("MKCALENDAR", self.collection(name), content=body.encode())
        if response.status_code != 201:
            raise CalDavError(f"MKCALENDAR {name}: {response.status_code} {response.text[:500]}")

    def put_object(self, name: str, resource: str, ics: bytes) -> str:
        """One calendar object, as a calendar app (or a partner) saves it; its new ETag."""
        response = self.http.put(
            f"{self.collection(name)}{resource}",
            content=ics,
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        if response.status_code not in (201, 204):
            raise CalDavError(f"PUT {resource}: {response.status_code} {response.text[:500]}")
        etag: str = response.headers.get("etag", "")
        return etag

    def objects(self, name: str) -> dict[str, str]:
        """Every object of the collection: resource name → its calendar data."""
        response = self.http.request(
            "REPORT",
            self.collection(name),
            content=_ALL_OBJECTS.encode(),
            headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        if response.status_code != 207:
            raise CalDavError(f"REPORT {name}: {response.status_code} {response.text[:500]}")
        root = ElementTree.fromstring(response.content)
        found = {}
        for item in root.iter("{DAV:}response"):
            href = item.findtext("{DAV:}href") or ""
            data = item.find(f".//{{{_CALDAV}}}calendar-data")
            if data is not None:
                found[href.rstrip("/").rpartition("/")[2]] = data.text or ""
        return found

    def calendars(self) -> dict[str, dict[str, str]]:
        """The collections in the user's home: name → display name, description, sync token."""
        response = self.http.request(
            "PROPFIND",
            self.base,
            content=_HOME_PROPS.encode(),
            headers={"Content-Type": "application/xml; charset=utf-8", "Depth": "1"},
        )
        if response.status_code != 207:
            raise CalDavError(f"PROPFIND: {response.status_code} {response.text[:500]}")
        root = ElementTree.fromstring(response.content)
        found = {}
        for item in root.iter("{DAV:}response"):
            href = (item.findtext("{DAV:}href") or "").rstrip("/")
            name = href.rpartition("/")[2]
            if f"{href}/" == urlsplit(self.base).path:
                continue
            found[name] = {
                "displayname": item.findtext(".//{DAV:}displayname") or "",
                "description": item.findtext(f".//{{{_CALDAV}}}calendar-description") or "",
                "sync-token": item.findtext(".//{DAV:}sync-token") or "",
            }
        return found


_MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>{name}</D:displayname>{props}</D:prop></D:set>
</C:mkcalendar>
"""

_ALL_OBJECTS = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>
"""

_HOME_PROPS = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:displayname/><C:calendar-description/><D:sync-token/></D:prop>
</D:propfind>
"""


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

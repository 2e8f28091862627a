"""A feed's calendar as CalDAV objects, and a server's objects read back: pure, no network.

A CalDAV collection holds one calendar object resource per event (RFC 4791
§4.1): a VCALENDAR with one VEVENT (or leg, or stay) and the VTIMEZONEs its
times name, and no METHOD, which such resources must not carry. Each object
is cut out of the bytes ``export`` writes for the feed, so its VEVENT is the
exported one, line for line.

Every object tourctl writes carries three calendar-level properties::

    X-TOURCTL-FEED:<tour id>/<feed>    whose object it is (tourctl touches no other)
    X-TOURCTL-EVENT:<sha-256>          what the event said (its lines but SEQUENCE/DTSTAMP)
    X-TOURCTL-OBJECT:<sha-256>         the whole object as written (but this line)

Servers may rewrite what they store: Radicale re-serializes every upload with
vobject (sorted properties, its own folding and quoting), so a server's copy
is rarely the bytes that were sent. The digests say what tourctl sent without
trusting the server to keep it: an object whose ``X-TOURCTL-OBJECT`` is the
digest of what would be uploaded now is up to date (no request), and one whose
``X-TOURCTL-EVENT`` matches what the event says now keeps its ``SEQUENCE``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tourctl.export.identity import NotACalendar, Stamp, read_previous

FEED_PROPERTY = "X-TOURCTL-FEED"
EVENT_PROPERTY = "X-TOURCTL-EVENT"
OBJECT_PROPERTY = "X-TOURCTL-OBJECT"
MAX_OBJECT = 1024 * 1024
"""A server object larger than this is not one tourctl wrote (its objects are a few KB)."""

_CRLF = b"\r\n"
_KEPT_HEADER = (b"VERSION:", b"PRODID:", b"CALSCALE:")
_TZID = re.compile(rb';TZID=("?)([^";:]+)\1[;:]')
_DIGEST = re.compile(r"[0-9a-f]{64}")


def owner(tour_id: str, feed: str) -> str:
    """The ``X-TOURCTL-FEED`` value of a feed's objects."""
    return f"{tour_id}/{feed}"


def content_digest(content: tuple[str, ...]) -> str:
    """The ``X-TOURCTL-EVENT`` value: a digest of an event's ``Stamp.content``."""
    return hashlib.sha256("\n".join(content).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class EventObject:
    """One object to keep on the server: an event, a leg or a stay of one feed."""

    uid: str
    data: bytes
    digest: str
    """``X-TOURCTL-OBJECT``: what the server's copy says when it is this object."""
    stamp: Stamp
    summary: str

    @property
    def name(self) -> str:
        """The resource's name in its collection (UIDs are UUIDs: nothing to escape)."""
        return f"{self.uid}.ics"


def feed_objects(data: bytes, tour_id: str, feed: str) -> list[EventObject]:
    """The feed's calendar (``export``'s bytes) cut into one object per VEVENT."""
    header, zones, events = _blocks(data)
    stamps = read_previous(data)
    mark = f"{FEED_PROPERTY}:{owner(tour_id, feed)}".encode()
    found = []
    for block in events:
        unfolded = _unfold(block)
        uid = _value(unfolded, b"UID:")
        if uid is None or uid not in stamps:
            raise ValueError("an exported VEVENT without a readable UID")  # never from export
        stamp = stamps[uid]
        needed = [zones[tzid] for tzid in sorted(_tzids(unfolded)) if tzid in zones]
        event_line = f"{EVENT_PROPERTY}:{content_digest(stamp.content)}".encode()
        head = [b"BEGIN:VCALENDAR", *header, mark, event_line]
        rest = b"".join([*needed, block, b"END:VCALENDAR", _CRLF])
        body = _CRLF.join(head) + _CRLF + rest
        digest = hashlib.sha256(body).hexdigest()
        object_line = f"{OBJECT_PROPERTY}:{digest}".encode()
        payload = _CRLF.join([*head, object_line]) + _CRLF + rest
        summary = _value(unfolded, b"SUMMARY:") or uid
        found.append(EventObject(uid, payload, digest, stamp, _plain(summary)))
    return found


def _blocks(data: bytes) -> tuple[list[bytes], dict[str, bytes], list[bytes]]:
    """The calendar's kept header lines, its VTIMEZONEs by TZID, and its VEVENTs (bytes)."""
    header: list[bytes] = []
    zones: dict[str, bytes] = {}
    events: list[bytes] = []
    for kind, block in _components(data):
        if kind == b"VTIMEZONE":
            tzid = _value(_unfold(block), b"TZID:")
            if tzid is not None:
                zones[tzid] = block
        elif kind == b"VEVENT":
            events.append(block)
        elif kind == b"" and block.startswith(_KEPT_HEADER):
            header.append(block.rstrip(_CRLF))
    return header, zones, events


def _components(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(component name, its bytes) for each top-level component; (b"", line) for each
    calendar-level property line (folded continuation lines stay with their line)."""
    lines = data.split(_CRLF)
    depth = 0
    kind = b""
    start = 0
    position = 0
    for index, line in enumerate(lines):
        end = position + len(line) + 2
        if line.startswith(b"BEGIN:"):
            depth += 1
            if depth == 2:
                kind, start = line[6:], position
        elif line.startswith(b"END:"):
            if depth == 2:
                yield kind, data[start:end]
            depth -= 1
        elif depth == 1 and line and line[:1] not in (b" ", b"\t"):
            following = index + 1
            while following < len(lines) and lines[following][:1] in (b" ", b"\t"):
                end += len(lines[following]) + 2
                following += 1
            yield b"", data[position:end]
        position += len(line) + 2


def _unfold(block: bytes) -> bytes:
    return block.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def _value(unfolded: bytes, prefix: bytes) -> str | None:
    for line in unfolded.split(_CRLF):
        if line.startswith(prefix):
            return line[len(prefix) :].decode("utf-8", "replace")
    return None


def _tzids(unfolded: bytes) -> set[str]:
    return {match[2].decode("utf-8", "replace") for match in _TZID.finditer(unfolded)}


def _plain(text: str) -> str:
    """A TEXT value as people read it, on one line (for messages on the organizer's terminal)."""
    text = re.sub(r"\\[nN]", " ", text)
    return re.sub(r"\\(.)", r"\1", text)


@dataclass(frozen=True, slots=True)
class ServerObject:
    """An object found in a collection, as far as tourctl needs to know it."""

    href: str
    etag: str | None
    owner: str | None
    """``X-TOURCTL-FEED``: None for an object tourctl did not write."""
    uids: tuple[str, ...]
    stamp: Stamp | None
    """The stamp of its one event; None unless it holds exactly one readable VEVENT."""
    event_digest: str | None
    object_digest: str | None
    summary: str

    @property
    def uid(self) -> str | None:
        return self.uids[0] if len(self.uids) == 1 else None


def read_object(href: str, etag: str | None, text: str | None) -> ServerObject:
    """What a server's copy says; anything unreadable is simply not tourctl's (never raises).

    Only the VEVENTs go to ``read_previous``, cut out with ``str.find``: most of
    an object's bytes are its VTIMEZONEs, and a re-publish reads thousands of
    objects, so nothing here loops over lines in Python.
    """
    if not text or len(text) > MAX_OBJECT:
        return ServerObject(href, etag, None, (), None, None, None, href)
    unfolded = "\n" + text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")
    upper = unfolded.upper()
    events = list(_spans(unfolded, upper, "\nBEGIN:VEVENT", "\nEND:VEVENT"))
    if not events:
        return ServerObject(href, etag, None, (), None, None, None, href)
    try:
        calendar = "BEGIN:VCALENDAR\n" + "\n".join(events) + "\nEND:VCALENDAR"
        stamps = read_previous(calendar.encode("utf-8", "replace"))
    except NotACalendar:
        return ServerObject(href, etag, None, (), None, None, None, href)
    props = _calendar_properties(unfolded, upper)
    uids = tuple(stamps)
    stamp = stamps[uids[0]] if len(uids) == 1 else None
    return ServerObject(
        href,
        etag,
        props.get(FEED_PROPERTY),
        uids,
        stamp,
        _digest_value(props.get(EVENT_PROPERTY)),
        _digest_value(props.get(OBJECT_PROPERTY)),
        _summary(events[0]) or (uids[0] if uids else href),
    )


def _spans(text: str, upper: str, begin: str, end: str) -> Iterator[str]:
    position = 0
    while (start := upper.find(begin, position)) >= 0:
        stop = upper.find(end, start)
        if stop < 0:
            return
        yield text[start + 1 : stop + len(end)]
        position = stop + 1


def _calendar_properties(text: str, upper: str) -> dict[str, str]:
    """The ``X-TOURCTL-*`` lines of the VCALENDAR itself: outside every component (as many
    BEGIN as END lines before them, the VCALENDAR's own BEGIN aside)."""
    found: dict[str, str] = {}
    position = 0
    while (start := upper.find("\nX-TOURCTL-", position)) >= 0:
        position = start + 1
        if upper.count("\nBEGIN:", 0, start) - upper.count("\nEND:", 0, start) != 1:
            continue
        stop = text.find("\n", position)
        line = text[position : stop if stop >= 0 else None]
        name, _, value = line.partition(":")
        found.setdefault(name.split(";", 1)[0].upper(), value.strip())
    return found


def _summary(event: str) -> str | None:
    start = event.upper().find("\nSUMMARY")
    if start < 0:
        return None
    stop = event.find("\n", start + 1)
    _, _, value = event[start + 1 : stop if stop >= 0 else None].partition(":")
    return _plain(value.strip())[:200]


def _digest_value(value: str | None) -> str | None:
    return value if value is not None and _DIGEST.fullmatch(value) else None

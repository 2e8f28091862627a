"""A feed's calendar as CalDAV objects, and a server's objects read back: pure, no network.

A CalDAV collection holds one calendar object resource per event (RFC 4791
§4.1): a VCALENDAR with one VEVENT (an event, a leg or a stay) and the
VTIMEZONEs its times name, and no METHOD, which such resources must not
carry. Each object is cut out of the bytes ``export`` writes for the feed, so
its VEVENT is the exported one, line for line.

Every object tourctl writes carries three calendar-level properties::

    X-TOURCTL-FEED:<tour id>/<feed>   whose object it is (tourctl touches no other)
    X-TOURCTL-EVENT:<sha-256>         what the event says: its lines but SEQUENCE, DTSTAMP
    X-TOURCTL-OBJECT:<sha-256>        the whole object but SEQUENCE, DTSTAMP and these two

Servers may rewrite what they store: Radicale re-serializes every upload with
vobject (sorted properties, its own folding and quoting), so a server's copy
is rarely the bytes that were sent. The digests say what tourctl sent without
trusting the server to keep it. Neither covers SEQUENCE or DTSTAMP, so both
can be compared before the server's copies have been read as the previous
export: an object whose ``X-TOURCTL-OBJECT`` is the digest of what would be
written now is up to date, whatever its SEQUENCE; only the others need their
SEQUENCE and DTSTAMP carried over (``ServerObject.stamp``), and one whose
``X-TOURCTL-EVENT`` still matches keeps its SEQUENCE.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from tourctl.export.identity import NotACalendar, Stamp, Untrusted, content_key, read_previous, said

FEED_PROPERTY = "X-TOURCTL-FEED"
EVENT_PROPERTY = "X-TOURCTL-EVENT"
OBJECT_PROPERTY = "X-TOURCTL-OBJECT"
MAX_OBJECT = 1024 * 1024
"""A server object larger than this is not one tourctl wrote (its objects are a few KB)."""

_CRLF = b"\r\n"
_KEPT_HEADER = (b"VERSION:", b"PRODID:", b"CALSCALE:")
_STAMP_LINES = (b"DTSTAMP", b"SEQUENCE")
_TZID = re.compile(rb';TZID=("?)([^";:]+)\1[;:]')
_DIGEST = re.compile(r"[0-9a-f]{64}")


def owner(tour_id: str, feed: str) -> str:
    """The ``X-TOURCTL-FEED`` value of a feed's objects."""
    return f"{tour_id}/{feed}"


def content_digest(content: bytes) -> str:
    """The ``X-TOURCTL-EVENT`` value: a digest of an event's ``Stamp.content``."""
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class EventObject:
    """One object a feed's calendar should hold: an event, a leg or a stay.

    Only ``uid`` and ``digest`` are needed to see that an object is up to date,
    which most are on a re-publish; the rest is worked out when it is asked for.
    """

    uid: str
    digest: str
    """``X-TOURCTL-OBJECT``: what a server copy of this very object says."""
    head: tuple[bytes, ...]
    zones: tuple[bytes, ...]
    block: bytes
    """The VEVENT as export wrote it."""

    @property
    def name(self) -> str:
        """The resource's name in its collection (UIDs are UUIDs: nothing to escape)."""
        return f"{self.uid}.ics"

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The event's unfolded lines but SEQUENCE and DTSTAMP (as ``read_previous`` reads
        them)."""
        return _lines(_unfold(self.block).split(_CRLF))

    @property
    def content(self) -> bytes:
        """As ``Stamp.content``: the digest of those lines, in any order."""
        return content_key(self.lines)

    @property
    def said(self) -> tuple[str, ...]:
        """As ``Stamp.said``: what and when the event is, as export wrote it."""
        return said(self.lines)

    @cached_property
    def event_digest(self) -> str:
        return content_digest(self.content)

    @property
    def data(self) -> bytes:
        """The object to upload."""
        lines = [
            *self.head,
            f"{EVENT_PROPERTY}:{self.event_digest}".encode(),
            f"{OBJECT_PROPERTY}:{self.digest}".encode(),
        ]
        return _CRLF.join(lines) + _CRLF + b"".join([*self.zones, self.block, _END])

    @property
    def summary(self) -> str:
        start = self.block.find(b"\r\nSUMMARY:")
        if start < 0:
            return self.uid
        line = _unfold(self.block[start + 10 :]).split(_CRLF, 1)[0]
        return _plain(line.decode("utf-8", "replace")) or self.uid


_END = b"END:VCALENDAR\r\n"


def feed_objects(data: bytes, tour_id: str, feed: str) -> list[EventObject]:
    """The feed's calendar (``export``'s bytes) cut into one object per VEVENT.

    The digest covers the calendar's kept header lines and tourctl's mark, the
    VTIMEZONEs (by their own digests) and the VEVENT without its SEQUENCE and
    DTSTAMP lines.
    """
    header, zones, events = _blocks(data)
    head = (b"BEGIN:VCALENDAR", *header, f"{FEED_PROPERTY}:{owner(tour_id, feed)}".encode())
    zone_digests = {tzid: hashlib.sha256(block).digest() for tzid, block in zones.items()}
    base = hashlib.sha256(_CRLF.join(head))
    found = []
    for block in events:
        start = block.find(b"\r\nUID:") + 6
        uid = block[start : block.find(b"\r\n", start)].decode("utf-8", "replace")
        if start < 6 or not uid:
            raise ValueError("an exported VEVENT without a UID")  # export always writes one
        tzids = [tzid for tzid in sorted(_tzids(_unfold(block))) if tzid in zones]
        digest = base.copy()
        for tzid in tzids:
            digest.update(zone_digests[tzid])
        digest.update(_without_stamps(block))
        needed = tuple(zones[tzid] for tzid in tzids)
        found.append(EventObject(uid, digest.hexdigest(), head, needed, block))
    return found


def _lines(lines: list[bytes]) -> tuple[str, ...]:
    """What ``read_previous`` reads of one of export's VEVENTs, without parsing the whole
    calendar again: the lines between BEGIN and END but DTSTAMP and SEQUENCE (export
    writes neither with parameters, nor any subcomponent)."""
    return tuple(
        line.decode("utf-8")
        for line in lines[1:-1]
        if line and not line.startswith(_STAMP_LINES) and line != b"END:VEVENT"
    )


def _without_stamps(block: bytes) -> bytes:
    """``block`` without its DTSTAMP and SEQUENCE lines (each line that starts so, with its
    line break; never the first, BEGIN:VEVENT)."""
    return _STAMP_LINE.sub(b"", block)


_STAMP_LINE = re.compile(rb"\r\n(?:DTSTAMP|SEQUENCE)[^\r\n]*")


def _blocks(data: bytes) -> tuple[list[bytes], dict[str, bytes], list[bytes]]:
    """The calendar's kept header lines, its VTIMEZONEs by TZID, and its VEVENTs (bytes).

    ``data`` is export's own output: calendar properties first, then components
    that start and end on lines of their own, so ``bytes.find`` finds them.
    """
    first = data.find(b"\r\nBEGIN:", 1)
    head = data[: first + 2] if first >= 0 else data
    header = [line for line in _logical_lines(head) if line.startswith(_KEPT_HEADER)]
    zones: dict[str, bytes] = {}
    for block in _cut(data, b"\r\nBEGIN:VTIMEZONE\r\n", b"\r\nEND:VTIMEZONE\r\n"):
        start = block.find(b"\r\nTZID:") + 7
        tzid = block[start : block.find(b"\r\n", start)]
        zones[tzid.decode("utf-8", "replace")] = block
    events = list(_cut(data, b"\r\nBEGIN:VEVENT\r\n", b"\r\nEND:VEVENT\r\n"))
    return header, zones, events


def _cut(data: bytes, begin: bytes, end: bytes) -> Iterator[bytes]:
    """Each component from its BEGIN line to its END line and CRLF."""
    position = 0
    while (start := data.find(begin, position)) >= 0:
        stop = data.find(end, start)
        if stop < 0:
            return
        yield data[start + 2 : stop + len(end)]
        position = stop + len(end) - 2  # the next BEGIN follows this CRLF


def _logical_lines(data: bytes) -> Iterator[bytes]:
    """Lines with their folded continuations (still folded), without the CRLF."""
    current: list[bytes] = []
    for line in data.split(_CRLF):
        if line[:1] in (b" ", b"\t") and current:
            current.append(line)
            continue
        if current:
            yield _CRLF.join(current)
        current = [line] if line else []
    if current:
        yield _CRLF.join(current)


def _unfold(block: bytes) -> bytes:
    return block.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")


def _tzids(unfolded: bytes) -> set[str]:
    return {match[2].decode("utf-8", "replace") for match in _TZID.finditer(unfolded)}


def _plain(text: str) -> str:
    """A TEXT value as people read it, on one line (for messages on the organizer's terminal)."""
    text = re.sub(r"\\[nN]", " ", text)
    return re.sub(r"\\(.)", r"\1", text).strip()[:200]


@dataclass(frozen=True, slots=True)
class ServerObject:
    """An object found in a collection, as far as deciding what to do with it needs.

    Reading one is cheap (a few ``str.find``): a re-publish reads thousands, and
    only those that are to change are read in full (``stamp``).
    """

    href: str
    etag: str | None
    owner: str | None
    """``X-TOURCTL-FEED``: None for an object tourctl did not write."""
    uid: str | None
    """The UID of its one VEVENT; None when it holds none or several."""
    uids: tuple[str, ...]
    event_digest: str | None
    object_digest: str | None
    text: str

    def stamp(self) -> Stamp | None:
        """Its event's SEQUENCE, DTSTAMP and lines, read by ``read_previous``."""
        event = self._event()
        if event is None or self.uid is None:
            return None
        try:
            found = read_previous(f"BEGIN:VCALENDAR\n{event}\nEND:VCALENDAR\n".encode())
        except (NotACalendar, Untrusted):  # a server's copy is not trusted either
            return None
        return found.get(self.uid)

    @property
    def summary(self) -> str:
        return _line_value(self._event() or "", "\nSUMMARY") or self.uid or self.href

    def _event(self) -> str | None:
        """Its first VEVENT, unfolded."""
        raw = "\n" + self.text.replace("\r\n", "\n")
        event = next(_spans(raw, "\nBEGIN:VEVENT", "\nEND:VEVENT", raw.upper()), None)
        return _unfold_text(event) if event is not None else None


def read_object(href: str, etag: str | None, text: str | None) -> ServerObject:
    """What a server's copy says; anything unreadable is simply not tourctl's (never raises).

    Names are found as servers write them, in capitals; only an object where
    that finds no mark or no event is searched again case-insensitively (RFC
    5545 names are), so the common case never copies the text.
    """
    if not text or len(text) > MAX_OBJECT:
        return ServerObject(href, etag, None, None, (), None, None, "")
    raw = "\n" + text.replace("\r\n", "\n")
    found = _read(href, etag, text, raw, raw)
    if found.owner is None or found.uid is None:
        found = _read(href, etag, text, raw, raw.upper())
    return found


def _read(href: str, etag: str | None, text: str, raw: str, names: str) -> ServerObject:
    """``names`` is ``raw`` or its upper-case copy: where names are looked for."""
    events = [_unfold_text(event) for event in _spans(raw, "\nBEGIN:VEVENT", "\nEND:VEVENT", names)]
    uids = tuple(uid for uid in (_line_value(event, "\nUID") for event in events) if uid)
    props = _calendar_properties(raw, names)
    single = uids[0] if len(events) == 1 and len(uids) == 1 else None
    return ServerObject(
        href,
        etag,
        props.get(FEED_PROPERTY) or None,
        single,
        uids,
        _digest_value(props.get(EVENT_PROPERTY)),
        _digest_value(props.get(OBJECT_PROPERTY)),
        text,
    )


def _unfold_text(text: str) -> str:
    """Unfolded, LF line ends, and a leading LF so that every line starts after one."""
    return "\n" + text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "")


def _spans(text: str, begin: str, end: str, upper: str | None = None) -> Iterator[str]:
    """Each ``begin`` … ``end`` span of ``text`` (case-insensitive names, as RFC 5545 has;
    ``upper`` is ``text.upper()`` when the caller has it)."""
    upper = text.upper() if upper is None else upper
    position = 0
    while (start := upper.find(begin, position)) >= 0:
        stop = upper.find(end, start)
        if stop < 0:
            return
        yield text[start + 1 : stop + len(end)]
        position = stop + 1


def _line_value(text: str, name: str) -> str | None:
    """The value of the first line named ``name`` (``"\\nUID"``), parameters skipped."""
    upper = text.upper()
    position = 0
    while (start := upper.find(name, position)) >= 0:
        position = start + 1
        after = text[start + len(name) : start + len(name) + 1]
        if after not in (":", ";"):
            continue  # a longer name (UIDX…)
        stop = text.find("\n", position)
        _, _, value = text[position : stop if stop >= 0 else None].partition(":")
        return _plain(value) or None
    return None


def _calendar_properties(text: str, names: str) -> dict[str, str]:
    """The ``X-TOURCTL-*`` lines of the VCALENDAR itself: outside every component (as many
    BEGIN as END lines before them, the VCALENDAR's own BEGIN aside). ``text`` may be
    folded; ``names`` is ``text`` or its upper-case copy."""
    found: dict[str, str] = {}
    position = 0
    while (start := names.find("\nX-TOURCTL-", position)) >= 0:
        position = start + 1
        if names.count("\nBEGIN:", 0, start) - names.count("\nEND:", 0, start) != 1:
            continue
        line = _logical_line(text, position)
        name, _, value = line.partition(":")
        found.setdefault(name.split(";", 1)[0].upper(), value.strip())
    return found


def _logical_line(text: str, start: int) -> str:
    """The line starting at ``start``, with its folded continuations joined."""
    parts = []
    while True:
        stop = text.find("\n", start)
        if stop < 0:
            parts.append(text[start:])
            break
        parts.append(text[start:stop])
        if text[stop + 1 : stop + 2] not in (" ", "\t"):
            break
        start = stop + 2
    return "".join(parts)


def _digest_value(value: str | None) -> str | None:
    return value if value is not None and _DIGEST.fullmatch(value) else None

"""An event's identity across exports: UID, SEQUENCE and DTSTAMP.

Calendars that import a file match events by ``UID`` and keep the copy with
the higher ``SEQUENCE`` (then the later ``DTSTAMP``). So:

* ``UID`` is a name-based UUID (version 5) of the tour id and the event's key
  under a namespace fixed forever below. The same plan event has the same UID
  in every export and every audience; the UID reveals nothing but itself.
* ``SEQUENCE`` and ``DTSTAMP`` come from the previous export of the same
  calendar (the file being replaced, or ``--previous``). An event whose lines
  are unchanged keeps both, which is what makes a re-export byte-identical.
  An event with *any* change to what the file says about it gets
  ``SEQUENCE + 1`` and a new ``DTSTAMP``. RFC 5545 asks for the bump on
  "significant" changes and allows it on others; importing clients (Google
  Calendar, Outlook) ignore an event whose SEQUENCE did not go up, so a
  corrected description would otherwise never reach them.

The previous file is untrusted input: whatever sits at ``-o`` is read as one,
and a hand-edited or foreign file must neither crash the export nor make every
later export to that path crash. So it is read in a bounded way:

* its first bytes alone say whether it is a calendar at all (``NotACalendar``:
  the export refuses to overwrite it, or ignores it as ``--previous``);
* then it is streamed line by line, at most ``MAX_PREVIOUS_BYTES``, keeping
  for each UID a digest of its event's lines and only the few short lines
  that say what and when (``said``: for cancelled entries and for what
  changed), so memory is bounded by the plan and not by the file: the
  ``wanted`` UIDs (the plan's), and at most ``GONE_LIMIT`` others (items
  since removed from the plan, which get a cancelled entry);
* an identity value tourctl would never have written (a ``DTSTAMP`` that is
  not UTC or outside the supported years, a ``SEQUENCE`` of thousands of
  digits, one UID on two events, a line longer than any export has) makes the
  whole file untrusted (``Untrusted``): the export starts afresh, with a
  warning.

Lines are parsed with icalendar's ``Contentline`` only where a value has
parameters or escapes, and never turned into components: only each VEVENT's
lines, UID, SEQUENCE and DTSTAMP are needed, and a full parse of a
10,000-event file takes seconds.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from icalendar.parser.content_line import Contentline

from tourctl.gcpause import paused_gc
from tourctl.ranges import MAX_SEQUENCE_DIGITS, date_supported

UID_NAMESPACE = uuid.UUID("6f1d3c1e-4b1a-5d0e-9a57-7c6f0e2b9d41")
"""Fixed forever: changing it would change every event's UID and duplicate every event."""

MAX_PREVIOUS_BYTES = 256 * 2**20
"""A previous calendar larger than this is not an export of a plan (plans stop at 64 MB)."""
MAX_LINE_BYTES = 2**20
"""A physical line longer than this is not ours: tourctl folds lines at 75 octets."""
MAX_EVENT_BYTES = 128 * 2**20
"""One event's unfolded lines: more than a plan's largest text could become, escaped."""
_HEAD_BYTES = 4096
GONE_LIMIT = 10_000
"""Events of a previous export that the plan no longer has, kept for their cancelled entries:
more than this many removed at once is not a tour's change (the rest simply disappear)."""

_NAME = re.compile(r"[A-Za-z0-9-]+")
_DTSTAMP = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_IDENTITY = frozenset({"UID", "SEQUENCE", "DTSTAMP"})


@lru_cache(maxsize=1 << 17)
def event_uid(tour_id: str, event_key: str) -> str:
    """The event's UID: stable for the same tour id and event key, unique, opaque."""
    # Both are slugs ([a-z0-9-]+), so "/" cannot make two pairs collide.
    return str(uuid.uuid5(UID_NAMESPACE, f"{tour_id}/{event_key}"))


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the previous export said about one event."""

    sequence: int
    dtstamp: datetime
    content: bytes
    """``content_key`` of the event's unfolded lines, without DTSTAMP and SEQUENCE."""
    said: tuple[str, ...] = ()
    """``said`` of the same lines: what and when, for cancelled entries and change summaries."""


class NotACalendar(ValueError):
    """The file is not an iCalendar file: nothing to carry over, and not to be overwritten."""


class EmptyFile(NotACalendar):
    """Nothing but white space: no previous export, and nothing lost by writing over it."""


class Untrusted(ValueError):
    """An iCalendar file, but not one tourctl wrote as it stands: nothing in it is carried over."""


def content_key(lines: Iterable[str]) -> bytes:
    """The order-independent digest of an event's lines that ``Stamp.content`` holds.

    A digest rather than the lines: a previous export is held in memory only as
    UIDs, numbers and 16 bytes an event, however large the file.
    """
    joined = "\n".join(sorted(lines)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=16).digest()


SAID = frozenset(
    {"UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "CATEGORIES", "ORGANIZER", "STATUS"}
)
"""The properties a Stamp keeps as written: what and when an item is, and where."""
DIGESTED = frozenset({"DESCRIPTION", "URL"})
"""Kept as ``NAME:#<digest>``: long texts, of which only whether they changed is told."""


def said(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines of ``SAID`` as written and those of ``DIGESTED`` as digests, sorted."""
    kept: list[str] = []
    for line in lines:
        match = _NAME.match(line)
        name = match[0].upper() if match else ""
        if name in SAID:
            kept.append(line)
        elif name in DIGESTED:
            digest = hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=12)
            kept.append(f"{name}:#{digest.hexdigest()}")
    return tuple(sorted(kept))


@paused_gc()
def read_previous(
    data: bytes, wanted: Container[str] | None = None, *, gone: int = GONE_LIMIT
) -> dict[str, Stamp]:
    """UID → Stamp for the VEVENTs of a previous export held in memory: all of them, or the
    ``wanted`` UIDs and at most ``gone`` others.

    Raises NotACalendar if it is no calendar, Untrusted if it is not one of ours.
    """
    return _read(io.BytesIO(data), len(data), _Keep(wanted, gone))


def read_previous_file(
    path: Path, wanted: Container[str] | None = None, *, gone: int = GONE_LIMIT
) -> dict[str, Stamp]:
    """``read_previous`` of the file ``path``, streamed; raises OSError if it cannot be read."""
    with path.open("rb") as handle:
        return read_previous_handle(handle, wanted, gone=gone)


@paused_gc()
def read_previous_handle(
    handle: BinaryIO, wanted: Container[str] | None = None, *, gone: int = GONE_LIMIT
) -> dict[str, Stamp]:
    """``read_previous`` of an open, seekable file (standard input spooled to one)."""
    return _read(handle, os.fstat(handle.fileno()).st_size, _Keep(wanted, gone))


class _Keep:
    """Which events of a previous export to hold: the wanted, then a bounded number of others."""

    def __init__(self, wanted: Container[str] | None, others: int) -> None:
        self.wanted, self.others = wanted, others

    def copy(self) -> _Keep:
        """A fresh count of the others, for a second reading of the same file."""
        return _Keep(self.wanted, self.others)

    def __call__(self, uid: str) -> bool:
        if self.wanted is None or uid in self.wanted:
            return True
        if self.others > 0:
            self.others -= 1
            return True
        return False


def _read(handle: BinaryIO, size: int, wanted: _Keep) -> dict[str, Stamp]:
    head = handle.read(_HEAD_BYTES)
    if not head.strip() and size <= len(head):
        raise EmptyFile("it is empty" if not head else "it holds nothing but white space")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotACalendar("it is UTF-16 text")
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start[:15].upper() != b"BEGIN:VCALENDAR" or start[15:16] not in (b"\r", b"\n"):
        raise NotACalendar("it does not start with BEGIN:VCALENDAR")
    if size > MAX_PREVIOUS_BYTES:
        raise Untrusted(f"it is larger than {MAX_PREVIOUS_BYTES // 2**20} MB")
    handle.seek(0)
    try:
        return _stamps_of(_plain_events(handle), wanted.copy())
    except _NotPlain:
        handle.seek(0)
        return _stamps(_logical_lines(handle), wanted)


class _NotPlain(Exception):
    """The file is not laid out as tourctl writes calendars: read it the careful way."""


_BLOCK = 1 << 20
_MAX_BLOCK = 4 << 20
"""Bytes without an event's end after which the fast reader gives way to the careful one."""
_FOLDS = re.compile(rb"\r\n[ \t]")
_EVENT_START = "\r\nBEGIN:VEVENT\r\n"
_END = "\r\nEND:"
_HEADS = re.compile(r"\r\n(?:begin:(?:vevent(?=\r\n))?|end:)", re.IGNORECASE)
"""The lines ``_stamps`` looks at, in any case (``line.upper()``: also ``ı`` for ``I``). The
line break after VEVENT is only looked at, not taken, or the next line's would be missed."""
_PLAIN_HEADS = frozenset({"\r\nBEGIN:", _EVENT_START.removesuffix("\r\n"), _END})


def _plain_events(handle: BinaryIO) -> Iterator[list[str]]:
    """The lines of each VEVENT, as ``_stamps`` collects them from ``_logical_lines``, for a
    calendar laid out as tourctl (and most writers) lay one out: CRLF line ends only, no
    empty lines, no byte-order marks, short physical lines, upper-case BEGIN and END lines,
    no component inside an event.

    A re-publish reads every feed back (600,000 lines for 2,000 events, a third of them
    time zones): this unfolds, decodes and finds the events a block at a time in C rather
    than a line at a time in Python. On anything else in the file it raises ``_NotPlain``
    and the caller starts again with ``_logical_lines`` and ``_stamps``, which also decide
    what is untrusted, so both readings end alike (a property test compares them). A block
    ends just after an ``END:VEVENT`` line that no fold continues, so no event, logical
    line or UTF-8 character is cut in two.
    """
    carry = handle.read(_BLOCK)
    if not carry.startswith(b"BEGIN:VCALENDAR\r\n"):
        raise _NotPlain
    total = len(carry)
    while carry:
        more = handle.read(_BLOCK)
        total += len(more)
        buffer = carry + more if more else carry
        if total > MAX_PREVIOUS_BYTES or len(buffer) > _MAX_BLOCK:
            raise _NotPlain  # no event's end in megabytes: let the careful reader judge it
        cut = _cut(buffer) if more else len(buffer)
        if cut < 0:
            carry = buffer
            continue
        part, carry = buffer[:cut], buffer[cut:]
        yield from _events_in(_plain_text(part))


def _plain_text(part: bytes) -> str:
    """A block of whole lines, unfolded and decoded, with a CRLF in front; ``_NotPlain`` if
    it holds anything ``_plain_events`` leaves to the careful reader."""
    if not part.endswith(b"\r\n") or b"\r\n\r\n" in part:
        raise _NotPlain  # the last line has no end, or an empty line
    breaks = part.count(b"\r\n")
    if part.count(b"\r") != breaks or part.count(b"\n") != breaks:
        raise _NotPlain  # a bare CR or LF
    if len(part) > MAX_LINE_BYTES - 2 and max(map(len, part.split(b"\r\n"))) >= MAX_LINE_BYTES - 2:
        raise _NotPlain  # a physical line near the limit
    try:
        text = "\r\n" + _FOLDS.sub(b"", part).decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    if "\r\n\ufeff" in text:
        raise _NotPlain  # ``_decoded`` drops a byte-order mark at the start of a line
    if not _PLAIN_HEADS.issuperset(_HEADS.findall(text)):
        raise _NotPlain  # a BEGIN or END line that is not upper-case
    return text


def _events_in(text: str) -> Iterator[list[str]]:
    at = text.find(_EVENT_START)
    while at >= 0:
        body = at + len(_EVENT_START) - 2
        end = text.find(_END, body)
        if end < 0:
            return  # an event the file never ends: ``_stamps`` drops it too
        if text.find("\r\nBEGIN:", body, end) >= 0:
            raise _NotPlain  # a component inside the event
        yield text[body + 2 : end].split("\r\n") if end > body else []
        at = text.find(_EVENT_START, end + 2)


def _cut(buffer: bytes) -> int:
    """Where a block may end: just after an END:VEVENT line that the next line does not
    continue; -1 if there is no such place yet."""
    end = len(buffer)
    while True:
        at = buffer.rfind(b"\r\nEND:VEVENT\r\n", 0, end)
        if at < 0:
            return -1
        after = at + len(b"\r\nEND:VEVENT\r\n")
        follows = buffer[after : after + 1]
        if follows and follows not in (b" ", b"\t"):
            return after
        end = at + 2


def _stamps_of(events: Iterator[list[str]], wanted: _Keep) -> dict[str, Stamp]:
    stamps: dict[str, Stamp] = {}
    seen: set[str] = set()
    for lines in events:
        _add(stamps, seen, lines, wanted)
    return stamps


def _logical_lines(handle: BinaryIO) -> Iterator[str]:
    """RFC 5545 §3.1 unfolding, streamed: a line that starts with a space or tab continues the
    one before. Physical lines, logical lines and the whole are bounded."""
    pending: list[bytes] = []
    pending_size = total = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        total += len(raw)
        if len(raw) > MAX_LINE_BYTES or total > MAX_PREVIOUS_BYTES:
            raise Untrusted("it has lines longer than any calendar tourctl writes")
        if not raw:
            break
        line = raw.rstrip(b"\n").removesuffix(b"\r")
        if line[:1] in (b" ", b"\t") and pending:
            pending.append(line[1:])
            pending_size += len(line)
            if pending_size > MAX_EVENT_BYTES:
                raise Untrusted("it has a line longer than any calendar tourctl writes")
            continue
        if pending:
            yield _decoded(pending)
        pending, pending_size = ([line], len(line)) if line else ([], 0)
    if pending:
        yield _decoded(pending)


def _decoded(parts: list[bytes]) -> str:
    try:
        return b"".join(parts).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise Untrusted("it is not UTF-8 text") from None


def _stamps(lines: Iterator[str], wanted: _Keep) -> dict[str, Stamp]:
    stamps: dict[str, Stamp] = {}
    seen: set[str] = set()
    event: list[str] | None = None
    depth = size = 0
    for line in lines:
        if event is None:
            if line.upper() == "BEGIN:VEVENT":
                event, depth, size = [], 0, 0
            continue
        head = line[:6].upper()
        if head == "BEGIN:":
            depth += 1
        elif head[:4] == "END:":
            if depth == 0:
                _add(stamps, seen, event, wanted)
                event = None
                continue
            depth -= 1
        event.append(line)
        size += len(line)
        if size > MAX_EVENT_BYTES:
            raise Untrusted("it has an event larger than any calendar tourctl writes")
    return stamps


def _add(stamps: dict[str, Stamp], seen: set[str], lines: list[str], wanted: _Keep) -> None:
    read = _event(tuple(lines))
    if read is None:
        return  # not an event of ours (RFC 5545 wants both UID and DTSTAMP): nothing to carry
    uid, stamp = read
    if uid in seen:
        raise Untrusted(f"two of its events have the UID {_short(uid)}")
    seen.add(uid)
    if wanted(uid):
        stamps[uid] = stamp


@lru_cache(maxsize=4096)
def _event(lines: tuple[str, ...]) -> tuple[str, Stamp] | None:
    """The UID and Stamp of one VEVENT's lines. Memoized: a publish reads the same event
    back from several feeds (public, partners, a venue's; team, each person's)."""
    uid: str | None = None
    sequence = 0
    dtstamp: datetime | None = None
    content: list[str] = []
    for line in lines:
        match = _NAME.match(line)
        name = match[0].upper() if match else ""
        if name not in _IDENTITY:
            content.append(line)
            continue
        value = _value(line, len(name))
        if name == "UID":
            content.append(line)
            uid = value
        elif name == "SEQUENCE":
            sequence = _sequence(value)
        else:
            dtstamp = _utc(value)
    if uid is None or dtstamp is None:
        return None
    return uid, Stamp(sequence, dtstamp, content_key(content), said(content))


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else f"{text[:50]}…")


def _value(line: str, name_length: int) -> str:
    rest = line[name_length:]
    if rest.startswith(":") and "\\" not in rest:
        return rest[1:]  # no parameters and nothing escaped: the value as written
    try:
        parts = Contentline(line).parts()  # type: ignore[no-untyped-call]  # icalendar is untyped
    except ValueError:
        raise Untrusted(f"its line {_short(line)} cannot be read") from None
    return str(parts[2])


def _sequence(value: str) -> int:
    """SEQUENCE as tourctl writes it: a plain count, far below the 32-bit limit of RFC 5545."""
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_SEQUENCE_DIGITS):
        raise Untrusted(f"its SEQUENCE {_short(value)} is not a count tourctl writes")
    return int(value)


def _utc(value: str) -> datetime:
    """DTSTAMP as tourctl writes it: UTC, to the second, within the supported years."""
    match = _DTSTAMP.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        year, month, day, hour, minute, second = map(int, match.groups())
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        raise Untrusted(f"its DTSTAMP {_short(value)} is not a UTC time tourctl writes") from None
    if not date_supported(moment):
        raise Untrusted(f"its DTSTAMP {_short(value)} is outside the years tourctl supports")
    return moment


def assign(
    uid: str, content: bytes, previous: Mapping[str, Stamp], now: datetime
) -> tuple[int, datetime]:
    """SEQUENCE and DTSTAMP for an event with these lines, given the previous export.

    A changed event's DTSTAMP is ``now``, but always later than its previous
    one, so importers see it move even if the clock (or ``TOURCTL_NOW``) did not.
    """
    old = previous.get(uid)
    if old is None:
        return 0, now
    if old.content == content:
        return old.sequence, old.dtstamp
    return old.sequence + 1, max(now, old.dtstamp + timedelta(seconds=1))

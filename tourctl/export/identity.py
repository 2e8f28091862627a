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

The previous file is read with icalendar's unfolding and content-line parser,
but not turned into components: only each VEVENT's lines, UID, SEQUENCE and
DTSTAMP are needed, and a full parse of a 10,000-event file takes seconds.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from icalendar.parser.content_line import Contentline
from icalendar.prop import vDatetime

from tourctl.gcpause import paused_gc

UID_NAMESPACE = uuid.UUID("6f1d3c1e-4b1a-5d0e-9a57-7c6f0e2b9d41")
"""Fixed forever: changing it would change every event's UID and duplicate every event."""

_NAME = re.compile(r"[A-Za-z0-9-]+")


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
    content: tuple[str, ...]
    """The event's unfolded lines, sorted, without DTSTAMP and SEQUENCE."""


class NotACalendar(ValueError):
    """The previous file is not an iCalendar file (so there is nothing to carry over)."""


def content_key(lines: Iterable[str]) -> tuple[str, ...]:
    """The order-independent form of an event's lines that ``Stamp.content`` holds."""
    return tuple(sorted(lines))


@paused_gc()
def read_previous(data: bytes) -> dict[str, Stamp]:
    """UID → Stamp for every VEVENT in a previous export; raises NotACalendar if it isn't one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotACalendar("it is not UTF-8 text") from None
    lines = [line for line in _unfold(text).split("\n") if line]
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise NotACalendar("it does not start with BEGIN:VCALENDAR")
    stamps: dict[str, Stamp] = {}
    event: list[str] | None = None
    depth = 0
    for line in lines:
        if event is None:
            if line.upper() == "BEGIN:VEVENT":
                event, depth = [], 0
            continue
        head = line[:6].upper()
        if head == "BEGIN:":
            depth += 1
        elif head[:4] == "END:":
            if depth == 0:
                _add(stamps, event)
                event = None
                continue
            depth -= 1
        event.append(line)
    return stamps


def _unfold(text: str) -> str:
    """RFC 5545 §3.1 unfolding (a line break followed by one space or tab goes), LF line ends.

    Plain string replacement: on a 10,000-event file it is ten times faster
    than icalendar's unfolding regular expression, which also accepts oddities
    (blank lines inside a fold) that no export of ours contains.
    """
    text = text.replace("\r\n", "\n")
    return text.replace("\n ", "").replace("\n\t", "")


def _add(stamps: dict[str, Stamp], lines: list[str]) -> None:
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
        if value is None:
            return  # a line we cannot read: treat the event as unknown (it will be new)
        if name == "UID":
            content.append(line)
            uid = value
        elif name == "SEQUENCE":
            if not value.isascii() or not value.strip().isdigit():
                return
            sequence = int(value)
        else:
            dtstamp = _utc(value)
    if uid is not None and dtstamp is not None:
        stamps[uid] = Stamp(sequence, dtstamp, content_key(content))


_IDENTITY = frozenset({"UID", "SEQUENCE", "DTSTAMP"})


def _value(line: str, name_length: int) -> str | None:
    rest = line[name_length:]
    if rest.startswith(":") and "\\" not in rest:
        return rest[1:]  # no parameters and nothing escaped: the value as written
    try:
        parts = Contentline(line).parts()  # type: ignore[no-untyped-call]  # icalendar is untyped
    except ValueError:
        return None
    return str(parts[2])


def _utc(value: str) -> datetime | None:
    try:
        parsed = vDatetime.from_ical(value)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        return None  # a floating DTSTAMP is not one we wrote
    return parsed.astimezone(UTC)


def assign(
    uid: str, content: tuple[str, ...], previous: Mapping[str, Stamp], now: datetime
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

"""A ``PlanView`` (one audience's view) → the bytes of an RFC 5545 calendar.

Property values go through icalendar's property types (``vDatetime``,
``vCalAddress``, ``vDuration``…) and its ``Contentline``, which quote
parameters; folding is icalendar's too. TEXT values (titles, places,
descriptions) and URIs are the exception: ``values.text`` and
``values.ascii_uri``/``values.mailto`` write those, because icalendar's TEXT
escaping turns a written backslash-N into a line break and drops a leading
U+FEFF (see ``values``). Nothing here pastes plan text into a line unescaped,
so no title or description can start a property or a component of its own.

Times are written so that every reader finds the instants tourctl means: as
local times with their TZID, except for an event whose start or end wall time
happens twice (the autumn fold) or never (the spring gap), where RFC 5545
readers disagree (vobject, dateutil and Radicale take the first of two,
ical.js and libical the later). Such an event is written in UTC, both DTSTART
and DTEND: Radicale computes an end as start + (end - start) on the start's
wall clock, so a TZID start with a UTC end across the change is an hour off
there, and ical.js adds a DURATION to the wall clock too (``01:30`` plus
``PT2H`` across the fold ends an hour late in Thunderbird).

Events are turned into content lines directly rather than into ``Event``
components: the lines are what ``identity`` compares with the previous export,
and skipping the component layer makes a 10,000-event export three times
faster (about a second). Values that repeat across events (a venue's LOCATION, the ORGANIZER)
are formatted once per calendar. Each TZID's VTIMEZONE is the same bytes in
every file (``vtimezone``), built once per process.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar.parser.content_line import Contentline
from icalendar.prop import vCalAddress, vDatetime, vDuration, vGeo, vInt, vUri

from tourctl import __version__
from tourctl.enums import Status, Visibility
from tourctl.export import values
from tourctl.export.identity import Stamp, assign, content_key, event_uid, said
from tourctl.export.marker import PROPERTY as AUDIENCE_PROPERTY
from tourctl.export.travel import Prop, travel_items
from tourctl.export.vtimezone import vtimezone_ical
from tourctl.gcpause import paused_gc
from tourctl.places import tzdata
from tourctl.timing import happens_once
from tourctl.view import ContactView, EventView, PersonView, PlanView, TourView, VenueView

PRODID = f"-//tourctl//tourctl {__version__}//EN"
REFRESH = timedelta(hours=12)
"""How often subscribers should fetch the calendar again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""

_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.TENTATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
_UNSAFE_IN_PARAMETER = '"^\\'
_FOLD_LIMIT = 74
"""icalendar folds a line once it would reach 75 octets; shorter ones it leaves alone."""


def calendar_name(
    view: PlanView, venue: VenueView | None = None, person: PersonView | None = None
) -> str:
    """X-WR-CALNAME: the tour's title, then the venue (split files), then the audience.

    The public calendar carries the plain title, since that is what the world
    subscribes to; the others say whose they are, so a partner who subscribes
    to both can tell them apart.
    """
    name = view.tour.title
    if venue is not None:
        name += f" — {venue.name}"
    if person is not None:
        name += f" — {person.name}"
    if view.audience is not Visibility.PUBLIC:
        name += f" ({view.audience.value})"
    return name


@paused_gc()
def render(
    view: PlanView,
    *,
    previous: Mapping[str, Stamp],
    now: datetime,
    venue: VenueView | None = None,
    person: PersonView | None = None,
    retired: Mapping[str, list[str]] | None = None,
    stamps: dict[str, Stamp] | None = None,
) -> bytes:
    """The calendar file for ``view``; SEQUENCE and DTSTAMP carried over from ``previous``.

    ``retired``: UID → the lines of a cancelled entry for an item gone from the plan
    (``export.retired``), written after the view's items. ``stamps``, if given, is filled
    with what the file says of each item (as ``identity.read_previous`` would read it back),
    so callers need not parse the file they just made.
    """
    writer = _Writer(stamps)
    # One growing buffer rather than a list of a million lines joined at the end: the list
    # and the joined copy would both be alive at the peak (50,000 events: 35 MB of calendar).
    # BytesIO.getvalue() hands over its buffer without a copy.
    out = io.BytesIO()
    for line in _header(view, writer, calendar_name(view, venue, person)):
        out.write(writer.fold(line))
    stubs = {uid: lines for uid, lines in (retired or {}).items() if _stub_zones(lines) is not None}
    zones = zones_used(view).union(*(_stub_zones(lines) or set() for lines in stubs.values()))
    for zone in sorted(zones):
        out.write(vtimezone_ical(zone))
    now = now.astimezone(UTC).replace(microsecond=0)
    for event in view.events:
        out.write(_event(view, event, writer, previous, now))
    for key, props in travel_items(view):
        lines = _prop_lines(props, writer, view.tour)
        for line in component(view, key, lines, writer, previous, now):
            out.write(writer.fold(line))
    for uid, lines in sorted(stubs.items()):
        for line in _stub(uid, lines, writer, previous, now):
            out.write(writer.fold(line))
    out.write(writer.fold(writer.text("END", "VCALENDAR")))
    return out.getvalue()


def zones_used(view: PlanView) -> set[str]:
    """Each TZID the calendar's DTSTART and DTEND lines name (events written in UTC name none).

    A leg names two: DTSTART in its departure zone, DTEND in its arrival zone.
    """
    zones = {
        event.zone
        for event in view.events
        if event.zone is not None and event.start is not None and _local_times(event)
    }
    for leg in view.legs:
        for moment, zone in ((leg.depart, leg.origin.zone), (leg.arrive, leg.destination.zone)):
            if moment is not None and zone is not None and _local_moment(moment, zone):
                zones.add(zone)
    return zones


def _local_moment(moment: datetime, zone: str) -> bool:
    """Whether a leg's time is written as a wall time with its zone's TZID (else in UTC)."""
    return not _is_utc(zone) and happens_once(moment)


def _is_utc(zone: str) -> bool:
    # icalendar drops TZID=UTC (RFC 5545: UTC times take a "Z" instead), so such
    # events are written in UTC rather than with a TZID that would vanish.
    return zone == "UTC"


def _local_times(event: EventView) -> bool:
    """Whether a timed event is written in local time with its TZID (else all in UTC).

    Only wall times that happen exactly once say one instant to every reader;
    an event with a start or end in a fold or a gap is written in UTC, both
    ends of it (see the module docstring for why not only one).
    """
    if event.zone is None or _is_utc(event.zone) or event.start is None:
        return False
    return happens_once(event.start) and happens_once(event.end or event.start)


_LINES: dict[tuple[str, object], str] = {}
_FOLDED: dict[str, bytes] = {}
_CACHE_LIMIT = 32_768
"""Lines (and folds) remembered across the calendars of a run, at most this many of each.

A publish writes the same event into several feeds, and what repeats (venues, the
organizer, statuses) repeats within any few thousand events; past the limit the memory
is cleared rather than grown, or the descriptions and times of 50,000 events would stay
in memory twice over."""


class _Writer:
    """Content lines through icalendar, memoized for values that repeat across events.

    A tour repeats a lot: the same venue line, organizer, status, DTSTAMP, and a
    publish the same event in several feeds. Each distinct value is formatted (and
    each long line folded) once per run: every key names all that its line depends on.
    """

    def __init__(self, stamps: dict[str, Stamp] | None = None) -> None:
        self.stamps = stamps if stamps is not None else {}
        self._lines = _LINES
        self._folded = _FOLDED
        self.organizer: list[str] | None = None
        """The ORGANIZER line(s) every item of this calendar carries, once known."""

    @staticmethod
    def line(name: str, value: Any) -> str:
        """One unfolded content line of an icalendar value: icalendar quotes the parameters."""
        return str(Contentline.from_parts(name, value.params, value, sorted=False))

    def cached(self, name: str, key: object, make: Callable[[], Any]) -> str:
        """The line for a value that is the same wherever ``key`` is (venue, organizer…)."""
        found = self._lines.get((name, key))
        if found is None:
            if len(self._lines) >= _CACHE_LIMIT:  # bounded: most keys of a big plan are unique
                self._lines.clear()
            found = self._lines[(name, key)] = self.line(name, make())
        return found

    def day(self, name: str, value: date) -> str:
        """A DATE property (``VALUE=DATE``), as icalendar's ``vDate`` writes it (tested)."""
        return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"

    def moment(self, name: str, moment: datetime, tzid: str | None) -> str:
        """A DATE-TIME: the wall time with ``TZID=tzid``, or the instant in UTC (``tzid``
        None), as icalendar's ``vDatetime`` and ``Contentline`` write it (tested).

        Formatted here rather than through icalendar: a plan with legs has tens of
        thousands of distinct times, and icalendar's path costs 60 µs a line. A TZID
        that needs quoting (none of tzdata's do) still goes through icalendar.
        """
        if tzid is None:
            return f"{name}:{_wall(moment.astimezone(UTC))}Z"
        if _PLAIN_TZID.fullmatch(tzid):
            return f"{name};TZID={tzid}:{_wall(moment)}"
        return self.line(name, _date_time(moment, tzid))

    def text(self, name: str, value: str) -> str:
        """A TEXT property: every TEXT value of the calendar is escaped here (``values.text``)."""
        found = self._lines.get((name, value))
        if found is None:
            if len(self._lines) >= _CACHE_LIMIT:
                self._lines.clear()
            found = self._lines[(name, value)] = f"{name}:{values.text(value)}"
        return found

    def fold(self, line: str) -> bytes:
        """The line folded by icalendar, plus CRLF; lines that need no fold skip the work."""
        encoded = line.encode("utf-8")
        if len(encoded) <= _FOLD_LIMIT:
            return encoded + b"\r\n"
        found = self._folded.get(line)
        if found is None:
            if len(self._folded) >= _CACHE_LIMIT:
                self._folded.clear()
            found = self._folded[line] = _icalendar_fold(line) + b"\r\n"
        return found


def _icalendar_fold(line: str) -> bytes:
    """icalendar's folding (``_foldline``), done on bytes: the same output, many times faster.

    icalendar walks a line one character at a time, encoding each (measured: 5 s of a
    2,000-event publish). The rule is the same: each segment is at most 74 octets,
    never splits a UTF-8 sequence, and a backslash or caret that would end a segment
    starts the next one instead (so no TEXT or RFC 6868 escape is split;
    icalendar issue #1501). A test compares the two on arbitrary lines.
    """
    data = line.encode("utf-8")
    segments: list[bytes] = []
    start = 0
    while len(data) - start > _SEGMENT:
        end = start + _SEGMENT
        while data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence: break before it
            end -= 1
        if end - start > 1 and data[end - 1] in _ESCAPES and _chars(data[start:end]) > 1:
            end -= 1
        segments.append(data[start:end])
        start = end
    segments.append(data[start:])
    return b"\r\n ".join(segments)


_SEGMENT = 74
_ESCAPES = frozenset(b"\\^")


def _chars(segment: bytes) -> int:
    return sum(1 for byte in segment if byte & 0xC0 != 0x80)


def _header(view: PlanView, w: _Writer, name: str) -> Iterator[str]:
    yield w.text("BEGIN", "VCALENDAR")
    yield w.text("VERSION", "2.0")
    yield w.text("PRODID", PRODID)
    yield w.text("CALSCALE", "GREGORIAN")
    yield w.text("METHOD", "PUBLISH")
    yield w.text("NAME", name)  # RFC 7986; X-WR-CALNAME for the clients that predate it
    yield w.text("X-WR-CALNAME", name)
    yield w.text(AUDIENCE_PROPERTY, view.audience.value)  # what export checks before replacing
    description = (view.tour.description or "").strip()
    if description:
        yield w.text("DESCRIPTION", description)
        yield w.text("X-WR-CALDESC", description)
    refresh = vDuration(REFRESH)
    refresh.params["VALUE"] = "DURATION"  # RFC 7986 requires it on REFRESH-INTERVAL
    yield w.line("REFRESH-INTERVAL", refresh)
    yield w.line("X-PUBLISHED-TTL", vDuration(REFRESH))


def _event(
    view: PlanView,
    event: EventView,
    w: _Writer,
    previous: Mapping[str, Stamp],
    now: datetime,
) -> bytes:
    """The event's VEVENT, folded: its lines are made and folded once per run (``_Body``)."""
    tour = view.tour
    found = _BODIES.get((id(tour), id(event)))
    if found is None or found.tour is not tour or found.event is not event:
        uid = event_uid(tour.id, event.key)
        body = [w.text("UID", uid), *_times(event, w), *_what(tour, event, w)]
        if len(_BODIES) >= _CACHE_LIMIT:
            _BODIES.clear()
        found = _BODIES[(id(tour), id(event))] = _Body(
            tour,
            event,
            uid,
            content_key(body),
            said(body),
            w.fold(w.text("BEGIN", "VEVENT")) + w.fold(body[0]),
            b"".join(w.fold(line) for line in [*body[1:], w.text("END", "VEVENT")]),
        )
    dtstamp, sequence = _identity(found.uid, found.content, found.said, w, previous, now)
    return b"".join((found.head, w.fold(dtstamp), w.fold(sequence), found.tail))


@dataclass(frozen=True)
class _Body:
    """An event's VEVENT but DTSTAMP and SEQUENCE, folded, with its content key and what it
    says (in ``_placed``'s order: BEGIN and UID, then DTSTAMP and SEQUENCE, then the rest).

    A publish writes each event into several feeds from the same view objects (the
    partners feed and its venue's; the team feed and each of its people's), and the
    lines depend on the tour and the event alone: they are made once per run. The
    objects are kept beside their lines, so an id is never taken for another's.
    """

    tour: TourView
    event: EventView
    uid: str
    content: bytes
    said: tuple[str, ...]
    head: bytes
    """``BEGIN:VEVENT`` and the UID line."""
    tail: bytes
    """The lines after SEQUENCE, and ``END:VEVENT``."""


_BODIES: dict[tuple[int, int], _Body] = {}


def component(
    view: PlanView,
    key: str,
    lines: list[str],
    w: _Writer,
    previous: Mapping[str, Stamp],
    now: datetime,
) -> list[str]:
    """One VEVENT: UID from the item's key, SEQUENCE/DTSTAMP from the previous export."""
    uid = event_uid(view.tour.id, key)
    body = [w.text("UID", uid), *lines]
    return _placed(uid, body, content_key(body), said(body), w, previous, now)


def _placed(
    uid: str,
    body: list[str],
    content: bytes,
    what: tuple[str, ...],
    w: _Writer,
    previous: Mapping[str, Stamp],
    now: datetime,
) -> list[str]:
    """The VEVENT of ``body`` with SEQUENCE and DTSTAMP carried over from ``previous``."""
    return [
        w.text("BEGIN", "VEVENT"),
        body[0],
        *_identity(uid, content, what, w, previous, now),
        *body[1:],
        w.text("END", "VEVENT"),
    ]


def _identity(
    uid: str,
    content: bytes,
    what: tuple[str, ...],
    w: _Writer,
    previous: Mapping[str, Stamp],
    now: datetime,
) -> tuple[str, str]:
    """The DTSTAMP and SEQUENCE lines of an item with these contents (``identity.assign``),
    and what the file says of it recorded in ``w.stamps``."""
    sequence, dtstamp = assign(uid, content, previous, now)
    w.stamps[uid] = Stamp(sequence, dtstamp, content, what)
    return (
        w.cached("DTSTAMP", dtstamp, lambda: vDatetime(dtstamp)),
        w.cached("SEQUENCE", sequence, lambda: vInt(sequence)),
    )


_TZID = re.compile(r";TZID=([^;:]+)", re.I)


def _stub_zones(lines: list[str]) -> set[str] | None:
    """The zones a cancelled entry's times name; None if one is not a zone tourctl knows."""
    zones = {m[1].strip('"') for line in lines for m in [_TZID.search(line.split(":", 1)[0])] if m}
    return zones if all(tzdata.is_zone(zone) for zone in zones) else None


def _stub(
    uid: str, lines: list[str], w: _Writer, previous: Mapping[str, Stamp], now: datetime
) -> list[str]:
    """A cancelled entry for an item gone from the plan, from its earlier lines."""
    body = [line for line in lines if not line.upper().startswith("UID")]
    uid_line = next(line for line in lines if line.upper().startswith("UID"))
    ordered = [uid_line, *body]  # UID first, as ``_placed`` writes it
    return _placed(uid, ordered, content_key(ordered), said(ordered), w, previous, now)


def _times(event: EventView, w: _Writer) -> list[str]:
    if event.all_day:  # DTEND exclusive: the day after
        return [w.day("DTSTART", event.day), w.day("DTEND", event.day + timedelta(days=1))]
    if event.start is None or event.zone is None:
        # Only a plan with errors (missing-start, no zone) gets here; export refuses those.
        raise ValueError(f"event {event.key!r} has no start time or no time zone")
    start, end, zone = event.start, event.end or event.start, event.zone
    tzid = zone if _local_times(event) else None
    return [w.moment("DTSTART", start, tzid), w.moment("DTEND", end, tzid)]


def _organizer_line(tour: TourView, w: _Writer) -> list[str]:
    """ORGANIZER, which RFC 5546 asks of every VEVENT a calendar publishes (none without an
    organizer's email: the property's value is an address). The same line for every item."""
    if w.organizer is None:
        uri = values.mailto(tour.organizer_email) if tour.organizer_email else None
        if uri is None:
            w.organizer = []
        else:
            key = (uri, tour.organizer_name)
            w.organizer = [w.cached("ORGANIZER", key, lambda: _organizer(tour.organizer_name, uri))]
    return w.organizer


def _prop_lines(props: list[Prop], w: _Writer, tour: TourView) -> list[str]:
    """Lines for the properties ``travel`` decided, written like every event's (and the
    ORGANIZER every event has)."""
    lines = list(_organizer_line(tour, w))
    for prop in props:
        if prop.local is not None:
            moment, zone = prop.local
            lines.append(w.moment(prop.name, moment, zone if _local_moment(moment, zone) else None))
        elif prop.day is not None:
            lines.append(w.day(prop.name, prop.day))
        else:
            lines.append(w.text(prop.name, prop.text or ""))
    return lines


_PLAIN_TZID = re.compile(r"[A-Za-z0-9/_+-]+")
"""A parameter value icalendar writes unquoted (every tzdata zone name is one)."""


def _wall(moment: datetime) -> str:
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def _date_time(moment: datetime, tzid: str | None) -> vDatetime:
    """``moment`` as a local time with TZID ``tzid``, or in UTC when ``tzid`` is None."""
    if tzid is None:
        return vDatetime(moment.astimezone(UTC))
    # The wall time with an explicit TZID: no tz library is consulted per event,
    # and the VTIMEZONE written for the zone says what it means.
    value = vDatetime(moment.replace(tzinfo=None))
    value.params["TZID"] = tzid
    return value


def _what(tour: TourView, event: EventView, w: _Writer) -> Iterator[str]:
    venue = event.venue
    yield w.text("SUMMARY", event.title)
    yield w.text("LOCATION", location(venue))
    coordinates = venue.coordinates
    if coordinates is not None:
        yield w.cached("GEO", coordinates, lambda: _Geo(coordinates))
    text = description(event)
    if text:  # an empty DESCRIPTION is "no value" to libical (X-LIC-ERROR) and Evolution
        yield w.text("DESCRIPTION", text)
    url = values.ascii_uri(event.registration) if event.registration else None
    if url is not None:
        yield w.cached("URL", url, lambda: vUri(url))
    yield from _organizer_line(tour, w)
    kind = event.format
    if kind:
        yield w.text("CATEGORIES", kind)  # one category: a TEXT value
    yield w.text("STATUS", _STATUS[event.status])
    yield w.text("TRANSP", "TRANSPARENT" if event.all_day else "OPAQUE")
    # PRIVATE asks shared calendars (Outlook, Google) to hide a non-public event's details.
    yield w.text("CLASS", "PUBLIC" if event.visibility is Visibility.PUBLIC else "PRIVATE")


def _organizer(name: str, uri: str) -> vCalAddress:
    address = vCalAddress(uri)
    # A '"' or '^' in a parameter needs RFC 6868's ^-escapes, which vobject (and
    # likely Outlook) show literally, and ical.js reads "\n" in one as a line
    # break: the address alone is better than a garbled name.
    if not any(c in name for c in _UNSAFE_IN_PARAMETER):
        address.params["CN"] = name
    return address


class _Geo(vGeo):
    """GEO in plain decimals: vGeo writes floats with ``repr``, so 1e-05 for 0.00001.

    RFC 5545 FLOAT has no exponent, and six decimals are a metre (§3.8.1.6).
    """

    def to_ical(self) -> str:
        return f"{_decimal(self.latitude)};{_decimal(self.longitude)}"


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def location(venue: VenueView) -> str:
    """LOCATION: venue, address (if this audience may see it), city, country."""
    parts = [venue.name, venue.address, venue.city, country_name(venue.country)]
    return ", ".join(part for part in parts if part)


def description(event: EventView) -> str:
    """DESCRIPTION: the event's text, then its details, contacts, and (team only) notes."""
    sections: list[str] = []
    if event.description and event.description.strip():
        sections.append(event.description.strip())
    details = [
        ("Format", event.format),
        ("Languages", ", ".join(event.languages)),
        ("Speakers", ", ".join(person.name for person in event.speakers)),
        ("Doors open", event.doors.strftime("%H:%M") if event.doors else None),
        ("Registration", event.registration),
        ("Accessibility", event.venue.accessibility.strip() if event.venue.accessibility else None),
    ]
    lines = [f"{label}: {value}" for label, value in details if value]
    if lines:
        sections.append("\n".join(lines))
    if event.venue.contacts:
        sections.append("\n".join(["Contacts:", *map(_contact, event.venue.contacts)]))
    if event.notes and event.notes.strip():
        sections.append(f"Team notes:\n{event.notes.strip()}")
    return "\n\n".join(sections)


def _contact(contact: ContactView) -> str:
    who = f"{contact.name} ({contact.role})" if contact.role else contact.name
    ways = [way for way in (contact.email, contact.phone, contact.website) if way]
    return f"- {who}: {', '.join(ways)}" if ways else f"- {who}"


def country_name(code: str) -> str:
    """The country's English name (from tzdata's iso3166.tab), else its code."""
    return tzdata.country_names().get(code, code)

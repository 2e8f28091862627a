"""A ``PlanView`` (one audience's view) → the bytes of an RFC 5545 calendar.

Every property value goes through icalendar's property types (``vText``,
``vDatetime``, ``vCalAddress``…) and its ``Contentline``, which escape text and
quote parameters; folding is icalendar's too. Nothing here pastes plan text
into a line by hand, so no title or description can start a property or a
component of its own.

Events are turned into content lines directly rather than into ``Event``
components: the lines are what ``identity`` compares with the previous export,
and skipping the component layer makes a 10,000-event export three times
faster (about a second). Values that repeat across events (a venue's LOCATION, the ORGANIZER)
are formatted once per calendar. Each zone's VTIMEZONE is built once, by
``vtimezone``, spanning the events that use it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar.parser.content_line import Contentline
from icalendar.prop import (
    vCalAddress,
    vCategory,
    vDate,
    vDatetime,
    vDuration,
    vGeo,
    vInt,
    vText,
    vUri,
)

from tourctl import __version__
from tourctl.enums import Status, Visibility
from tourctl.export.identity import Stamp, assign, content_key, event_uid
from tourctl.export.vtimezone import vtimezone
from tourctl.places import tzdata
from tourctl.view import ContactView, EventView, PlanView, TourView, VenueView

PRODID = f"-//tourctl//tourctl {__version__}//EN"
REFRESH = timedelta(hours=12)
"""How often subscribers should fetch the calendar again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""

_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.TENTATIVE: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
# URIs are not escaped in iCalendar (RFC 5545 §3.3.13), so only plain ones are
# written as URL/ORGANIZER; anything else still appears, escaped, in DESCRIPTION.
_SAFE_URI = re.compile(r"[^\s\x00-\x1f\x7f\"<>\\^`{|}]+")
_SAFE_EMAIL = re.compile(r"[^\s\x00-\x1f\x7f\"<>\\:;,@]+@[^\s\x00-\x1f\x7f\"<>\\:;,@]+")
_UNSAFE_IN_PARAMETER = '"^\\'
_FOLD_LIMIT = 74
_CACHE_LIMIT = 4096
"""Lines (and folds) a calendar keeps for reuse: what repeats (venues, the organizer,
statuses) repeats within any few thousand events; descriptions and times of 50,000
events would otherwise stay in memory twice over."""
"""icalendar folds a line once it would reach 75 octets; shorter ones it leaves alone."""


def calendar_name(view: PlanView, venue: VenueView | None = None) -> str:
    """X-WR-CALNAME: the tour's title, then the venue (split files), then the audience.

    The public calendar carries the plain title, since that is what the world
    subscribes to; the others say whose they are, so a partner who subscribes
    to both can tell them apart.
    """
    name = view.tour.title
    if venue is not None:
        name += f" — {venue.name}"
    if view.audience is not Visibility.PUBLIC:
        name += f" ({view.audience.value})"
    return name


def render(
    view: PlanView,
    *,
    previous: Mapping[str, Stamp],
    now: datetime,
    venue: VenueView | None = None,
) -> bytes:
    """The calendar file for ``view``; SEQUENCE and DTSTAMP carried over from ``previous``."""
    writer = _Writer()
    # One growing buffer rather than a list of a million lines joined at the end: the list
    # and the joined copy would both be alive at the peak (50,000 events: 35 MB of calendar).
    # BytesIO.getvalue() hands over its buffer without a copy.
    out = io.BytesIO()
    for line in _header(view, writer, venue):
        out.write(writer.fold(line))
    for zone, (first, last) in sorted(zone_spans(view).items()):
        out.write(vtimezone(zone, first, last).to_ical())
    now = now.astimezone(UTC).replace(microsecond=0)
    for event in view.events:
        for line in _event(view, event, writer, previous, now):
            out.write(writer.fold(line))
    out.write(writer.fold(writer.text("END", "VCALENDAR")))
    return out.getvalue()


def zone_spans(view: PlanView) -> dict[str, tuple[datetime, datetime]]:
    """Each TZID the calendar uses → the earliest start and latest end of its events."""
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in view.events:
        if event.zone is None or event.start is None or _is_utc(event.zone):
            continue
        end = event.end or event.start
        first, last = spans.get(event.zone, (event.start, end))
        spans[event.zone] = (min(first, event.start), max(last, end))
    return spans


def _is_utc(zone: str) -> bool:
    # icalendar drops TZID=UTC (RFC 5545: UTC times take a "Z" instead), so such
    # events are written in UTC rather than with a TZID that would vanish.
    return zone == "UTC"


class _Writer:
    """Content lines through icalendar, memoized for values that repeat across events.

    A tour repeats a lot: the same venue line, organizer, status, DTSTAMP. Each
    distinct value is formatted (and each long line folded) once per calendar.
    """

    def __init__(self) -> None:
        self._lines: dict[tuple[str, object], str] = {}
        self._folded: dict[str, bytes] = {}

    @staticmethod
    def line(name: str, value: Any) -> str:
        """One unfolded content line: icalendar escapes the value and quotes the parameters."""
        return str(Contentline.from_parts(name, value.params, value, sorted=False))

    def cached(self, name: str, key: object, make: Callable[[], Any]) -> str:
        """The line for a value that is the same wherever ``key`` is (venue, organizer…)."""
        found = self._lines.get((name, key))
        if found is None:
            if len(self._lines) >= _CACHE_LIMIT:  # bounded: most keys of a big plan are unique
                self._lines.clear()
            found = self._lines[(name, key)] = self.line(name, make())
        return found

    def text(self, name: str, value: str) -> str:
        return self.cached(name, value, lambda: vText(value))

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
    folded: bytes = Contentline(line).to_ical()  # type: ignore[no-untyped-call]  # untyped
    return folded


def _header(view: PlanView, w: _Writer, venue: VenueView | None) -> Iterator[str]:
    name = calendar_name(view, venue)
    yield w.text("BEGIN", "VCALENDAR")
    yield w.text("VERSION", "2.0")
    yield w.text("PRODID", PRODID)
    yield w.text("CALSCALE", "GREGORIAN")
    yield w.text("METHOD", "PUBLISH")
    yield w.text("NAME", name)  # RFC 7986; X-WR-CALNAME for the clients that predate it
    yield w.text("X-WR-CALNAME", name)
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
) -> list[str]:
    uid = event_uid(view.tour.id, event.key)
    body = [w.line("UID", vText(uid)), *_times(event, w), *_what(view.tour, event, w)]
    sequence, dtstamp = assign(uid, content_key(body), previous, now)
    return [
        w.text("BEGIN", "VEVENT"),
        body[0],
        w.cached("DTSTAMP", dtstamp, lambda: vDatetime(dtstamp)),
        w.cached("SEQUENCE", sequence, lambda: vInt(sequence)),
        *body[1:],
        w.text("END", "VEVENT"),
    ]


def _times(event: EventView, w: _Writer) -> list[str]:
    if event.all_day:
        first, after = vDate(event.day), vDate(event.day + timedelta(days=1))  # DTEND exclusive
        first.params["VALUE"] = after.params["VALUE"] = "DATE"
        return [w.line("DTSTART", first), w.line("DTEND", after)]
    if event.start is None or event.zone is None:
        # Only a plan with errors (missing-start, no zone) gets here; export refuses those.
        raise ValueError(f"event {event.key!r} has no start time or no time zone")
    start, end, zone = event.start, event.end or event.start, event.zone
    return [
        w.cached("DTSTART", (start.replace(tzinfo=None), zone), lambda: _local(start, zone)),
        w.cached("DTEND", (end.replace(tzinfo=None), zone), lambda: _local(end, zone)),
    ]


def _local(moment: datetime, zone: str) -> vDatetime:
    if _is_utc(zone):
        return vDatetime(moment.astimezone(UTC))
    # The wall time with an explicit TZID: no tz library is consulted per event,
    # and the VTIMEZONE written for the zone says what it means.
    value = vDatetime(moment.replace(tzinfo=None))
    value.params["TZID"] = zone
    return value


def _what(tour: TourView, event: EventView, w: _Writer) -> Iterator[str]:
    venue = event.venue
    yield w.text("SUMMARY", event.title)
    yield w.text("LOCATION", location(venue))
    coordinates = venue.coordinates
    if coordinates is not None:
        yield w.cached("GEO", coordinates, lambda: _Geo(coordinates))
    yield w.text("DESCRIPTION", description(event))
    url = event.registration
    if url and _SAFE_URI.fullmatch(url):
        yield w.cached("URL", url, lambda: vUri(url))
    email = tour.organizer_email
    if email and _SAFE_EMAIL.fullmatch(email):
        yield w.cached("ORGANIZER", email, lambda: _organizer(tour.organizer_name, email))
    kind = event.format
    if kind:
        yield w.cached("CATEGORIES", kind, lambda: vCategory([kind]))
    yield w.text("STATUS", _STATUS[event.status])
    yield w.text("TRANSP", "TRANSPARENT" if event.all_day else "OPAQUE")
    # PRIVATE asks shared calendars (Outlook, Google) to hide a non-public event's details.
    yield w.text("CLASS", "PUBLIC" if event.visibility is Visibility.PUBLIC else "PRIVATE")


def _organizer(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
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
        ("Speakers", ", ".join(event.speakers)),
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

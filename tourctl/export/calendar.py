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

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from icalendar.parser.content_line import Contentline
from icalendar.prop import vCalAddress, vDate, vDatetime, vDuration, vGeo, vInt, vUri

from tourctl import __version__
from tourctl.enums import Status, Visibility
from tourctl.export import values
from tourctl.export.identity import Stamp, assign, content_key, event_uid
from tourctl.export.travel import Prop, travel_items
from tourctl.export.vtimezone import vtimezone_ical
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


def render(
    view: PlanView,
    *,
    previous: Mapping[str, Stamp],
    now: datetime,
    venue: VenueView | None = None,
    person: PersonView | None = None,
) -> bytes:
    """The calendar file for ``view``; SEQUENCE and DTSTAMP carried over from ``previous``."""
    writer = _Writer()
    out: list[bytes] = []
    out.extend(
        writer.fold(line) for line in _header(view, writer, calendar_name(view, venue, person))
    )
    out.extend(vtimezone_ical(zone) for zone in sorted(zones_used(view)))
    now = now.astimezone(UTC).replace(microsecond=0)
    for event in view.events:
        out.extend(writer.fold(line) for line in _event(view, event, writer, previous, now))
    for key, props in travel_items(view):
        lines = _prop_lines(props, writer, view.tour)
        out.extend(writer.fold(line) for line in component(view, key, lines, writer, previous, now))
    out.append(writer.fold(writer.text("END", "VCALENDAR")))
    return b"".join(out)


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
        """One unfolded content line of an icalendar value: icalendar quotes the parameters."""
        return str(Contentline.from_parts(name, value.params, value, sorted=False))

    def cached(self, name: str, key: object, make: Callable[[], Any]) -> str:
        """The line for a value that is the same wherever ``key`` is (venue, organizer…)."""
        found = self._lines.get((name, key))
        if found is None:
            found = self._lines[(name, key)] = self.line(name, make())
        return found

    def text(self, name: str, value: str) -> str:
        """A TEXT property: every TEXT value of the calendar is escaped here (``values.text``)."""
        found = self._lines.get((name, value))
        if found is None:
            found = self._lines[(name, value)] = f"{name}:{values.text(value)}"
        return found

    def fold(self, line: str) -> bytes:
        """The line folded by icalendar, plus CRLF; lines that need no fold skip the work."""
        encoded = line.encode("utf-8")
        if len(encoded) <= _FOLD_LIMIT:
            return encoded + b"\r\n"
        found = self._folded.get(line)
        if found is None:
            found = self._folded[line] = _icalendar_fold(line) + b"\r\n"
        return found


@lru_cache(maxsize=8192)
def _icalendar_fold(line: str) -> bytes:
    # Cached across calendars too: publishing renders the same event in several feeds
    # (partners and a venue's, the team's and a person's), and folding is the slowest step.
    folded: bytes = Contentline(line).to_ical()  # type: ignore[no-untyped-call]  # untyped
    return folded


def _header(view: PlanView, w: _Writer, name: str) -> Iterator[str]:
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
    return component(
        view, event.key, [*_times(event, w), *_what(view.tour, event, w)], w, previous, now
    )


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
    tzid = zone if _local_times(event) else None
    return [
        w.cached("DTSTART", _moment_key(start, tzid), lambda: _date_time(start, tzid)),
        w.cached("DTEND", _moment_key(end, tzid), lambda: _date_time(end, tzid)),
    ]


def _organizer_line(tour: TourView, w: _Writer) -> Iterator[str]:
    """ORGANIZER, which RFC 5546 asks of every VEVENT a calendar publishes."""
    uri = values.mailto(tour.organizer_email) if tour.organizer_email else None
    if uri is not None:
        yield w.cached("ORGANIZER", uri, lambda: _organizer(tour.organizer_name, uri))


def _prop_lines(props: list[Prop], w: _Writer, tour: TourView) -> list[str]:
    """Lines for the properties ``travel`` decided, written like every event's (and the
    ORGANIZER every event has)."""
    lines = list(_organizer_line(tour, w))
    for prop in props:
        if prop.local is not None:
            moment, zone = prop.local
            tzid = zone if _local_moment(moment, zone) else None
            lines.append(
                w.cached(prop.name, _moment_key(moment, tzid), partial(_date_time, moment, tzid))
            )
        elif prop.day is not None:
            value = vDate(prop.day)
            value.params["VALUE"] = "DATE"
            lines.append(w.line(prop.name, value))
        else:
            lines.append(w.text(prop.name, prop.text or ""))
    return lines


def _moment_key(moment: datetime, tzid: str | None) -> tuple[datetime, int, str | None]:
    # The wall time and its fold: the two 02:30s of an autumn night are different lines.
    return moment.replace(tzinfo=None), moment.fold, tzid


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

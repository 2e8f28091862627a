"""``tourctl show``: one audience's view of the tour, day by day, as a table or as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tourctl.enums import Visibility
from tourctl.export.travel import endpoint_text, leg_summary
from tourctl.report.findings import print_findings, refused_json, refused_text, write_json
from tourctl.report.layout import fits, rendered, words, wrap, write
from tourctl.text import escape, plural
from tourctl.timing import clock_range
from tourctl.view import time_order

if TYPE_CHECKING:
    from tourctl.core import ShowResult
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams
    from tourctl.view import EndpointView, EventView, LegView, PlanView, StayView

_STATUS_STYLE = {"confirmed": "green", "tentative": "yellow", "cancelled": "red"}


def _time_range(event: EventView) -> str:
    """Plain text: escaped where it goes into the table."""
    if event.all_day:
        return "all day"
    if event.start is None:
        return "?"
    if event.end is None:
        return f"{event.start:%H:%M} {event.start.tzname() or ''}".rstrip()
    days = (event.end.date() - event.start.date()).days
    return clock_range(event.start, event.end, f" (+{days})" if days else "")


def count_line(view: PlanView) -> str:
    days = view.days()
    text = f"{plural(len(view.events), 'event')} on {plural(len(days), 'day')}"
    extra = [plural(len(view.legs), "leg")] if view.legs else []
    extra += [plural(len(view.stays), "stay")] if view.stays else []
    return f"{text}; {', '.join(extra)}" if extra else text


_END_OF_DAY = datetime.max.replace(tzinfo=UTC)
Order = tuple[date, datetime, int]


@dataclass
class Item:
    """One entry of the itinerary, as plain text: a table row, or a stacked block."""

    order: Order
    when: str
    place: list[str]
    """Where, as parts: a venue's name and its town, or a leg's two ends."""
    title: str
    status: str
    seen_by: str
    style: str = ""
    address: str | None = None
    contacts: list[tuple[str, list[str]]] = field(default_factory=list)
    """(who, [email, phone, website]): the ways are never split across lines."""
    notes: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return [way for _, ways in self.contacts for way in ways]

    @property
    def texts(self) -> list[str]:
        """What the item's cells hold, each word of which a table must show whole."""
        return [
            self.when,
            *self.place,
            self.title,
            self.status,
            *([self.address] if self.address else []),
            *(who for who, _ in self.contacts),
            *([self.notes] if self.notes else []),
            *self.errors,
        ]

    def details(self) -> list[str]:
        """Everything below the title, one line each (stacked: wrapped between words)."""
        lines = [
            f"Contact: {who}: {', '.join(ways)}" if ways else f"Contact: {who}"
            for who, ways in self.contacts
        ]
        lines += [f"Notes: {self.notes}"] if self.notes else []
        lines += [f"Errors: {', '.join(self.errors)} (see above)"] if self.errors else []
        return lines


def _event_item(event: EventView, audience: Visibility, errors: list[str]) -> Item:
    venue = event.venue
    address = venue.address
    if address is None and venue.address_hidden:
        address = f"(address hidden from {audience.value})"
    contacts = [
        (
            f"{c.name} ({c.role})" if c.role else c.name,
            [way for way in (c.email, c.phone, c.website) if way],
        )
        for c in venue.contacts
    ]
    notes = " ".join(event.notes.split()) if event.notes and event.notes.strip() else None
    return Item(
        order=event.order,
        when=_time_range(event),
        place=[venue.name, f"{venue.city}, {venue.country}"],
        title=event.title,
        status="error" if errors else event.status.value,
        seen_by=event.visibility.value,
        style="bold red" if errors else _STATUS_STYLE[event.status.value],
        address=address,
        contacts=contacts,
        notes=notes,
        errors=errors,
    )


def _leg_item(leg: LegView) -> Item:
    when = "?"
    if leg.depart is not None and leg.arrive is not None:
        days = (leg.arrive.date() - leg.depart.date()).days
        when = clock_range(leg.depart, leg.arrive, f" (+{days})" if days else "")
    place = [endpoint_text(leg.origin), f"→ {endpoint_text(leg.destination)}"]
    return Item(leg.order, when, place, leg_summary(leg), "travel", leg.visibility.value, "dim")


def _stay_item(stay: StayView) -> Item:
    nights = (stay.last_morning - stay.first_night).days
    when = f"check-in, {plural(nights, 'night')}"
    place = [stay.name, f"{stay.city}, {stay.country}"]
    order = (stay.first_night, _END_OF_DAY, stay.index)
    item = Item(order, when, place, f"Stay: {stay.name}", "stay", stay.visibility.value, "dim")
    if isinstance(stay.check_in, datetime) and stay.zone is not None:
        from tourctl.places import tzdata

        check_in = stay.check_in.replace(tzinfo=tzdata.zone(stay.zone))
        item.order = time_order(stay.first_night, check_in, -1)
    return item  # without a check-in time: tonight's bed, after the day


def items(result: ShowResult) -> list[Item]:
    view = result.view
    found = [
        _event_item(event, view.audience, result.flagged.get(event.index, []))
        for event in view.events
    ]
    found += [_leg_item(leg) for leg in view.legs]
    found += [_stay_item(stay) for stay in view.stays]
    found.sort(key=lambda item: item.order)
    return found


def _cell(first: str, rest: list[str]) -> str:
    return "\n".join([escape(first), *(f"[dim]{escape(line)}[/dim]" for line in rest)])


def _what_cell(item: Item) -> str:
    """The title, then each contact with each of its ways on a line of its own (a table cell
    wraps between words; an address or number on its own line stays whole)."""
    rest: list[str] = []
    for who, ways in item.contacts:
        rest += [f"Contact: {who}", *(f"  {way}" for way in ways)]
    rest += [f"Notes: {item.notes}"] if item.notes else []
    rest += [f"Errors: {', '.join(item.errors)}"] if item.errors else []
    return _cell(item.title, rest)


def _table(view: PlanView, found: list[Item]) -> Any:
    from rich import box
    from rich.table import Table

    team = view.audience is Visibility.TEAM
    table = Table(
        title=escape(f"{view.tour.title} — {view.audience.value} view"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("When", no_wrap=True)
    table.add_column("Where", ratio=2, min_width=14)
    table.add_column("Event", ratio=3, min_width=16)
    table.add_column("Status", no_wrap=True)
    if team:
        table.add_column("Seen by", no_wrap=True)
    shown_day: date | None = None
    for item in found:
        when = escape(item.when)
        if item.order[0] != shown_day:
            when = f"[bold]{item.order[0].strftime('%a %Y-%m-%d')}[/bold]\n{when}"
            shown_day = item.order[0]
        status = f"[{item.style}]{escape(item.status)}[/]" if item.style else escape(item.status)
        where = _cell(item.place[0], [*item.place[1:], *([item.address] if item.address else [])])
        row = [when, where, _what_cell(item), status]
        if team:
            row.append(escape(item.seen_by))
        table.add_row(*row, end_section=True)
    return table


def _stacked(view: PlanView, found: list[Item], width: int) -> list[str]:
    """The itinerary as blocks, for a console too narrow for the table."""
    team = view.audience is Visibility.TEAM
    lines = wrap(words(f"{view.tour.title} — {view.audience.value} view"), width)
    shown_day: date | None = None
    for item in found:
        if item.order[0] != shown_day:
            lines += ["", item.order[0].strftime("%a %Y-%m-%d")]
            shown_day = item.order[0]
        else:
            lines.append("")
        head = [item.when, item.status, *([item.seen_by] if team else [])]
        lines += wrap(" · ".join(head).split(" "), width, "  ", "    ")
        place = ", ".join(item.place) if not item.place[1].startswith("→") else " ".join(item.place)
        texts = [item.title, place, *([item.address] if item.address else []), *item.details()]
        for text in texts:
            lines += wrap(_chunks(text, item.tokens), width, "  ", "    ")
    return [*lines, ""]  # a blank line before the count, as after the table


def _chunks(text: str, tokens: list[str]) -> list[str]:
    """The words of ``text``, each token (a phone number has spaces) one chunk; a comma that
    follows a token stays with it."""
    chunks: list[str] = []
    rest = text
    while rest:
        found = [(rest.find(token), token) for token in tokens if token and token in rest]
        if not found:
            chunks += rest.split()
            break
        at, token = min(found)
        chunks += rest[:at].split()
        end = at + len(token)
        if rest[end : end + 1] == ",":
            end += 1
        chunks.append(rest[at:end])
        rest = rest[end:]
    return chunks


class ItineraryText:
    def report(self, result: ShowResult, streams: Streams) -> None:
        view = result.view
        if result.findings and result.errors:
            print_findings(result.findings, streams, "err")
        found = items(result)
        out = streams.out()
        lines = rendered(out, _table(view, found)) if out.width >= TABLE_WIDTH else []
        tokens = [token for item in found for token in item.tokens]
        texts = [text for item in found for text in item.texts]
        if view.audience is Visibility.TEAM:
            texts += [item.seen_by for item in found]
        if not lines or not fits(out, lines, tokens, texts):
            lines = _stacked(view, found, out.width)
        write(out, lines)
        write(out, wrap(words(count_line(view)), out.width))
        if result.errors:
            for line in wrap(words(_error_line(result)), out.width):
                out.print(line, markup=False, highlight=False, style="red")

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


TABLE_WIDTH = 80
"""Below this many columns the itinerary is stacked, never a table."""


def _error_line(result: ShowResult) -> str:
    text = f"the plan has {plural(result.errors, 'error')}"
    marked = sum(1 for event in result.view.events if event.index in result.flagged)
    text += f"; {plural(marked, 'event')} marked 'error'" if marked else ""
    if result.left_out:
        text += f"; {plural(result.left_out, 'event')} could not be shown"
    return f"{text} (`tourctl validate` lists them)"


def event_json(event: EventView) -> dict[str, Any]:
    venue = event.venue
    return {
        "id": event.key,
        "title": event.title,
        "venue": venue.id,
        "venue_name": venue.name,
        "city": venue.city,
        "country": venue.country,
        "all_day": event.all_day,
        "start": event.start.strftime("%H:%M") if event.start else None,
        "end": event.end.strftime("%H:%M") if event.end else None,
        "timezone": event.zone,
        "start_utc": event.start.astimezone(UTC).isoformat() if event.start else None,
        "end_utc": event.end.astimezone(UTC).isoformat() if event.end else None,
        "status": event.status.value,
        "visibility": event.visibility.value,
        "speakers": [person.name for person in event.speakers],
        "crew": [person.name for person in event.crew],
        "doors": event.doors.strftime("%H:%M") if event.doors else None,
        "format": event.format,
        "languages": list(event.languages),
        "description": event.description,
        "registration": event.registration,
        "address": venue.address,
        "address_hidden": venue.address_hidden,
        "coordinates": list(venue.coordinates) if venue.coordinates is not None else None,
        "accessibility": venue.accessibility,
        "contacts": [
            {
                "name": c.name,
                "role": c.role,
                "email": c.email,
                "phone": c.phone,
                "website": c.website,
            }
            for c in venue.contacts
        ],
        "notes": event.notes,
    }


def _local(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else None


def leg_json(leg: LegView) -> dict[str, Any]:
    def end(point: EndpointView, moment: datetime | None) -> dict[str, Any]:
        return {
            "name": point.name,
            "city": point.city,
            "country": point.country,
            "timezone": point.zone,
            "local": _local(moment),
            "utc": moment.astimezone(UTC).isoformat() if moment is not None else None,
        }

    return {
        "id": leg.key,
        "mode": leg.mode.value,
        "summary": leg_summary(leg),
        "from": end(leg.origin, leg.depart),
        "to": end(leg.destination, leg.arrive),
        "people": [person.name for person in leg.people],
        "reference": leg.reference,
        "booking": leg.booking,
        "notes": leg.notes,
        "visibility": leg.visibility.value,
    }


def stay_json(stay: StayView) -> dict[str, Any]:
    def moment(value: date | datetime) -> str:
        return (
            value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
        )

    return {
        "id": stay.key,
        "name": stay.name,
        "city": stay.city,
        "country": stay.country,
        "address": stay.address,
        "phone": stay.phone,
        "check_in": moment(stay.check_in),
        "check_out": moment(stay.check_out),
        "people": [person.name for person in stay.people],
        "booking": stay.booking,
        "notes": stay.notes,
        "visibility": stay.visibility.value,
    }


def _by_day(
    view: PlanView, flagged: dict[int, list[str]] | None = None
) -> list[tuple[date, dict[str, list[dict[str, Any]]]]]:
    days: dict[date, dict[str, list[dict[str, Any]]]] = {}

    def on(day: date) -> dict[str, list[dict[str, Any]]]:
        return days.setdefault(day, {"events": [], "legs": [], "stays": []})

    for event in view.events:
        on(event.day)["events"].append(
            {**event_json(event), "errors": (flagged or {}).get(event.index, [])}
        )
    for leg in view.legs:
        on(leg.day)["legs"].append(leg_json(leg))
    for stay in view.stays:
        on(stay.first_night)["stays"].append(stay_json(stay))
    return sorted(days.items())


class ItineraryJson:
    def report(self, result: ShowResult, streams: Streams) -> None:
        view = result.view
        payload = {
            "tour": {"id": view.tour.id, "title": view.tour.title},
            "audience": view.audience.value,
            "days": (  # a generator: write_json encodes one day at a time
                {"date": day.isoformat(), "weekday": day.strftime("%A"), **items}
                for day, items in _by_day(view, result.flagged)
            ),
            "errors": result.errors,
            "left_out": result.left_out,
            "findings": (finding.as_dict() for finding in result.findings),
        }
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)

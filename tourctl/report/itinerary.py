"""``tourctl show``: one audience's view of the tour, day by day, as a table or as JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tourctl.enums import Visibility
from tourctl.export.travel import endpoint_text, leg_summary
from tourctl.report.findings import refused_json, refused_text, write_json
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
    if event.all_day:
        return "all day"
    if event.start is None:
        return "?"
    if event.end is None:
        return f"{event.start:%H:%M} {escape(event.start.tzname() or '')}"
    days = (event.end.date() - event.start.date()).days
    return escape(clock_range(event.start, event.end, f" (+{days})" if days else ""))


def count_line(view: PlanView) -> str:
    days = view.days()
    text = f"{plural(len(view.events), 'event')} on {plural(len(days), 'day')}"
    extra = [plural(len(view.legs), "leg")] if view.legs else []
    extra += [plural(len(view.stays), "stay")] if view.stays else []
    return f"{text}; {', '.join(extra)}" if extra else text


Row = tuple[tuple[date, datetime, int], list[str]]
_END_OF_DAY = datetime.max.replace(tzinfo=UTC)


def _leg_row(leg: LegView, team: bool) -> Row:
    when = "?"
    if leg.depart is not None and leg.arrive is not None:
        days = (leg.arrive.date() - leg.depart.date()).days
        when = escape(clock_range(leg.depart, leg.arrive, f" (+{days})" if days else ""))
    origin, destination = endpoint_text(leg.origin), endpoint_text(leg.destination)
    where = f"{escape(origin)}\n[dim]→ {escape(destination)}[/dim]"
    row = [when, where, escape(leg_summary(leg)), "[dim]travel[/dim]"]
    if team:
        row.append(leg.visibility.value)
    return leg.order, row


def _stay_row(stay: StayView, team: bool) -> Row:
    nights = (stay.last_morning - stay.first_night).days
    when = f"check-in, {plural(nights, 'night')}"
    row = [when, f"{escape(stay.name)}\n[dim]{escape(stay.city)}, {stay.country}[/dim]"]
    row += [escape(f"Stay: {stay.name}"), "[dim]stay[/dim]"]
    if team:
        row.append(stay.visibility.value)
    if isinstance(stay.check_in, datetime) and stay.zone is not None:
        from tourctl.places import tzdata

        return time_order(
            stay.first_night, stay.check_in.replace(tzinfo=tzdata.zone(stay.zone)), -1
        ), row
    return (stay.first_night, _END_OF_DAY, stay.index), row  # tonight's bed: after the day


class ItineraryText:
    def report(self, result: ShowResult, streams: Streams) -> None:
        from rich import box
        from rich.table import Table

        view = result.view
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
        rows: list[Row] = [_event_row(event, team) for event in view.events]
        rows += [_leg_row(leg, team) for leg in view.legs]
        rows += [_stay_row(stay, team) for stay in view.stays]
        rows.sort(key=lambda pair: pair[0])
        shown_day: date | None = None
        for (day, _, _), row in rows:
            if day != shown_day:
                row[0] = f"[bold]{day.strftime('%a %Y-%m-%d')}[/bold]\n{row[0]}"
                shown_day = day
            table.add_row(*row, end_section=True)
        out = streams.out()
        out.print(table)
        out.print(count_line(view), markup=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def _event_row(event: EventView, team: bool) -> Row:
    status = event.status.value
    venue = event.venue
    row = [
        _time_range(event),
        f"{escape(venue.name)}\n[dim]{escape(venue.city)}, {venue.country}[/dim]",
        escape(event.title),
        f"[{_STATUS_STYLE[status]}]{status}[/]",
    ]
    if team:
        row.append(event.visibility.value)
    return event.order, row


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


def _by_day(view: PlanView) -> list[tuple[date, dict[str, list[dict[str, Any]]]]]:
    days: dict[date, dict[str, list[dict[str, Any]]]] = {}

    def on(day: date) -> dict[str, list[dict[str, Any]]]:
        return days.setdefault(day, {"events": [], "legs": [], "stays": []})

    for event in view.events:
        on(event.day)["events"].append(event_json(event))
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
                for day, items in _by_day(view)
            ),
        }
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)

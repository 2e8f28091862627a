"""``tourctl show``: one audience's view of the tour, day by day, as a table or as JSON."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from tourctl.enums import Visibility
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.core import ShowResult
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams
    from tourctl.view import EventView, PlanView

_STATUS_STYLE = {"confirmed": "green", "tentative": "yellow", "cancelled": "red"}


def _time_range(event: EventView) -> str:
    if event.all_day:
        return "all day"
    if event.start is None:
        return "?"
    text = event.start.strftime("%H:%M")
    if event.end is not None:
        text += "–" + event.end.strftime("%H:%M")
        days = (event.end.date() - event.start.date()).days
        if days:
            text += f" (+{days})"
    return f"{text} {escape(event.start.tzname() or '')}"


def count_line(view: PlanView) -> str:
    days = view.days()
    return f"{plural(len(view.events), 'event')} on {plural(len(days), 'day')}"


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
        for day, events in view.days():
            for n, event in enumerate(events):
                status = event.status.value
                when = _time_range(event)
                if n == 0:
                    when = f"[bold]{day.strftime('%a %Y-%m-%d')}[/bold]\n{when}"
                venue = event.venue
                row = [
                    when,
                    f"{escape(venue.name)}\n[dim]{escape(venue.city)}, {venue.country}[/dim]",
                    escape(event.title),
                    f"[{_STATUS_STYLE[status]}]{status}[/]",
                ]
                if team:
                    row.append(event.visibility.value)
                table.add_row(*row, end_section=True)
        out = streams.out()
        out.print(table)
        out.print(count_line(view), markup=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


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
    }


class ItineraryJson:
    def report(self, result: ShowResult, streams: Streams) -> None:
        view = result.view
        payload = {
            "tour": {"id": view.tour.id, "title": view.tour.title},
            "audience": view.audience.value,
            "days": (  # a generator: write_json encodes one day at a time
                {
                    "date": day.isoformat(),
                    "weekday": day.strftime("%A"),
                    "events": [event_json(e) for e in events],
                }
                for day, events in view.days()
            ),
        }
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)

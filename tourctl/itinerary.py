"""``tourctl show``: the itinerary, day by day, for people (rich table) or scripts (JSON)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any

from rich.markup import escape

from tourctl.loader import SourceMap
from tourctl.model import Event, Plan, Visibility
from tourctl.tz import zone as zone_named


@dataclass(frozen=True)
class Stop:
    event: Event
    index: int
    city: str
    country: str
    venue: str
    zone: str | None
    start: datetime | None  # aware, local to the venue
    end: datetime | None

    @property
    def sort_key(self) -> tuple[date, datetime, int]:
        from datetime import UTC

        instant = self.start.astimezone(UTC) if self.start else datetime.min.replace(tzinfo=UTC)
        return (self.event.date, instant, self.index)


def event_span(event: Event, zone: str | None) -> tuple[datetime | None, datetime | None]:
    """Local aware start and end of a timed event (None for all-day or unresolvable zone)."""
    if event.all_day or event.start is None or zone is None:
        return None, None
    tz = zone_named(zone)
    start = datetime.combine(event.date, event.start, tzinfo=tz)
    if event.duration is not None:
        from datetime import UTC

        end = (start.astimezone(UTC) + event.duration).astimezone(tz)
    elif event.end is not None:
        end = datetime.combine(event.date, event.end, tzinfo=tz)
    else:
        end = None
    return start, end


def itinerary(plan: Plan, source: SourceMap, audience: Visibility) -> list[tuple[date, list[Stop]]]:
    """Events the audience may see, in time order, grouped by local date."""
    from tourctl.places import resolve_places

    venues = plan.venue_by_id()
    places = resolve_places(plan)
    stops: list[Stop] = []
    for index, event in enumerate(plan.events):
        if not event.visibility.visible_to(audience):
            continue
        venue = venues[event.venue]
        zone = places[venue.id].zone
        start, end = event_span(event, zone)
        stops.append(Stop(event, index, venue.city, venue.country, venue.name, zone, start, end))
    stops.sort(key=lambda s: s.sort_key)
    return [(day, list(group)) for day, group in groupby(stops, key=lambda s: s.event.date)]


def _time_range(stop: Stop) -> str:
    if stop.event.all_day:
        return "all day"
    if stop.start is None:
        return "?"
    text = stop.start.strftime("%H:%M")
    if stop.end is not None:
        text += "–" + stop.end.strftime("%H:%M")
        if stop.end.date() != stop.start.date():
            text += " (+1)"
    return f"{text} {stop.start.tzname()}"


def print_itinerary_text(plan: Plan, days: list[tuple[date, list[Stop]]], aud: Visibility) -> None:
    from rich import box
    from rich.table import Table

    from tourctl import console

    table = Table(
        title=f"{plan.tour.title} — {aud.value} view",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("When", no_wrap=True)
    table.add_column("Where", ratio=2, min_width=14)
    table.add_column("Event", ratio=3, min_width=16)
    table.add_column("Status", no_wrap=True)
    if aud is Visibility.TEAM:
        table.add_column("Seen by", no_wrap=True)
    status_style = {"confirmed": "green", "tentative": "yellow", "cancelled": "red"}
    for day, stops in days:
        for n, stop in enumerate(stops):
            status = stop.event.status.value
            when = _time_range(stop)
            if n == 0:
                when = f"[bold]{day.strftime('%a %Y-%m-%d')}[/bold]\n{when}"
            row = [
                when,
                f"{escape(stop.venue)}\n[dim]{escape(stop.city)}, {stop.country}[/dim]",
                escape(stop.event.title),
                f"[{status_style[status]}]{status}[/]",
            ]
            if aud is Visibility.TEAM:
                row.append(stop.event.visibility.value)
            table.add_row(*row, end_section=True)
    console.stdout().print(table)
    count = sum(len(stops) for _, stops in days)
    console.stdout().print(f"{count} events on {len(days)} days")


def _stop_json(stop: Stop) -> dict[str, Any]:
    from datetime import UTC

    event = stop.event
    return {
        "id": event.key,
        "title": event.title,
        "venue": event.venue,
        "venue_name": stop.venue,
        "city": stop.city,
        "country": stop.country,
        "all_day": event.all_day,
        "start": stop.start.strftime("%H:%M") if stop.start else None,
        "end": stop.end.strftime("%H:%M") if stop.end else None,
        "timezone": stop.zone,
        "start_utc": stop.start.astimezone(UTC).isoformat() if stop.start else None,
        "end_utc": stop.end.astimezone(UTC).isoformat() if stop.end else None,
        "status": event.status.value,
        "visibility": event.visibility.value,
    }


def print_itinerary_json(plan: Plan, days: list[tuple[date, list[Stop]]], aud: Visibility) -> None:
    payload = {
        "tour": {"id": plan.tour.id, "title": plan.tour.title},
        "audience": aud.value,
        "days": [
            {
                "date": day.isoformat(),
                "weekday": day.strftime("%A"),
                "events": [_stop_json(s) for s in stops],
            }
            for day, stops in days
        ],
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


__all__ = ["Stop", "event_span", "itinerary"]

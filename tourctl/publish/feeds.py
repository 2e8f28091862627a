"""The feeds of a tour (SPEC.md, "Publishing"), each the calendar ``export`` would write.

| feed | audience | content |
|---|---|---|
| ``public`` | public | every announced public event |
| ``partners`` | partners | what partners see |
| ``venue:<id>`` | partners | the events at that venue (and legs and stays there) |
| ``team`` | team | everything, with travel and stays |
| ``person:<id>`` | team | one person's own events, legs and stays |

Only ``public`` lives at a guessable address; every other feed's address
carries a secret segment (``keys``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from tourctl.enums import Visibility
from tourctl.export.build import (
    Calendar,
    Retirement,
    calendars_of,
    person_calendar,
    plan_uids,
    venue_calendar,
)
from tourctl.export.identity import Stamp
from tourctl.model import Plan
from tourctl.view import PlanView, audience_view

PUBLIC = "public"
PARTNERS = "partners"
TEAM = "team"


@dataclass(frozen=True)
class Feed:
    name: str
    """``public``, ``partners``, ``venue:<id>``, ``team`` or ``person:<id>``."""
    audience: Visibility
    label: str
    """For people: "partners of Lambda Community Space", "Georgii K."."""
    calendar: Calendar

    @property
    def secret(self) -> bool:
        return self.name != PUBLIC

    @property
    def view(self) -> PlanView:
        return self.calendar.view


Previous = Callable[[str], Mapping[str, Stamp]]
"""Feed name → the stamps of its previously published copy (file or server)."""


@dataclass(frozen=True)
class Views:
    """The three audience views every feed is cut from, made once per publish."""

    public: PlanView
    partners: PlanView
    team: PlanView


def feed_views(plan: Plan, *, now: datetime, today: date | None = None) -> Views:
    return Views(
        audience_view(plan, Visibility.PUBLIC, today=today, now=now),
        audience_view(plan, Visibility.PARTNERS, today=today, now=now),
        audience_view(plan, Visibility.TEAM, today=today, now=now),
    )


def feed_names(
    plan: Plan, *, now: datetime, today: date | None = None, views: Views | None = None
) -> list[str]:
    """Every feed the plan has, without rendering any of them."""
    views = views or feed_views(plan, now=now, today=today)
    return [
        PUBLIC,
        PARTNERS,
        *(f"venue:{venue.id}" for venue in views.partners.venues()),
        TEAM,
        *(f"person:{key}" for key in views.team.person_keys()),
    ]


def build_feeds(
    plan: Plan, *, now: datetime, previous: Previous, today: date | None = None
) -> list[Feed]:
    """Every feed of the plan, rendered with each feed's own previous stamps."""
    return list(iter_feeds(plan, feed_views(plan, now=now, today=today), now, previous))


def iter_feeds(plan: Plan, views: Views, now: datetime, previous: Previous) -> Iterator[Feed]:
    """``build_feeds`` one feed at a time, in ``feed_names`` order: a publish writes each
    feed's file while it renders the next."""
    gone = Retirement(plan_uids(plan), now, previous_is_own=True)
    public, partners, team = views.public, views.partners, views.team
    yield _whole(PUBLIC, Visibility.PUBLIC, "everyone", public, now, previous, gone)
    yield _whole(PARTNERS, Visibility.PARTNERS, "all partners", partners, now, previous, gone)
    for venue in partners.venues():
        name = f"venue:{venue.id}"
        calendar = venue_calendar(partners, venue, now=now, previous=previous(name), gone=gone)
        yield Feed(name, Visibility.PARTNERS, f"partners of {venue.name}", calendar)
    yield _whole(TEAM, Visibility.TEAM, "the team", team, now, previous, gone)
    for key in team.person_keys():
        name = f"person:{key}"
        calendar = person_calendar(team, key, now=now, previous=previous(name), gone=gone)
        label = calendar.person.name if calendar.person is not None else key
        yield Feed(name, Visibility.TEAM, label, calendar)


def _whole(
    name: str,
    audience: Visibility,
    label: str,
    view: PlanView,
    now: datetime,
    previous: Previous,
    gone: Retirement,
) -> Feed:
    [calendar] = calendars_of(view, now=now, previous=previous(name), gone=gone)
    return Feed(name, audience, label, calendar)


def rotation(plan: Plan, feed: str) -> int:
    settings = plan.publish
    return settings.rotate.get(feed, 0) if settings is not None else 0

"""``tourctl diff``: for each audience and feed, the changes that audience can see.

The sections are the feeds of SPEC.md (public, partners, each venue's
partners, team, each person), each compared between the two plans' views of
that audience and scope, so a section can name nothing its audience could not
see in one version or the other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from tourctl.changes.compare import Change, compare
from tourctl.changes.facts import from_view
from tourctl.enums import Visibility
from tourctl.export.identity import event_uid
from tourctl.model import Plan
from tourctl.view import PlanView, audience_view


@dataclass(frozen=True)
class Section:
    audience: Visibility
    feed: str
    """``public``, ``partners``, ``venue:<id>``, ``team``, ``person:<id>``."""
    label: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class DiffResult:
    old: str
    new: str
    sections: tuple[Section, ...]

    @property
    def changed(self) -> bool:
        return any(section.changes for section in self.sections)


@dataclass(frozen=True)
class _Views:
    public: PlanView
    partners: PlanView
    team: PlanView


def _views(plan: Plan, today: date | None, now: datetime) -> _Views:
    return _Views(
        audience_view(plan, Visibility.PUBLIC, today=today, now=now),
        audience_view(plan, Visibility.PARTNERS, today=today, now=now),
        audience_view(plan, Visibility.TEAM, today=today, now=now),
    )


def _empty(view: PlanView) -> PlanView:
    return replace(view, events=(), legs=(), stays=(), people=())


def _venue(view: PlanView, venue: str) -> PlanView:
    if any(v.id == venue for v in view.venues()):
        return view.only_venue(venue)
    return _empty(view)


def _person(view: PlanView, person: str) -> PlanView:
    if person in view.person_keys():
        return view.only_person(person)
    return _empty(view)


def _labels(views: list[_Views]) -> tuple[dict[str, str], dict[str, str]]:
    venues: dict[str, str] = {}
    people: dict[str, str] = {}
    for v in views:
        venues.update({venue.id: venue.name for venue in v.partners.venues()})
        people.update({p.key: p.name for p in v.team.people})
    return venues, people


def diff_plans(
    old: Plan,
    new: Plan,
    *,
    old_name: str,
    new_name: str,
    today: date | None = None,
    now: datetime | None = None,
) -> DiffResult:
    now = now or datetime.now(UTC)
    before, after = _views(old, today, now), _views(new, today, now)
    venues, people = _labels([after, before])
    announced = _announced(old, new, before.public, after.public)
    sections = [
        _section(Visibility.PUBLIC, "public", "the public", before.public, after.public, announced),
        _section(Visibility.PARTNERS, "partners", "all partners", before.partners, after.partners),
    ]
    for venue, name in venues.items():
        sections.append(
            _section(
                Visibility.PARTNERS,
                f"venue:{venue}",
                f"partners of {name}",
                _venue(before.partners, venue),
                _venue(after.partners, venue),
            )
        )
    sections.append(_section(Visibility.TEAM, "team", "the team", before.team, after.team))
    for person, name in people.items():
        sections.append(
            _section(
                Visibility.TEAM,
                f"person:{person}",
                name,
                _person(before.team, person),
                _person(after.team, person),
            )
        )
    return DiffResult(old_name, new_name, tuple(sections))


def _section(
    audience: Visibility,
    feed: str,
    label: str,
    before: PlanView,
    after: PlanView,
    announced: frozenset[str] = frozenset(),
) -> Section:
    changes = compare(from_view(before), from_view(after), announced=announced)
    return Section(audience, feed, label, tuple(changes))


def _announced(old: Plan, new: Plan, before: PlanView, after: PlanView) -> frozenset[str]:
    """Public events that are new to the public because their announce date came."""
    shown_before = {e.key for e in before.events}
    old_public = {e.key for e in old.events if e.visibility is Visibility.PUBLIC}
    return frozenset(
        event_uid(new.tour.id, e.key)
        for e in after.events
        if e.key not in shown_before and e.key in old_public
    )

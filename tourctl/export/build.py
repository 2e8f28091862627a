"""A valid plan → the calendars of one audience: pure, no files, no clock, no printing.

``calendars`` is what ``export`` writes, what the benchmark times and what tests
read; later outputs (published feeds) call it too. "Now" and the previous
export's stamps are arguments, so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tourctl.enums import Split, Visibility
from tourctl.errors import UsageError
from tourctl.export.calendar import render
from tourctl.export.identity import Stamp
from tourctl.view import PersonView, PlanView, VenueView, audience_view

if TYPE_CHECKING:
    from tourctl.model import Plan
    from tourctl.places.resolve import Place


@dataclass(frozen=True)
class Calendar:
    """One calendar file's content: what it shows, and its bytes."""

    view: PlanView
    data: bytes
    venue: VenueView | None = None
    """The venue of a ``--split venue`` file; None for the whole audience's calendar."""
    person: PersonView | None = None
    """Whose calendar this is (``--person``, ``--split person``)."""
    retired: frozenset[str] = frozenset()
    """UIDs of the cancelled entries written for items gone from the plan."""
    stamps: Mapping[str, Stamp] | None = None
    """What the file says of each item (UID → Stamp), as reading it back would give."""

    @property
    def stem(self) -> str | None:
        """The file name a split calendar takes (venue or person id), None for the whole one."""
        if self.venue is not None:
            return self.venue.id
        return self.person.key if self.person is not None else None


def calendars(
    plan: Plan,
    audience: Visibility,
    *,
    now: datetime,
    previous: Mapping[str, Stamp] | None = None,
    today: date | None = None,
    split: Split | None = None,
    person: str | None = None,
    places: Mapping[str, Place] | None = None,
    own: Mapping[str | None, Mapping[str, Stamp]] | None = None,
) -> list[Calendar]:
    """The calendars of ``audience``: one, or one per venue it sees with ``split``.

    ``person`` (or ``split=Split.PERSON``) makes team views of one person (each
    person): their events, legs and stays; ``audience`` must then be the team.
    """
    if (person is not None or split is Split.PERSON) and audience is not Visibility.TEAM:
        raise UsageError("a person's calendar is a team view: use it with --audience team")
    view = audience_view(plan, audience, places=places, today=today, now=now)
    previous = previous or {}
    gone = Retirement(plan_uids(plan), now, own)
    if person is not None:
        return [person_calendar(view, person, now=now, previous=previous, gone=gone)]
    return calendars_of(view, now=now, previous=previous, split=split, gone=gone)


def plan_uids(plan: Plan) -> set[str]:
    """The UID of every event, leg and stay of the plan, whoever may see it."""
    from tourctl.export.identity import event_uid

    keys = [*(e.key for e in plan.events), *plan.leg_keys, *plan.stay_keys]
    return {event_uid(plan.tour.id, key) for key in keys}


@dataclass(frozen=True)
class Retirement:
    """What a calendar needs to write cancelled entries for items gone from the plan."""

    in_plan: set[str]
    now: datetime
    own: Mapping[str | None, Mapping[str, Stamp]] | None = None
    """Each file's own previous stamps, by stem (None: the whole calendar); without it,
    a whole calendar's own stamps are its previous ones and split files write none."""
    previous_is_own: bool = False
    """Each calendar was given its own previous copy (a published feed's)."""

    def lines(self, stem: str | None, previous: Mapping[str, Stamp]) -> dict[str, list[str]]:
        from tourctl.export.retired import retired

        if self.previous_is_own:
            return retired(previous, self.in_plan, self.now)
        if self.own is not None:
            return retired(self.own.get(stem, {}), self.in_plan, self.now)
        return retired(previous if stem is None else {}, self.in_plan, self.now)


def venue_calendar(
    view: PlanView,
    venue: VenueView,
    *,
    now: datetime,
    previous: Mapping[str, Stamp],
    gone: Retirement | None = None,
) -> Calendar:
    """One venue's calendar for its host: its events, and the legs and stays in its town."""
    part = view.only_venue(venue.id)
    retired = gone.lines(venue.id, previous) if gone is not None else {}
    stamps: dict[str, Stamp] = {}
    data = render(part, previous=previous, now=now, venue=venue, retired=retired, stamps=stamps)
    return Calendar(part, data, venue, retired=frozenset(retired), stamps=stamps)


def person_calendar(
    view: PlanView,
    key: str,
    *,
    now: datetime,
    previous: Mapping[str, Stamp],
    gone: Retirement | None = None,
) -> Calendar:
    found = next((p for p in view.people if p.key == key), None)
    if found is None:
        from difflib import get_close_matches

        known = [p.key for p in view.people]
        close = get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listed = f" (people: {', '.join(known)})" if known and not close else ""
        raise UsageError(f"no person has the id '{key}'{hint}{listed}")
    part = view.only_person(key)
    retired = gone.lines(key, previous) if gone is not None else {}
    stamps: dict[str, Stamp] = {}
    data = render(part, previous=previous, now=now, person=found, retired=retired, stamps=stamps)
    return Calendar(part, data, person=found, retired=frozenset(retired), stamps=stamps)


def calendars_of(
    view: PlanView,
    *,
    now: datetime,
    previous: Mapping[str, Stamp],
    split: Split | None = None,
    gone: Retirement | None = None,
) -> list[Calendar]:
    if split is Split.VENUE:
        return [
            venue_calendar(view, venue, now=now, previous=previous, gone=gone)
            for venue in view.venues()
        ]
    if split is Split.PERSON:
        return [
            person_calendar(view, key, now=now, previous=previous, gone=gone)
            for key in view.person_keys()
        ]
    retired = gone.lines(None, previous) if gone is not None else {}
    stamps: dict[str, Stamp] = {}
    data = render(view, previous=previous, now=now, retired=retired, stamps=stamps)
    return [Calendar(view, data, retired=frozenset(retired), stamps=stamps)]

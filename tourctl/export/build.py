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
from tourctl.export.calendar import render
from tourctl.export.identity import Stamp, event_uid
from tourctl.view import PlanView, VenueView, audience_view

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

    @property
    def stem(self) -> str | None:
        """The file name a split calendar takes (``<venue id>``), None for the whole one."""
        return self.venue.id if self.venue is not None else None


def calendars(
    plan: Plan,
    audience: Visibility,
    *,
    now: datetime,
    previous: Mapping[str, Stamp] | None = None,
    today: date | None = None,
    split: Split | None = None,
    places: Mapping[str, Place] | None = None,
) -> list[Calendar]:
    """The calendars of ``audience``: one, or one per venue it sees with ``split``."""
    view = audience_view(plan, audience, places=places, today=today)
    return calendars_of(view, now=now, previous=previous or {}, split=split)


def calendar_uids(plan: Plan) -> frozenset[str]:
    """Every UID a calendar of ``plan`` can hold, whatever the audience: what is worth keeping
    of a previous export (so reading one costs memory in proportion to the plan, not the file).
    Components that get UIDs of their own later must add them here."""
    return frozenset(event_uid(plan.tour.id, event.key) for event in plan.events)


def calendars_of(
    view: PlanView,
    *,
    now: datetime,
    previous: Mapping[str, Stamp],
    split: Split | None = None,
) -> list[Calendar]:
    if split is Split.VENUE:
        return [
            Calendar(part, render(part, previous=previous, now=now, venue=venue), venue)
            for venue in view.venues()
            for part in [view.only_venue(venue.id)]
        ]
    return [Calendar(view, render(view, previous=previous, now=now))]

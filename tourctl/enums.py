"""The shared vocabulary of plans and commands, without pydantic.

The CLI needs audiences, statuses and split modes to parse options, and must
not import pydantic for ``--help``; the model needs the same values for its
fields. Both import them from here, so there is one definition of each.
"""

from __future__ import annotations

import enum


class Severity(enum.StrEnum):
    """How bad a finding is: an error stops export; a warning is worth a look."""

    ERROR = "error"
    WARNING = "warning"


class Visibility(enum.StrEnum):
    """Who may see a thing; also the name of an audience. Ordered public < partners < team."""

    PUBLIC = "public"
    PARTNERS = "partners"
    TEAM = "team"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def visible_to(self, audience: Visibility) -> bool:
        """True if something marked ``self`` may be shown to ``audience``."""
        return _RANK[self] <= _RANK[audience]


Audience = Visibility
"""An audience is named like the visibility level it sees up to."""

_RANK = {Visibility.PUBLIC: 0, Visibility.PARTNERS: 1, Visibility.TEAM: 2}


class Status(enum.StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class EventFormat(enum.StrEnum):
    DISCUSSION = "discussion"
    LECTURE = "lecture"
    WORKSHOP = "workshop"
    SCREENING = "screening"
    MEETING = "meeting"
    OTHER = "other"


class TravelMode(enum.StrEnum):
    TRAIN = "train"
    BUS = "bus"
    FLIGHT = "flight"
    CAR = "car"
    FERRY = "ferry"
    OTHER = "other"


class Split(enum.StrEnum):
    """How ``export --split`` divides one audience's calendar into files."""

    VENUE = "venue"
    PERSON = "person"

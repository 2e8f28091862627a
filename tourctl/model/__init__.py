"""The plan as pydantic models (``plan``) and their validation errors as findings (``errors``).

Importing this package loads pydantic; modules that only need the plan's
vocabulary (audiences, statuses) import ``tourctl.enums`` instead.
"""

from tourctl.enums import EventFormat, Status, TravelMode, Visibility
from tourctl.model.plan import (
    Contact,
    Event,
    Leg,
    Organizer,
    Person,
    PlaceRef,
    Plan,
    Stay,
    Tour,
    Venue,
    json_schema,
    parse_duration,
)

__all__ = [
    "Contact",
    "Event",
    "EventFormat",
    "Leg",
    "Organizer",
    "Person",
    "PlaceRef",
    "Plan",
    "Status",
    "Stay",
    "Tour",
    "TravelMode",
    "Venue",
    "Visibility",
    "json_schema",
    "parse_duration",
]

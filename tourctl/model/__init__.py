"""The plan as pydantic models (``plan``) and their validation errors as findings (``errors``).

Importing this package loads pydantic; modules that only need the plan's
vocabulary (audiences, statuses) import ``tourctl.enums`` instead.
"""

from tourctl.enums import EventFormat, Status, Visibility
from tourctl.model.plan import (
    Contact,
    Event,
    Organizer,
    Person,
    Plan,
    Tour,
    Venue,
    json_schema,
    parse_duration,
)

__all__ = [
    "Contact",
    "Event",
    "EventFormat",
    "Organizer",
    "Person",
    "Plan",
    "Status",
    "Tour",
    "Venue",
    "Visibility",
    "json_schema",
    "parse_duration",
]

"""The plan, format version 1, as pydantic models (the format is in SPEC.md / docs/plan-format.md).

The models check single values (a slug, a date, a zone name). Rules that tie
several values together (``end`` xor ``duration``, references between ids,
time zones resolved from the city) live in ``tourctl.checks`` so that each
problem is reported at the exact key it concerns, and all of them in one run.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from tourctl.enums import EventFormat, Status, Visibility
from tourctl.places import tzdata
from tourctl.ranges import DATE_RANGE, MAX_DURATION, date_supported

SLUG_RE = re.compile(r"^[a-z0-9-]+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DURATION_RE = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")
_DURATION_DIGITS = 7
"""More digits than this is far past ``MAX_DURATION`` in any unit: refused before ``int()``
(which refuses over 4,300 digits) and before ``timedelta`` (which overflows)."""
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_SHOWN = 80
_CONTROL_MULTILINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- value types -------------------------------------------------------------


def shown(value: Any) -> str:
    """A plan value as a message quotes it: long text cut, so a 10 MB value is not echoed."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= _SHOWN:
        return text
    return f"{text[: _SHOWN - 20]}… ({len(text):,} characters)"


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use lowercase letters, digits and '-' only",
            {"value": shown(value)},
        )
    return value


def _single_line(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "this text must not be empty")
    if _CONTROL_RE.search(value):
        raise PydanticCustomError(
            "control_char",
            "this text must be a single line without control characters (tabs, line breaks)",
        )
    return value


def _multi_line(value: str) -> str:
    if _CONTROL_MULTILINE_RE.search(value):
        raise PydanticCustomError(
            "control_char", "this text contains control characters; remove them"
        )
    return value


def _as_date(value: Any) -> Any:
    if isinstance(value, date):
        parsed = value
    elif not isinstance(value, str) or not _DATE_RE.match(value):
        raise PydanticCustomError(
            "date_format",
            "'{value}' is not a date: write it as YYYY-MM-DD",
            {"value": shown(value)},
        )
    else:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_value", "'{value}' is not a real calendar date", {"value": shown(value)}
            ) from None
    if not date_supported(parsed):
        raise PydanticCustomError(
            "date_range",
            "{value} is outside the dates tourctl supports ({range})",
            {"value": parsed.isoformat(), "range": DATE_RANGE},
        )
    return parsed


def _as_time(value: Any) -> Any:
    if isinstance(value, time):
        return value
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "time_format",
            "'{value}' is not a time: write it as HH:MM, e.g. \"19:00\"",
            {"value": shown(value)},
        )
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise PydanticCustomError(
            "time_value", "'{value}' is not a time of day (00:00 to 23:59)", {"value": shown(value)}
        )
    return time(hour, minute)


class DurationTooLong(ValueError):
    """A duration written correctly but longer than ``MAX_DURATION`` (or than any timedelta)."""


def parse_duration(value: str) -> timedelta | None:
    """``2h``, ``90m``, ``1h30m`` → timedelta; None if the text is not such a duration.

    Raises ``DurationTooLong`` past ``MAX_DURATION``: ``99999999999h`` is a duration
    as written, but no timedelta can hold it, and no event lasts that long.
    """
    match = _DURATION_RE.match(value.strip())
    if match is None or not (match[1] or match[2]):
        return None
    hours, minutes = match[1] or "0", match[2] or "0"
    if max(len(hours.lstrip("0")), len(minutes.lstrip("0"))) > _DURATION_DIGITS:
        raise DurationTooLong(value)
    parsed = timedelta(hours=int(hours), minutes=int(minutes))
    if parsed > MAX_DURATION:
        raise DurationTooLong(value)
    return parsed


def _as_duration(value: Any) -> Any:
    try:
        if isinstance(value, timedelta):
            if value > MAX_DURATION:
                raise DurationTooLong(str(value))
            parsed: timedelta | None = value
        else:
            parsed = parse_duration(value) if isinstance(value, str) else None
    except DurationTooLong:
        raise PydanticCustomError(
            "duration_range",
            "'{value}' is longer than tourctl supports (at most {hours}h); "
            "for a longer stretch, give each day its own event",
            {"value": shown(value), "hours": int(MAX_DURATION.total_seconds()) // 3600},
        ) from None
    if parsed is None:
        raise PydanticCustomError(
            "duration_format",
            "'{value}' is not a duration: write it like 2h, 90m or 1h30m",
            {"value": shown(value)},
        )
    if parsed <= timedelta(0):
        raise PydanticCustomError("duration_value", "a duration must be longer than zero")
    return parsed


def _country(value: str) -> str:
    codes = tzdata.country_codes()
    if value not in codes:
        hint = ""
        if value.upper() in codes:
            hint = f"; did you mean '{value.upper()}'?"
        raise PydanticCustomError(
            "country",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (like CZ, DE, NO){hint}",
            {"value": shown(value), "hint": hint},
        )
    return value


def _timezone(value: str) -> str:
    if not tzdata.is_zone(value):
        from difflib import get_close_matches

        close = get_close_matches(value, sorted(tzdata.zone_names()), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise PydanticCustomError(
            "timezone",
            "'{value}' is not an IANA time zone name (like Europe/Prague){hint}",
            {"value": shown(value), "hint": hint},
        )
    return value


def _language(value: str) -> str:
    from tourctl.languages import ISO_639_1

    if value not in ISO_639_1:
        raise PydanticCustomError(
            "language",
            "'{value}' is not an ISO 639-1 language code (like en, ru, cs)",
            {"value": shown(value)},
        )
    return value


def _url(value: str) -> str:
    from tourctl.contacts.syntax import url_problem

    problem = url_problem(value)
    if problem is not None:
        raise PydanticCustomError(
            "url", "'{value}' is {reason}", {"value": shown(value), "reason": problem.reason}
        )
    return value


def _coordinates(value: tuple[float, float]) -> tuple[float, float]:
    lat, lon = value
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise PydanticCustomError(
            "coordinates",
            "coordinates are [latitude, longitude]: latitude -90..90, longitude -180..180",
        )
    return value


StrictStr = Annotated[str, Field(strict=True)]
Slug = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9-]+$"}),
]
Line = Annotated[str, Field(strict=True), AfterValidator(_single_line)]
Text = Annotated[str, Field(strict=True), AfterValidator(_multi_line)]
Country = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"}),
]
TimeZoneName = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_timezone),
    WithJsonSchema({"type": "string", "description": "IANA zone name"}),
]
Language = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2}$"}),
]
Url = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "pattern": "^https?://"}),
]
PlanDate = Annotated[
    date,
    BeforeValidator(_as_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
LocalTime = Annotated[
    time,
    BeforeValidator(_as_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]
Duration = Annotated[
    timedelta,
    BeforeValidator(_as_duration),
    WithJsonSchema({"type": "string", "pattern": r"^(\d+h)?(\d+m)?$"}),
]
Coordinates = Annotated[tuple[float, float], AfterValidator(_coordinates)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Organizer(_Model):
    name: Line
    email: Line | None = None
    website: Url | None = None


class Tour(_Model):
    id: Slug = Field(description="slug [a-z0-9-]+; part of every event's identity")
    title: Line
    organizer: Organizer
    description: Text | None = None
    timezone: TimeZoneName | None = None


class Person(_Model):
    id: Slug
    name: Line
    role: Line | None = None


class Contact(_Model):
    name: Line
    role: Line | None = None
    email: Line | None = None
    phone: Line | None = Field(default=None, description='in quotes, e.g. "+420 601 234 567"')
    website: Url | None = None
    visibility: Visibility = Visibility.PARTNERS


class Venue(_Model):
    id: Slug
    name: Line
    city: Line
    country: Country
    address: Line | None = None
    address_visibility: Visibility = Visibility.PUBLIC
    timezone: TimeZoneName | None = None
    coordinates: Coordinates | None = None
    capacity: Annotated[int, Field(strict=True, ge=1)] | None = None
    accessibility: Text | None = None
    contacts: list[Contact] = Field(default_factory=list)


class Event(_Model):
    id: Slug | None = Field(default=None, description="default: '<venue>-<date>'")
    title: Line
    venue: Slug
    date: PlanDate
    start: LocalTime | None = None
    end: LocalTime | None = None
    duration: Duration | None = None
    doors: LocalTime | None = None
    all_day: Annotated[bool, Field(strict=True)] = False
    format: EventFormat | None = None
    languages: list[Language] = Field(default_factory=list)
    speakers: list[Slug] = Field(default_factory=list)
    status: Status = Status.TENTATIVE
    visibility: Visibility = Visibility.PUBLIC
    registration: Url | None = None
    description: Text | None = None
    notes: Text | None = None

    @property
    def key(self) -> str:
        """The event's id in the tour: its ``id``, else ``<venue>-<date>``."""
        return self.id or f"{self.venue}-{self.date.isoformat()}"


class Plan(_Model):
    version: Literal[1]
    tour: Tour
    people: list[Person] = Field(default_factory=list)
    venues: list[Venue] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    ignore: list[StrictStr] = Field(
        default_factory=list, description="finding codes to silence for this plan"
    )

    def venue_by_id(self) -> dict[str, Venue]:
        return {venue.id: venue for venue in self.venues}


def json_schema() -> dict[str, Any]:
    """The plan's JSON Schema, generated from the models so the two cannot drift apart."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tourctl plan, format version 1"
    return schema

"""The plan, format version 1, as pydantic models (the format is in SPEC.md / docs/plan-format.md).

The models check single values (a slug, a date, a zone name). Rules that tie
several values together (``end`` xor ``duration``, references between ids,
time zones resolved from the city) live in ``tourctl.checks`` so that each
problem is reported at the exact key it concerns, and all of them in one run.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from tourctl.enums import EventFormat, Status, TravelMode, Visibility
from tourctl.places import tzdata
from tourctl.ranges import DATE_RANGE, MAX_DURATION, date_supported

SLUG_RE = re.compile(r"^[a-z0-9-]+$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$")
_DURATION_RE = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")
_DURATION_DIGITS = 7
"""More digits than this is far past ``MAX_DURATION`` in any unit: refused before ``int()``
(which refuses over 4,300 digits) and before ``timedelta`` (which overflows)."""
_SHOWN = 80
# C0 and C1 controls (NEL, U+0085, is a C1 control) and Unicode's line and paragraph
# separators: line breaks to some readers (node-ical drops a description with U+2028).
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_MULTILINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OTHER_LINE_BREAKS = str.maketrans({"\u0085": "\n", "\u2028": "\n", "\u2029": "\n"})


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
    """Line breaks other than LF (NEL, U+2028, U+2029) become LF, so every reader breaks there."""
    value = value.translate(_OTHER_LINE_BREAKS)
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


def _as_datetime(value: Any) -> Any:
    """``2024-05-03 09:12`` (or with a ``T``) → a naive local datetime."""
    if isinstance(value, datetime):
        return value
    match = _DATETIME_RE.match(value) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "datetime_format",
            "'{value}' is not a date and time: write it as YYYY-MM-DD HH:MM, e.g. 2024-05-03 09:12",
            {"value": shown(value)},
        )
    return datetime.combine(_as_date(match[1]), _as_time(match[2]))


def _as_date_or_datetime(value: Any) -> Any:
    """A check-in or check-out: ``2024-05-03`` or ``2024-05-03 15:00``."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        return _as_date(value)
    if isinstance(value, str) and _DATETIME_RE.match(value):
        return _as_datetime(value)
    raise PydanticCustomError(
        "datetime_format",
        "'{value}' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DD HH:MM)",
        {"value": shown(value)},
    )


def _not_public(value: Visibility) -> Visibility:
    if value is Visibility.PUBLIC:
        raise PydanticCustomError(
            "travel_public",
            "travel and stays are never public: use `partners` (a host who meets them) or `team`",
        )
    return value


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
LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_as_datetime),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$"}),
]
DateOrDateTime = Annotated[
    date | datetime,
    BeforeValidator(_as_date_or_datetime),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$"}),
]
TravelVisibility = Annotated[Visibility, AfterValidator(_not_public)]


class _Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, not when its
    # class is defined. Only ``Plan`` validates plans (its validator includes the
    # nested models'), so the others' own validators are never paid for.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


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
    visibility: Visibility = Field(
        default=Visibility.PUBLIC, description="who may see the name (default: public)"
    )
    public_name: Line | None = Field(
        default=None, description="what audiences below `visibility` see instead of the name"
    )
    phone: Line | None = Field(default=None, description="team only (day sheets, emergencies)")
    email: Line | None = Field(default=None, description="team only")


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
    crew: list[Slug] = Field(
        default_factory=list, description="people who are there but not billed (team only)"
    )
    status: Status = Status.TENTATIVE
    visibility: Visibility = Visibility.PUBLIC
    announce: PlanDate | None = Field(
        default=None,
        description="the public sees the event from this date on (the venue's local date)",
    )
    registration: Url | None = None
    description: Text | None = None
    notes: Text | None = None

    @property
    def key(self) -> str:
        """The event's id in the tour: its ``id``, else ``<venue>-<date>``."""
        return self.id or f"{self.venue}-{self.date.isoformat()}"


class PlaceRef(_Model):
    """Where a leg starts or ends when it is not a venue: found like a venue's place."""

    city: Line
    country: Country
    station: Line | None = Field(default=None, description="station, airport or stop")
    address: Line | None = None
    timezone: TimeZoneName | None = None
    coordinates: Coordinates | None = None


def _endpoint_kind(value: Any) -> str:
    return ENDPOINT_PLACE if isinstance(value, (dict, PlaceRef)) else ENDPOINT_VENUE


ENDPOINT_VENUE = "<venue id>"
ENDPOINT_PLACE = "<place>"
"""Union tags of a leg's ``from``/``to``; ``errors.clean_loc`` drops them from paths."""

Endpoint = Annotated[
    Annotated[Slug, Tag(ENDPOINT_VENUE)] | Annotated[PlaceRef, Tag(ENDPOINT_PLACE)],
    Discriminator(_endpoint_kind),
    Field(description="a venue id, or a place: {city, country, station}"),
]


class Leg(_Model):
    """A journey of one or more people: team only unless raised to ``partners``."""

    id: Slug | None = Field(default=None, description="default: '<from city>-<to city>-<date>'")
    people: Annotated[list[Slug], Field(min_length=1)]
    mode: TravelMode
    from_: Endpoint = Field(alias="from")
    to: Endpoint
    depart: LocalDateTime = Field(description="local time where the leg starts")
    arrive: LocalDateTime = Field(description="local time where the leg ends")
    reference: Line | None = Field(default=None, description="train or flight number")
    booking: Line | None = Field(default=None, description="confirmation code (team only)")
    notes: Text | None = None
    visibility: TravelVisibility = Visibility.TEAM


class Stay(_Model):
    """Where people sleep: team only unless raised to ``partners``."""

    id: Slug | None = Field(default=None, description="default: '<city>-<check-in date>'")
    people: Annotated[list[Slug], Field(min_length=1)]
    name: Line
    city: Line
    country: Country
    address: Line | None = None
    timezone: TimeZoneName | None = None
    coordinates: Coordinates | None = None
    check_in: DateOrDateTime
    check_out: DateOrDateTime
    phone: Line | None = None
    booking: Line | None = None
    notes: Text | None = None
    visibility: TravelVisibility = Visibility.TEAM


def check_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def slug_of(name: str) -> str:
    """``"Kraków"`` → ``"krakow"``: a place name as it appears in a default id."""
    from tourctl.places.gazetteer import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "place"


class PublishSettings(_Model):
    """How ``tourctl publish`` names the tour's secret feeds."""

    rotate: dict[StrictStr, Annotated[int, Field(strict=True, ge=0)]] = Field(
        default_factory=dict,
        description="feed → a counter; raising it gives that feed a new secret address "
        "(`partners`, `team`, `venue:<venue id>`, `person:<person id>`)",
    )


class Plan(_Model):
    version: Literal[1]
    tour: Tour
    people: list[Person] = Field(default_factory=list)
    venues: list[Venue] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    travel: list[Leg] = Field(default_factory=list)
    stays: list[Stay] = Field(default_factory=list)
    publish: PublishSettings | None = None
    ignore: list[StrictStr] = Field(
        default_factory=list, description="finding codes to silence for this plan"
    )

    def venue_by_id(self) -> dict[str, Venue]:
        """Venue id → venue (the first of a duplicated id); built once per plan."""
        return self._venues_by_id

    @cached_property
    def _venues_by_id(self) -> dict[str, Venue]:
        found: dict[str, Venue] = {}
        for venue in self.venues:
            found.setdefault(venue.id, venue)
        return found

    def endpoint_city(self, endpoint: str | PlaceRef) -> str:
        if isinstance(endpoint, PlaceRef):
            return endpoint.city
        venue = self.venue_by_id().get(endpoint)
        return venue.city if venue is not None else endpoint

    @cached_property
    def leg_keys(self) -> tuple[str, ...]:
        """Each leg's id: its ``id``, else ``<from city>-<to city>-<departure date>``."""
        return tuple(
            leg.id
            or f"{slug_of(self.endpoint_city(leg.from_))}-{slug_of(self.endpoint_city(leg.to))}"
            f"-{leg.depart.date().isoformat()}"
            for leg in self.travel
        )

    @cached_property
    def stay_keys(self) -> tuple[str, ...]:
        """Each stay's id: its ``id``, else ``<city>-<check-in date>``."""
        return tuple(
            stay.id or f"{slug_of(stay.city)}-{check_date(stay.check_in).isoformat()}"
            for stay in self.stays
        )


def json_schema() -> dict[str, Any]:
    """The plan's JSON Schema, generated from the models so the two cannot drift apart."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tourctl plan, format version 1"
    return schema

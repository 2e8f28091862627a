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
        from tourctl.places.countries import code_for

        hint = ""
        named = value.upper() if value.upper() in codes else code_for(value)
        if named is not None:
            hint = f"; did you mean '{named}'?"
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
    from tourctl.languages import ISO_639_1, LANGUAGE_NAMES

    if value not in ISO_639_1:
        named = value.lower() if value.lower() in ISO_639_1 else None
        named = named or LANGUAGE_NAMES.get(value.strip().casefold())
        raise PydanticCustomError(
            "language",
            "'{value}' is not an ISO 639-1 language code (like en, ru, cs){hint}",
            {"value": shown(value), "hint": f"; did you mean '{named}'?" if named else ""},
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
# --- the same rules, as JSON Schema (for editors: ``tourctl schema``) ----------------------
# Each type's schema says what its validator enforces, as far as JSON Schema can: a test runs
# a JSON Schema validator over tests/plans/valid and tests/plans/invalid (test_schema.py).

_NOT_CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
_LINE_PATTERN = f"^[^{_NOT_CONTROL}]*[^\\s{_NOT_CONTROL}][^{_NOT_CONTROL}]*$"
_TEXT_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]*$"
_DATE = (  # the years of ranges.FIRST_DATE to LAST_DATE (test_schema holds them together)
    r"(?:19\d\d|2\d{3})-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2\d))"
)
_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d"
_DURATION_PATTERN = (  # at most 168h (ranges.MAX_DURATION) as far as a pattern can say it:
    # whole hours up to 168 and minutes up to 5 digits; 167h9999m is for validate to refuse
    r"^\s*(?:0*(?:\d{1,2}|1[0-5]\d|16[0-7])h(?:\d{1,5}m)?|0*168h(?:0+m)?|0*\d{1,5}m)\s*$"
)


_ENUM = "x-tourctl-enum"
"""A type's schema names the list its values come from; ``json_schema`` writes the list in
(reading tzdata's 600 zone names when the schema is printed, not when the model is imported)."""


def _codes(name: str, description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", _ENUM: name, "description": description})


def _enum_values(name: str) -> list[str]:
    from tourctl.languages import ISO_639_1

    if name == "countries":
        return sorted(tzdata.country_codes())
    if name == "zones":
        return sorted(zone for zone in tzdata.zone_names() if tzdata.is_zone(zone))
    return sorted(ISO_639_1)


Slug = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9-]+$"}),
]
Line = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_single_line),
    WithJsonSchema({"type": "string", "pattern": _LINE_PATTERN}),
]
Text = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_multi_line),
    WithJsonSchema({"type": "string", "pattern": _TEXT_PATTERN}),
]
Country = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_country),
    _codes("countries", "ISO 3166-1 alpha-2 country code, e.g. CZ"),
]
TimeZoneName = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_timezone),
    _codes("zones", "IANA time zone name, e.g. Europe/Prague"),
]
Language = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_language),
    _codes("languages", "ISO 639-1 language code, e.g. en"),
]
Url = Annotated[
    str,
    Field(strict=True),
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "pattern": r"^\s*[hH][tT][tT][pP][sS]?://[^\s/?#]+\S*\s*$"}),
]
PlanDate = Annotated[
    date,
    BeforeValidator(_as_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{_DATE}$"}),
]
LocalTime = Annotated[
    time,
    BeforeValidator(_as_time),
    WithJsonSchema({"type": "string", "pattern": f"^{_TIME}$"}),
]
Duration = Annotated[
    timedelta,
    BeforeValidator(_as_duration),
    WithJsonSchema({"type": "string", "pattern": _DURATION_PATTERN}),
]
Coordinates = Annotated[
    tuple[float, float],
    AfterValidator(_coordinates),
    WithJsonSchema(
        {
            "type": "array",
            "prefixItems": [
                {"type": "number", "minimum": -90, "maximum": 90, "description": "latitude"},
                {"type": "number", "minimum": -180, "maximum": 180, "description": "longitude"},
            ],
            "minItems": 2,
            "maxItems": 2,
        }
    ),
]
LocalDateTime = Annotated[
    datetime,
    BeforeValidator(_as_datetime),
    WithJsonSchema({"type": "string", "pattern": f"^{_DATE}[ T]{_TIME}$"}),
]
DateOrDateTime = Annotated[
    date | datetime,
    BeforeValidator(_as_date_or_datetime),
    WithJsonSchema({"type": "string", "pattern": f"^{_DATE}(?:[ T]{_TIME})?$"}),
]
TravelVisibility = Annotated[
    Visibility,
    AfterValidator(_not_public),
    WithJsonSchema({"type": "string", "enum": ["partners", "team"]}),
]


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
    address_visibility: Visibility = Visibility.PARTNERS
    timezone: TimeZoneName | None = None
    coordinates: Coordinates | None = None
    capacity: Annotated[int, Field(strict=True, ge=1)] | None = None
    accessibility: Text | None = None
    contacts: list[Contact] = Field(default_factory=list)
    ignore: list[StrictStr] = Field(
        default_factory=list,
        description="warning codes to silence for this venue and the events held there",
    )


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
    ignore: list[StrictStr] = Field(
        default_factory=list, description="warning codes to silence for this event only"
    )

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


DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Plan": {
        "version": "the plan format's version: 1",
        "tour": "the tour: its id, title, organizer, description and default time zone",
        "people": "speakers and crew; events name them in `speakers` and `crew`",
        "venues": "where events take place",
        "events": "the programme: one item per event (or all-day item)",
        "travel": "journeys of the people: trains, flights, … (team only unless partners)",
        "stays": "where the people sleep (team only unless partners)",
        "publish": "how `tourctl publish` names the secret feeds",
    },
    "Tour": {
        "title": "names the exported calendars",
        "organizer": "who runs the tour: shown in every calendar",
        "description": "what the tour is about: the calendars' description",
        "timezone": "the zone of venues whose city and country do not settle it",
    },
    "Organizer": {
        "name": "the organizing group or person",
        "email": "the organizer's email address",
        "website": "the organizer's website (http:// or https://)",
    },
    "Person": {
        "id": "slug [a-z0-9-]+: what events, legs and stays name",
        "name": "the name as shown to audiences that may see it",
        "role": "speaker, crew, … (team only)",
    },
    "Venue": {
        "id": "slug [a-z0-9-]+, unique: what events name in `venue`",
        "name": "the venue's name, shown to everyone who sees its events",
        "city": "local or English name; sets the time zone and coordinates",
        "country": "ISO 3166-1 alpha-2, upper case (CZ, NO)",
        "address": "street address; who sees it: `address_visibility`",
        "address_visibility": "who may see the address and coordinates (default: partners)",
        "timezone": "IANA zone; default: the city's, the country's only one, the tour's",
        "coordinates": "[latitude, longitude]; default: the city's",
        "capacity": "seats, a whole number of at least 1 (never shown)",
        "accessibility": "how to get in: shown with the venue's events",
        "contacts": "people at the venue, each shown as its `visibility` allows",
    },
    "Contact": {
        "name": "the contact's name",
        "role": "host, bookseller, …",
        "email": "email address",
        "website": "web address (http:// or https://)",
        "visibility": "who may see this contact (default: partners)",
    },
    "Event": {
        "title": "the calendar entry's title, as written",
        "venue": "the id of a venue in `venues`",
        "date": "the local date at the venue, YYYY-MM-DD",
        "start": 'local start time at the venue, "HH:MM" in quotes',
        "end": 'local end time, "HH:MM"; or give `duration` (exactly one of the two)',
        "duration": "how long: 2h, 90m, 1h30m; or give `end` (exactly one of the two)",
        "doors": 'when doors open, "HH:MM"',
        "all_day": "true for a day of meetings, travel or rest: no start, end or doors",
        "format": "discussion, lecture, workshop, screening, meeting or other",
        "languages": "ISO 639-1 codes: [en, ru]",
        "speakers": "ids of people in `people`",
        "status": "confirmed, tentative or cancelled (default: tentative)",
        "visibility": "who sees the event: public, partners or team (default: public)",
        "registration": "registration page (http:// or https://)",
        "description": "shown to everyone who sees the event",
        "notes": "for the team only",
    },
    "Leg": {
        "people": "ids of the people travelling (at least one)",
        "mode": "train, bus, flight, car, ferry or other",
        "from": "where the leg starts: a venue id, or {city, country, station}",
        "to": "where the leg ends: a venue id, or {city, country, station}",
        "notes": "for the team only",
        "visibility": "team (default) or partners (a host meeting them at the station)",
    },
    "Stay": {
        "people": "ids of the people staying (at least one)",
        "name": "hotel, flat or host",
        "city": "local or English name; sets the time zone",
        "country": "ISO 3166-1 alpha-2, upper case",
        "address": "street address",
        "timezone": "IANA zone, if the city and country do not settle it",
        "coordinates": "[latitude, longitude]; default: the city's",
        "check_in": "YYYY-MM-DD, or YYYY-MM-DD HH:MM",
        "check_out": "YYYY-MM-DD, or YYYY-MM-DD HH:MM (the morning of leaving)",
        "phone": 'the stay\'s phone number, in quotes: "+48 12 000 00 00"',
        "booking": "confirmation code (team only)",
        "notes": "for the team only",
        "visibility": "team (default) or partners",
    },
    "PlaceRef": {
        "city": "local or English name; sets the time zone and coordinates",
        "country": "ISO 3166-1 alpha-2, upper case",
        "address": "street address (never shown)",
        "timezone": "IANA zone, if the city and country do not settle it",
        "coordinates": "[latitude, longitude]; default: the city's",
    },
}
"""Hover text for every field a model does not describe itself (``Field(description=…)``);
``json_schema`` puts it in, and a test checks that every property of the schema has one."""

_EVENT_TIMES: dict[str, Any] = {
    "allOf": [
        {"not": {"required": ["end", "duration"]}},
        {
            "if": {"properties": {"all_day": {"const": True}}, "required": ["all_day"]},
            "then": {
                "properties": {"start": False, "end": False, "duration": False, "doors": False}
            },
            "else": {
                "required": ["start"],
                "anyOf": [{"required": ["end"]}, {"required": ["duration"]}],
            },
        },
    ]
}
"""What ``checks.structure.event_times`` says, in JSON Schema: `end` or `duration`, not both;
an all-day item has no times; any other item has a start and an end."""


def json_schema() -> dict[str, Any]:
    """The plan's JSON Schema, generated from the models so the two cannot drift apart:
    a description for every field (the hover text of editors), and what validate enforces
    where JSON Schema can say it (patterns, enums of codes and zones, the event's times)."""
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tourctl plan, format version 1"
    models = {"Plan": schema, **schema.get("$defs", {})}
    for name, model in models.items():
        for key, prop in model.get("properties", {}).items():
            described = DESCRIPTIONS.get(name, {}).get(key)
            if described is not None and "description" not in prop:
                prop["description"] = described
    schema["$defs"]["Event"].update(_EVENT_TIMES)
    _fill_enums(schema)
    return schema


def _fill_enums(node: Any) -> None:
    if isinstance(node, dict):
        name = node.pop(_ENUM, None)
        if name is not None:
            node["enum"] = _enum_values(name)
        for value in node.values():
            _fill_enums(value)
    elif isinstance(node, list):
        for value in node:
            _fill_enums(value)

"""VTIMEZONEs that ical.js, vobject and icalendar all read as tzdata means them.

Each check builds a small calendar whose events carry a TZID and the
VTIMEZONE from ``tourctl.export.vtimezone``, lets the three parsers of
``tests.icsparsers`` turn every event into a UTC instant from that VTIMEZONE
alone, and compares with Python's zoneinfo on the same tzdata release.

Issue 4 is why: icalendar's own VTIMEZONEs (RDATE lists) put Prague and Oslo
summer evenings an hour off in ical.js and vobject.
"""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.icsparsers import (
    Parsed,
    ParserError,
    parse_many_with_icaljs,
    parse_with_icalendar,
    parse_with_icaljs,
    parse_with_vobject,
)
from tourctl.export import vtimezone as vtz
from tourctl.export.vtimezone import vtimezone

# The zones organizers use, and zones whose rules are unusual: negative DST
# (Dublin), southern hemisphere (Sydney, Santiago), no DST any more (Moscow,
# Istanbul, Minsk, Tbilisi), rule times past midnight (Jerusalem, Nuuk,
# Santiago), rules no RRULE can state (Cairo), Ramadan breaks (Casablanca),
# quarter-hour offsets (Chatham), a two-hour DST (Troll), DST abolished
# recently (Apia), and an alias (Europe/Kiev).
REQUIRED_ZONES = [
    "Europe/Prague",
    "Europe/Oslo",
    "Europe/Berlin",
    "Europe/Kyiv",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Europe/Minsk",
    "Asia/Tbilisi",
    "Europe/Dublin",
    "Atlantic/Azores",
    "America/New_York",
    "Australia/Sydney",
    "UTC",
]
EXTRA_ZONES = [
    "America/Santiago",
    "Asia/Jerusalem",
    "America/Nuuk",
    "Africa/Cairo",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "Pacific/Apia",
    "Europe/Kiev",
]
ZONES = REQUIRED_ZONES + EXTRA_ZONES
NO_DST_NOW = {
    "Europe/Moscow",
    "Europe/Istanbul",
    "Europe/Minsk",
    "Asia/Tbilisi",
    "UTC",
    "Pacific/Apia",
}
NO_YEARLY_RULE = {"Africa/Cairo", "Africa/Casablanca"}  # explicit transitions, always
YEARS = (1990, 2010, 2024, 2030)
# Each calendar holds events of these years: one year, or all four together
# (a VTIMEZONE with history from 1989 and the current rule from 1996 on).
SPANS = [(year,) for year in YEARS] + [YEARS]
ALL_ZONES = importlib.resources.files("tzdata").joinpath("zones").read_text().split()
PARSERS: dict[str, Callable[[bytes], Parsed]] = {
    "ical.js": parse_with_icaljs,
    "vobject": parse_with_vobject,
    "icalendar": parse_with_icalendar,
}


# -- building calendars and what they should say -----------------------------


@cache
def tzdata_zone(zone: str) -> ZoneInfo:
    """The zone from the ``tzdata`` package, the release VTIMEZONEs are made from.

    ``ZoneInfo(zone)`` prefers the operating system's copy, which may be an
    older or newer release; comparing across releases would test the releases.
    """
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *zone.split("/"))
    with path.open("rb") as file:
        return ZoneInfo.from_file(file, key=zone)


def instant(zone: str, wall: datetime) -> str:
    """What tzdata says a local time is, as the parsers write instants."""
    utc = wall.replace(tzinfo=tzdata_zone(zone)).astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def unambiguous(zone: str, wall: datetime) -> bool:
    """Whether a local time occurs exactly once (not in a DST gap or fold)."""
    tz = tzdata_zone(zone)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return first.utcoffset() == second.utcoffset() and round_trip == wall


def transition_days(zone: str, year: int) -> Iterator[date]:
    """Days of ``year`` on whose noon the UTC offset differs from the day before."""
    tz = tzdata_zone(zone)
    day = date(year, 1, 1)
    previous = datetime(year - 1, 12, 31, 12, tzinfo=tz).utcoffset()
    while day.year == year:
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset()
        if offset != previous:
            yield day
        previous, day = offset, day + timedelta(days=1)


def evening_times(zone: str, years: tuple[int, ...]) -> list[datetime]:
    """19:00 on 15 January and 15 July, and the evenings around each transition."""
    walls = []
    for year in years:
        days = {date(year, 1, 15), date(year, 7, 15)}
        for day in transition_days(zone, year):
            days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
        walls += [datetime(d.year, d.month, d.day, 19) for d in sorted(days)]
    return [w for w in walls if unambiguous(zone, w)]


def calendar(zone: str, walls: list[datetime], tz: icalendar.Timezone | None = None) -> bytes:
    """A calendar with a two-hour event at each local time, and the zone's VTIMEZONE.

    The events are written as text: icalendar would turn ``TZID=UTC`` into a
    ``Z`` time and leave the UTC VTIMEZONE unread.
    """
    tz = tz if tz is not None else vtimezone(zone, min(walls), max(walls))
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{index}@tests.tourctl\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART;TZID={zone}:{wall:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID={zone}:{wall + timedelta(hours=2):%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
        for index, wall in enumerate(walls)
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tourctl//tests//EN\r\n"
        f"{tz.to_ical().decode()}{events}END:VCALENDAR\r\n"
    ).encode()


@dataclass(frozen=True)
class Case:
    zone: str
    years: tuple[int, ...]
    walls: list[datetime]
    ics: bytes

    def expected(self) -> list[tuple[str, str]]:
        return [
            (instant(self.zone, w), instant(self.zone, w + timedelta(hours=2))) for w in self.walls
        ]


@pytest.fixture(scope="module")
def cases() -> dict[tuple[str, tuple[int, ...]], Case]:
    built: dict[tuple[str, tuple[int, ...]], Case] = {}
    for zone in ZONES:
        for years in SPANS:
            walls = evening_times(zone, years)
            built[zone, years] = Case(zone, years, walls, calendar(zone, walls))
    return built


@pytest.fixture(scope="module")
def icaljs_readings(cases: dict[tuple[str, tuple[int, ...]], Case]) -> dict[object, Parsed]:
    """Every case read by ical.js in one Node process."""
    return dict(zip(cases, parse_many_with_icaljs([c.ics for c in cases.values()]), strict=True))


def readings(parsed: Parsed) -> list[tuple[str, str]]:
    return [(event["start"], event["end"]) for event in parsed["events"]]


def components(tz: icalendar.Timezone) -> list[Any]:
    """The observances, typed loosely: icalendar's property types are a 30-way union."""
    return list(tz.subcomponents)


# -- every parser reads every zone as tzdata does ------------------------------


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("years", SPANS, ids=lambda span: "+".join(map(str, span)))
@pytest.mark.parametrize("zone", ZONES)
def test_parser_reads_tzdata_instants(
    zone: str,
    years: tuple[int, ...],
    parser: str,
    cases: dict[tuple[str, tuple[int, ...]], Case],
    request: pytest.FixtureRequest,
) -> None:
    case = cases[zone, years]
    assert any(w.month == 7 and w.day == 15 for w in case.walls)
    if parser == "ical.js":
        parsed = request.getfixturevalue("icaljs_readings")[zone, years]
    else:
        parsed = PARSERS[parser](case.ics)
    wrong = [
        (wall.isoformat(), want, got)
        for wall, want, got in zip(case.walls, case.expected(), readings(parsed), strict=True)
        if want != got
    ]
    assert not wrong, f"{parser} reads {zone} differently from tzdata: {wrong[:5]}"
    assert {e["start_tzid"] for e in parsed["events"]} == {zone}


def test_icaljs_reads_every_tzdata_zone_in_this_decade() -> None:
    """All 598 zones, 2024-2027, in one Node process: no zone is a special case."""
    walls = [datetime(y, m, 15, 19) for y in range(2024, 2028) for m in (1, 4, 7, 10)]
    calendars, expected = [], []
    for zone in ALL_ZONES:
        events = "".join(
            f"BEGIN:VEVENT\r\nUID:{i}\r\nDTSTAMP:20240101T000000Z\r\n"
            f"DTSTART;TZID={zone}:{w:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
            for i, w in enumerate(walls)
        )
        tz = vtimezone(zone, walls[0], walls[-1]).to_ical().decode()
        calendars.append(
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{tz}{events}END:VCALENDAR\r\n"
        )
        expected.append([instant(zone, w) for w in walls])
    parsed = parse_many_with_icaljs([c.encode() for c in calendars])
    wrong = [
        zone
        for zone, want, got in zip(ALL_ZONES, expected, parsed, strict=True)
        if [e["start"] for e in got["events"]] != want
    ]
    assert len(ALL_ZONES) > 500
    assert not wrong


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ALL_ZONES),
    walls=st.lists(
        st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31)).map(
            lambda d: d.replace(second=0, microsecond=0)
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_vobject_and_icalendar_read_any_zone_and_date(zone: str, walls: list[datetime]) -> None:
    walls = [w for w in walls if unambiguous(zone, w)]
    assume(walls)
    ics = calendar(zone, walls)
    want = [instant(zone, w) for w in walls]
    assert [e["start"] for e in parse_with_vobject(ics)["events"]] == want
    assert [e["start"] for e in parse_with_icalendar(ics)["events"]] == want


def test_tzif_and_tz_rule_reading_matches_zoneinfo_for_every_zone() -> None:
    """The TZif table and POSIX rule as read here give zoneinfo's offset, for all zones.

    Checked a second either side of every transition up to 2060 (the rule
    takes over after the file's table) and at instants spread over 1900-2060.
    """
    until = int((datetime(2060, 1, 1) - datetime(1970, 1, 1)).total_seconds())
    spread = range(
        int((datetime(1900, 1, 1) - datetime(1970, 1, 1)).total_seconds()), until, 8_640_013
    )
    wrong = []
    for zone in ALL_ZONES:
        timeline = vtz._actual(vtz._zone_data(zone), until)
        tz = tzdata_zone(zone)
        for at in sorted({*spread, *(t + d for t in timeline.instants for d in (-1, 0))}):
            want = (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=at)).astimezone(tz)
            if timedelta(seconds=timeline.type_at(at).offset) != want.utcoffset():
                wrong.append((zone, want.isoformat()))
                break
    assert not wrong


# -- the shape clients read best ------------------------------------------------


def test_prague_is_the_two_yearly_rules_of_issue_4() -> None:
    tz = vtimezone("Europe/Prague", datetime(2024, 5, 2, 19), datetime(2024, 10, 30, 19))
    assert tz.to_ical().decode().split("\r\n") == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Prague",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]


@pytest.mark.parametrize("year", [2024, 2030])
@pytest.mark.parametrize("zone", [z for z in ZONES if z not in NO_YEARLY_RULE])
def test_current_rule_is_stated_from_1970(zone: str, year: int) -> None:
    """Yearly RRULEs (or one fixed offset) from 1970: the libical/Thunderbird convention."""
    tz = vtimezone(zone, datetime(year, 1, 15, 19), datetime(year, 12, 15, 19))
    subs = components(tz)
    assert {sub["DTSTART"].dt.year for sub in subs} == {1970}
    if zone in NO_DST_NOW:
        assert [(s.name, "RRULE" in s) for s in subs] == [("STANDARD", False)]
        assert subs[0]["TZOFFSETFROM"].td == subs[0]["TZOFFSETTO"].td
    else:
        assert sorted(s.name for s in subs) == ["DAYLIGHT", "STANDARD"]
        assert all(s["RRULE"]["FREQ"] == ["YEARLY"] for s in subs)


@pytest.mark.parametrize("zone", ZONES)
def test_no_rdate_no_rule_end_and_an_observance_before_the_events(zone: str) -> None:
    """ical.js skips a DTSTART that has RDATEs, and reads offset 0 before the first onset."""
    for years in SPANS:
        start = datetime(years[0], 1, 15, 19)
        subs = components(vtimezone(zone, start, datetime(years[-1], 7, 15, 19)))
        assert min(sub["DTSTART"].dt for sub in subs) < start
        for sub in subs:
            assert "RDATE" not in sub and "EXDATE" not in sub
            if "RRULE" in sub:
                assert not {"UNTIL", "COUNT"} & set(sub["RRULE"])


def test_history_then_rule_for_a_span_from_1990() -> None:
    """Prague before 1996 ended summer time in September: one observance per transition."""
    tz = vtimezone("Europe/Prague", datetime(1990, 1, 15, 19), datetime(2030, 5, 2, 19))
    subs = components(tz)
    explicit, ruled = subs[:-2], subs[-2:]
    assert explicit[0]["DTSTART"].dt == datetime(1989, 9, 24, 3)  # the change before the events
    assert all("RRULE" not in s for s in explicit)
    assert len(explicit) == 13  # September 1989 to September 1995
    assert [(s.name, s["DTSTART"].dt) for s in ruled] == [
        ("DAYLIGHT", datetime(1996, 3, 31, 2)),
        ("STANDARD", datetime(1996, 10, 27, 3)),
    ]


def test_dublin_daylight_is_irish_summer_time() -> None:
    """tzdata calls Irish winter time a negative DST; Outlook wants DAYLIGHT to be later."""
    tz = vtimezone("Europe/Dublin", datetime(2024, 1, 1), datetime(2024, 12, 31))
    by_name = {s.name: s for s in components(tz)}
    assert str(by_name["DAYLIGHT"]["TZNAME"]) == "IST"
    assert by_name["DAYLIGHT"]["TZOFFSETTO"].td == timedelta(hours=1)
    assert str(by_name["STANDARD"]["TZNAME"]) == "GMT"
    assert by_name["STANDARD"]["TZOFFSETTO"].td == timedelta(0)


@pytest.mark.parametrize(
    ("zone", "rrules"),
    [
        # M3.4.4/26: 26 hours after the fourth Thursday of March, so a Friday, 23..29
        ("Asia/Jerusalem", ["FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3"]),
        # M3.5.0/-1: an hour before the last Sunday of March, so a Saturday, 24..30
        ("America/Nuuk", ["FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3"]),
        # M9.1.6/24 and M4.1.6/24: midnight after the first Saturday, so a Sunday, 2..8
        (
            "America/Santiago",
            [
                "FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=4",
                "FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=9",
            ],
        ),
    ],
)
def test_rule_times_past_midnight_move_the_day(zone: str, rrules: list[str]) -> None:
    tz = vtimezone(zone, datetime(2024, 1, 1), datetime(2024, 12, 31))
    written = [s["RRULE"].to_ical().decode() for s in components(tz)]
    assert all(rule in written for rule in rrules)


def test_a_rule_no_rrule_can_state_gets_explicit_transitions() -> None:
    """Cairo ends summer time on the Friday after October's last Thursday: maybe 1 November."""
    tz = vtimezone("Africa/Cairo", datetime(2024, 1, 1), datetime(2026, 12, 31))
    subs = components(tz)
    assert all("RRULE" not in s for s in subs)
    assert datetime(2024, 11, 1, 0) in [s["DTSTART"].dt for s in subs]


# -- determinism and arguments ---------------------------------------------------

BUILD_ALL = """
import sys
from datetime import datetime
from tourctl.export.vtimezone import vtimezone
for zone in sys.argv[1:]:
    for years in ((1990, 1990), (2024, 2024), (1990, 2030)):
        tz = vtimezone(zone, datetime(years[0], 1, 15, 19), datetime(years[1], 7, 15, 19))
        sys.stdout.buffer.write(tz.to_ical())
"""


def test_byte_identical_across_processes() -> None:
    """Same input, same bytes: in another interpreter, with another hash seed."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", BUILD_ALL, *ZONES],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    here = b"".join(
        vtimezone(zone, datetime(years[0], 1, 15, 19), datetime(years[1], 7, 15, 19)).to_ical()
        for zone in ZONES
        for years in ((1990, 1990), (2024, 2024), (1990, 2030))
    )
    assert runs[0] == runs[1] == here


@pytest.mark.parametrize("zone", [z for z in ZONES if z not in NO_YEARLY_RULE])
def test_same_text_for_any_span_within_the_current_rule(zone: str) -> None:
    """Adding an event in another year must not rewrite the zone (stable re-exports)."""
    texts = {
        vtimezone(zone, datetime(a, 3, 1), datetime(b, 11, 1)).to_ical()
        for a, b in [(2024, 2024), (2025, 2030), (2030, 2035)]
    }
    assert len(texts) == 1


def test_aware_bounds_are_taken_at_their_instant() -> None:
    naive = vtimezone("Europe/Moscow", datetime(2011, 1, 1), datetime(2012, 1, 1)).to_ical()
    aware = vtimezone(
        "Europe/Moscow",
        datetime(2010, 12, 31, 21, tzinfo=UTC),
        datetime(2012, 1, 1, tzinfo=ZoneInfo("Europe/Moscow")),
    ).to_ical()
    assert aware == naive


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus_Mons", "../../etc/passwd", "Europe", "", "Europe//Prague"]
)
def test_unknown_zone_is_an_error(zone: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        vtimezone(zone, datetime(2024, 1, 1), datetime(2024, 2, 1))


def test_first_after_last_is_an_error() -> None:
    with pytest.raises(ValueError, match="after"):
        vtimezone("Europe/Prague", datetime(2024, 2, 1), datetime(2024, 1, 1))


# -- what the parsers disagree on, and that the harness can fail -------------------

# The shape icalendar 7.3's add_missing_timezones() writes (issue 4): valid RFC
# 5545, but with several dates in one RDATE, of which ical.js 2.2 and vobject
# 0.9 read only the first; and ical.js ignores a DTSTART that has RDATEs.
RDATE_LIST_PRAGUE = """BEGIN:VTIMEZONE
TZID:Europe/Prague
BEGIN:STANDARD
DTSTART:20220101T000000
TZNAME:CET
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20220327T020000
RDATE:20230326T020000,20240331T020000,20250330T020000
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20221030T030000
RDATE:20231029T030000,20241027T030000,20251026T030000
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
"""


@pytest.mark.parametrize("parser", ["ical.js", "vobject"])
def test_parsers_read_the_file_vtimezone_not_their_own(parser: str) -> None:
    """A wrong VTIMEZONE must show: otherwise the tests above would prove nothing."""
    wrong: Any = icalendar.Timezone.from_ical(RDATE_LIST_PRAGUE)
    wall = datetime(2024, 7, 15, 19)
    parsed = PARSERS[parser](calendar("Europe/Prague", [wall], wrong))
    assert parsed["events"][0]["start"] != instant("Europe/Prague", wall)


@pytest.mark.parametrize(
    ("zone", "wall"),
    [
        ("Europe/Prague", datetime(2024, 10, 27, 2, 30)),
        ("Europe/Dublin", datetime(2024, 10, 27, 1, 30)),
        ("Australia/Sydney", datetime(2024, 4, 7, 2, 30)),
    ],
)
def test_a_time_in_the_autumn_fold_is_read_two_ways(zone: str, wall: datetime) -> None:
    """Why a fold is a warning: Thunderbird takes the later instant, the others the earlier."""
    earlier = instant(zone, wall)
    later = wall.replace(tzinfo=tzdata_zone(zone), fold=1).astimezone(UTC)
    later_text = later.replace(tzinfo=None).isoformat() + "Z"
    ics = calendar(zone, [wall])
    read = {name: parse(ics)["events"][0]["start"] for name, parse in PARSERS.items()}
    assert read == {"ical.js": later_text, "vobject": earlier, "icalendar": earlier}


SAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tourctl//tests//EN\r\nMETHOD:PUBLISH\r\n"
    "X-WR-CALNAME:Queer Russia: building solidarity\r\n"
    + vtimezone("Europe/Prague", datetime(2024, 5, 2), datetime(2024, 5, 2)).to_ical().decode()
    + "BEGIN:VEVENT\r\nUID:a@tourctl\r\nDTSTAMP:20240101T120000Z\r\nSEQUENCE:3\r\n"
    "SUMMARY:Russian queer community: a conversation\\, with Q&A\\; in Praha\r\n"
    "DTSTART;TZID=Europe/Prague:20240502T190000\r\n"
    "DTEND;TZID=Europe/Prague:20240502T210000\r\n"
    "LOCATION:Safespace Bookstore\\, Example street 1\\, Praha\r\n"
    "DESCRIPTION:Line one\\nLine two – žluťoučký kůň\r\n"
    "GEO:50.087;14.421\r\nCATEGORIES:DISCUSSION,TALK\r\nCATEGORIES:EN\r\n"
    "ORGANIZER;CN=ComingOut:mailto:tour@example.org\r\nSTATUS:CONFIRMED\r\n"
    "URL:https://example.org/register/prague\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@tourctl\r\nDTSTAMP:20240101T120000Z\r\nSUMMARY:Travel day\r\n"
    "DTSTART;VALUE=DATE:20240503\r\nDTEND;VALUE=DATE:20240504\r\nSTATUS:CANCELLED\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:c@tourctl\r\nDTSTAMP:20240101T120000Z\r\n"
    "DTSTART;TZID=Europe/Prague:20241027T190000\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:d@tourctl\r\nDTSTAMP:20240101T120000Z\r\n"
    "DTSTART;VALUE=DATE:20240505\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


def test_parsers_agree_on_what_a_person_sees() -> None:
    results = {name: parse(SAMPLE) for name, parse in PARSERS.items()}
    assert results["ical.js"] == results["vobject"] == results["icalendar"]
    parsed = results["ical.js"]
    assert (parsed["name"], parsed["method"], parsed["timezones"]) == (
        "Queer Russia: building solidarity",
        "PUBLISH",
        ["Europe/Prague"],
    )
    talk, travel, later, rest = parsed["events"]
    assert talk["summary"] == "Russian queer community: a conversation, with Q&A; in Praha"
    assert talk["description"] == "Line one\nLine two – žluťoučký kůň"
    assert (talk["start"], talk["end"], talk["start_tzid"]) == (
        "2024-05-02T17:00:00Z",
        "2024-05-02T19:00:00Z",
        "Europe/Prague",
    )
    assert talk["geo"] == [50.087, 14.421]
    assert talk["categories"] == ["DISCUSSION", "TALK", "EN"]
    assert talk["organizer"] == {"uri": "mailto:tour@example.org", "cn": "ComingOut"}
    assert (talk["sequence"], talk["dtstamp"]) == (3, "2024-01-01T12:00:00Z")
    assert travel["all_day"] and (travel["start_date"], travel["end_date"]) == (
        "2024-05-03",
        "2024-05-04",
    )
    assert travel["status"] == "CANCELLED"
    assert (later["start"], later["end"]) == ("2024-10-27T18:00:00Z", "2024-10-27T19:30:00Z")
    assert (rest["start_date"], rest["end_date"]) == ("2024-05-05", "2024-05-06")


@pytest.mark.parametrize("parser", list(PARSERS))
def test_parsers_refuse_a_tzid_without_vtimezone(parser: str) -> None:
    ics = SAMPLE.replace(b"Europe/Prague:20240502T190000", b"Europe/Oslo:20240502T190000")
    with pytest.raises(ParserError, match="Europe/Oslo"):
        PARSERS[parser](ics)


@pytest.mark.parametrize("parser", list(PARSERS))
def test_parsers_refuse_floating_times(parser: str) -> None:
    ics = SAMPLE.replace(b"DTSTART;TZID=Europe/Prague:20240502T190000", b"DTSTART:20240502T190000")
    with pytest.raises(ParserError):
        PARSERS[parser](ics)

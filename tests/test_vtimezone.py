"""VTIMEZONEs that ical.js, vobject, icalendar and libical all read as tzdata means them.

Each check builds a small calendar whose events carry a TZID and the
VTIMEZONE from ``tourctl.export.vtimezone``, lets the parsers of
``tests.icsparsers`` turn every event into a UTC instant from that VTIMEZONE
alone, and compares with Python's zoneinfo on the same tzdata release.

Issue 4 is why the shape is yearly RRULEs: icalendar's own VTIMEZONEs (RDATE
lists) put Prague and Oslo summer evenings an hour off in ical.js and vobject.
Issue 10 is why there is one VTIMEZONE per zone, whatever the events' dates:
vobject (and so Radicale) keeps the first definition of a TZID it sees, so
every definition must be right for every date a plan may have, 1900 to 2999.

What the readers themselves cannot do is allowed for, and nothing else:
ical.js drops the seconds of a UTC offset and icalendar rounds them (local
mean time before about 1920), icalendar expands yearly rules only until
2038, libical until 2582.
"""

from __future__ import annotations

import importlib.resources
import inspect
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.exportsupport import DAYLIGHT_ONLY
from tests.exportsupport import zone_calendar as calendar
from tests.icsparsers import (
    LIBICAL_HINT,
    Parsed,
    ParserError,
    libical_available,
    parse_many_with_icaljs,
    parse_many_with_libical,
    parse_with_icalendar,
    parse_with_icaljs,
    parse_with_libical,
    parse_with_vobject,
)
from tests.instants import instant, misread, tzdata_zone
from tourctl.export import vtimezone as vtz
from tourctl.export.vtimezone import FIRST_YEAR, vtimezone, vtimezone_ical

# The zones organizers use, and zones whose rules are unusual: negative DST
# (Dublin), southern hemisphere (Sydney, Santiago), no DST any more (Moscow,
# Istanbul, Minsk, Tbilisi), rule times past midnight (Jerusalem, Nuuk,
# Santiago), a rule whose day can fall in two months (Cairo), Ramadan breaks
# (Casablanca), quarter-hour offsets (Chatham), a two-hour DST (Troll), DST
# abolished recently (Apia), and an alias (Europe/Kiev).
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
    "Africa/Casablanca",  # +01 all year, but for Ramadan: explicit transitions to 2087
}
# Each calendar holds evenings of all these years (and around each of their
# transitions): the first supported year, both world wars, British Standard
# Time, the years of issue 10's one-hour-off answers (London 1969, Kyiv 1990,
# Lisbon 1995, Tbilisi 2004, New York 2006), the end of TZif tables and of
# 32-bit time, the far future and the last supported year.
YEARS = (1900, 1916, 1942, 1969, 1990, 1995, 2004, 2006, 2011, 2024, 2037, 2038, 2050, 2300, 2999)
ALL_ZONES = importlib.resources.files("tzdata").joinpath("zones").read_text().split()
PARSERS: dict[str, Callable[[bytes], Parsed]] = {
    "ical.js": parse_with_icaljs,
    "vobject": parse_with_vobject,
    "icalendar": parse_with_icalendar,
    "libical": parse_with_libical,
}


def needs(parser: str) -> None:
    if parser == "libical" and not libical_available():
        pytest.skip(LIBICAL_HINT)


# -- building calendars and what they should say -----------------------------


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
    return [w for w in walls if unambiguous(zone, w) and unambiguous(zone, w + timedelta(hours=2))]


@dataclass(frozen=True)
class Case:
    zone: str
    walls: list[datetime]
    ics: bytes

    def wrong(self, parser: str, parsed: Parsed) -> list[tuple[str, str, str]]:
        found = []
        for wall, event in zip(self.walls, parsed["events"], strict=True):
            for local, got in ((wall, event["start"]), (wall + timedelta(hours=2), event["end"])):
                want = instant(self.zone, local)
                if misread(parser, self.zone, local, want, got):
                    found.append((local.isoformat(), want, got))
        return found


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    built: dict[str, Case] = {}
    for zone in ZONES:
        walls = evening_times(zone, YEARS)
        built[zone] = Case(zone, walls, calendar(zone, walls))
    return built


@pytest.fixture(scope="module")
def batch_readings(cases: dict[str, Case]) -> dict[str, dict[str, Parsed]]:
    """Every case read by ical.js in one Node process, and by libical in one process."""
    calendars = [c.ics for c in cases.values()]
    readings = {"ical.js": dict(zip(cases, parse_many_with_icaljs(calendars), strict=True))}
    if libical_available():
        readings["libical"] = dict(zip(cases, parse_many_with_libical(calendars), strict=True))
    return readings


def components(tz: icalendar.Timezone) -> list[Any]:
    """The observances, typed loosely: icalendar's property types are a 30-way union."""
    return list(tz.subcomponents)


# -- every parser reads every zone as tzdata does ------------------------------


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("zone", ZONES)
def test_parser_reads_tzdata_instants_from_1900_to_2999(
    zone: str,
    parser: str,
    cases: dict[str, Case],
    request: pytest.FixtureRequest,
) -> None:
    needs(parser)
    case = cases[zone]
    assert {w.year for w in case.walls} >= {1900, 2999} or zone == "Antarctica/Troll"
    if parser in ("ical.js", "libical"):
        parsed = request.getfixturevalue("batch_readings")[parser][zone]
    else:
        parsed = PARSERS[parser](case.ics)
    wrong = case.wrong(parser, parsed)
    assert not wrong, f"{parser} reads {zone} differently from tzdata: {wrong[:5]}"
    assert {e["start_tzid"] for e in parsed["events"]} == {zone}


SPREAD_YEARS: tuple[int, ...] = (1900, 1911, 1925, 1939, 1950, 1968, 1984, 1999, 2017, 2026)
SPREAD_YEARS += (2037, 2038, 2099, 2500, 2999)


def _spread(zone: str) -> list[datetime]:
    """Local times across 1900-2999 (a day per season of a dozen years) that occur once."""
    walls = [
        datetime(year, month, 11 + year % 17, (7 * year + month) % 24, 30 * (year % 2))
        for year in SPREAD_YEARS
        for month in (1, 4, 7, 10)
    ]
    return [w for w in walls if unambiguous(zone, w)]


def test_icaljs_reads_every_tzdata_zone_from_1900_to_2999() -> None:
    """All 598 zones, each date read through its one VTIMEZONE, in one Node process."""
    calendars, walls = [], []
    for zone in ALL_ZONES:
        spread = _spread(zone)
        events = "".join(
            f"BEGIN:VEVENT\r\nUID:{i}\r\nDTSTAMP:20240101T000000Z\r\n"
            f"DTSTART;TZID={zone}:{w:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
            for i, w in enumerate(spread)
        )
        calendars.append(
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{vtimezone_ical(zone).decode()}"
            f"{events}END:VCALENDAR\r\n".encode()
        )
        walls.append(spread)
    parsed = parse_many_with_icaljs(calendars)
    wrong = [
        (zone, wall.isoformat(), event["start"])
        for zone, spread, got in zip(ALL_ZONES, walls, parsed, strict=True)
        for wall, event in zip(spread, got["events"], strict=True)
        if misread("ical.js", zone, wall, instant(zone, wall), event["start"])
    ]
    assert len(ALL_ZONES) > 500
    assert not wrong, wrong[:10]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ALL_ZONES),
    walls=st.lists(
        st.datetimes(min_value=datetime(FIRST_YEAR, 1, 1), max_value=datetime(2999, 12, 31)).map(
            lambda d: d.replace(second=0, microsecond=0)
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_vobject_and_icalendar_read_any_zone_and_date(zone: str, walls: list[datetime]) -> None:
    walls = [w for w in walls if unambiguous(zone, w + timedelta(hours=2)) and unambiguous(zone, w)]
    assume(walls)
    case = Case(zone, walls, calendar(zone, walls))
    assert not case.wrong("vobject", parse_with_vobject(case.ics))
    assert not case.wrong("icalendar", parse_with_icalendar(case.ics))


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


# -- one definition per zone -----------------------------------------------------


def test_a_vtimezone_depends_on_the_zone_alone() -> None:
    """Nothing about the events can change a zone's definition (issue 10: vobject and
    Radicale keep the first definition of a TZID they see)."""
    assert list(inspect.signature(vtimezone).parameters) == ["zone"]


def test_the_written_text_is_icalendars_for_every_zone() -> None:
    """``vtimezone_ical`` writes the lines itself (45 ms a zone through icalendar); for every
    zone tzdata has, the bytes are what icalendar makes of the same observances."""
    for zone in ALL_ZONES:
        vtimezone_ical.cache_clear()
        assert vtimezone_ical(zone) == vtimezone(zone).to_ical(), zone


@pytest.mark.parametrize("zone", ALL_ZONES)
def test_every_zone_starts_before_1900_and_has_a_standard_observance(zone: str) -> None:
    """ical.js reads offset 0 before the first onset; vobject fails on a VTIMEZONE without
    STANDARD (Pacific/Apia's 2011 once gave one), and Radicale then refuses the upload."""
    subs = components(vtimezone(zone))
    assert min(sub["DTSTART"].dt for sub in subs) < datetime(FIRST_YEAR, 1, 1)
    assert any(sub.name == "STANDARD" for sub in subs)
    for sub in subs:
        assert "RDATE" not in sub and "EXDATE" not in sub
        if "RRULE" in sub:
            assert not {"UNTIL", "COUNT"} & set(sub["RRULE"])
            assert sub["RRULE"]["FREQ"] == ["YEARLY"]


def test_vobject_fails_on_a_vtimezone_with_only_daylight_observances() -> None:
    """Why ``_with_standard`` exists: valid RFC 5545 that vobject 0.9 cannot read."""
    with pytest.raises(Exception):  # noqa: B017 - vobject raises whatever it happens to
        parse_with_vobject(calendar("Test/Daylight", [datetime(2011, 12, 31, 19)], DAYLIGHT_ONLY))


def test_a_daylight_only_history_gets_a_standard_observance_that_changes_nothing() -> None:
    daylights = [  # DAYLIGHT_ONLY's two observances
        vtz._Observance(True, datetime(2011, 9, 24, 3), -11 * 3600, -10 * 3600, "-10"),
        vtz._Observance(True, datetime(2011, 12, 29, 23, 59, 59), -10 * 3600, 14 * 3600, "+14"),
    ]
    fixed = vtz._with_standard(daylights)
    assert [o.daylight for o in fixed] == [False, True, True]
    standard = fixed[0]
    assert standard.start < daylights[0].start
    assert standard.before == standard.after == -11 * 3600
    written = vtz._written("Test/Daylight", fixed)
    assert written == vtz._component("Test/Daylight", fixed).to_ical()
    assert written.replace(standard_lines(written), b"") == DAYLIGHT_ONLY.encode()
    ics = calendar(
        "Test/Daylight",
        [datetime(2011, 9, 1, 19), datetime(2011, 12, 31, 19)],
        written.decode(),
    )
    starts = [e["start"] for e in parse_with_vobject(ics)["events"]]
    assert starts == ["2011-09-02T06:00:00Z", "2011-12-31T05:00:00Z"]


def standard_lines(written: bytes) -> bytes:
    begin = written.index(b"BEGIN:STANDARD")
    end = written.index(b"END:STANDARD\r\n") + len(b"END:STANDARD\r\n")
    return written[begin:end]


# -- the shape clients read best ------------------------------------------------


def test_prague_is_its_history_then_the_two_yearly_rules_of_issue_4() -> None:
    subs = components(vtimezone("Europe/Prague"))
    history, rules = subs[:-2], subs[-2:]
    assert (history[0].name, history[0]["DTSTART"].dt) == ("STANDARD", datetime(1891, 10, 1))
    assert history[0]["TZOFFSETFROM"].td == timedelta(minutes=57, seconds=44)  # Prague Mean Time
    assert all("RRULE" not in s for s in history)
    assert history[-1]["DTSTART"].dt == datetime(1995, 9, 24, 3)  # summer time ended in September
    lines = b"".join(s.to_ical() for s in rules).decode().split("\r\n")
    assert lines == [
        "BEGIN:DAYLIGHT",
        "DTSTART:19960331T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "",
    ]


@pytest.mark.parametrize("zone", ZONES)
def test_the_current_rule_comes_last(zone: str) -> None:
    """Yearly RRULEs (or a last fixed offset) carry the zone past 2037 to 2999."""
    subs = components(vtimezone(zone))
    ruled = [s for s in subs if "RRULE" in s]
    now = tzdata_zone(zone).utcoffset(datetime(2999, 7, 1))
    if zone in NO_DST_NOW:
        assert not ruled
        assert subs[-1]["TZOFFSETTO"].td == now
    else:
        assert ruled == subs[-len(ruled) :]
        assert {s.name for s in ruled} == {"DAYLIGHT", "STANDARD"}


def test_a_zone_without_history_is_one_fixed_observance_from_1899() -> None:
    for zone in ("UTC", "Etc/GMT-14"):
        [fixed] = components(vtimezone(zone))
        assert (fixed.name, fixed["DTSTART"].dt) == ("STANDARD", datetime(1899, 1, 1))
        assert fixed["TZOFFSETFROM"].td == fixed["TZOFFSETTO"].td


def test_dublin_daylight_is_irish_summer_time() -> None:
    """tzdata calls Irish winter time a negative DST; Outlook wants DAYLIGHT to be later."""
    rules = [s for s in components(vtimezone("Europe/Dublin")) if "RRULE" in s]
    by_name = {s.name: s for s in rules}
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
        # M10.5.4/24: midnight after October's last Thursday, a Friday, 26..31 or 1 November
        (
            "Africa/Cairo",
            [
                "FREQ=YEARLY;BYDAY=-1FR;BYMONTH=4",
                "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=26,27,28,29,30,31;BYMONTH=10",
                "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=1;BYMONTH=11",
            ],
        ),
    ],
)
def test_rule_times_past_midnight_move_the_day(zone: str, rrules: list[str]) -> None:
    written = [s["RRULE"].to_ical().decode() for s in components(vtimezone(zone)) if "RRULE" in s]
    assert set(rrules) <= set(written)


def test_the_two_november_rules_of_cairo_each_start_on_a_switch_of_their_own() -> None:
    """31 October 2024 was October's last Thursday: summer time ended on 1 November."""
    starts = {
        s["RRULE"].to_ical().decode(): s["DTSTART"].dt
        for s in components(vtimezone("Africa/Cairo"))
        if "RRULE" in s
    }
    assert starts["FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=1;BYMONTH=11"] == datetime(2024, 11, 1)
    assert starts["FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=26,27,28,29,30,31;BYMONTH=10"] == datetime(
        2023, 10, 27
    )


# -- determinism and arguments ---------------------------------------------------

BUILD_ALL = """
import sys
from tourctl.export.vtimezone import vtimezone_ical
for zone in sys.argv[1:]:
    sys.stdout.buffer.write(vtimezone_ical(zone))
"""


def test_byte_identical_across_processes() -> None:
    """Same zone, same bytes: in another interpreter, with another hash seed."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", BUILD_ALL, *ZONES],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == b"".join(vtimezone_ical(zone) for zone in ZONES)


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus_Mons", "../../etc/passwd", "Europe", "", "Europe//Prague"]
)
def test_unknown_zone_is_an_error(zone: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        vtimezone(zone)


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
    wall = datetime(2024, 7, 15, 19)
    parsed = PARSERS[parser](calendar("Europe/Prague", [wall], RDATE_LIST_PRAGUE))
    assert parsed["events"][0]["start"] != instant("Europe/Prague", wall)


def test_libical_reads_the_file_vtimezone_not_its_own() -> None:
    """libical has zone data of its own; it must not use it for a TZID the file defines."""
    needs("libical")
    shifted = vtimezone_ical("Europe/Prague").decode().replace("+0200", "+0300")
    wall = datetime(2024, 7, 15, 19)
    parsed = parse_with_libical(calendar("Europe/Prague", [wall], shifted))
    assert parsed["events"][0]["start"] == "2024-07-15T16:00:00Z"  # what the file says


@pytest.mark.parametrize(
    ("zone", "wall"),
    [
        ("Europe/Prague", datetime(2024, 10, 27, 2, 30)),
        ("Europe/Dublin", datetime(2024, 10, 27, 1, 30)),
        ("Australia/Sydney", datetime(2024, 4, 7, 2, 30)),
    ],
)
def test_a_time_in_the_autumn_fold_is_read_two_ways(zone: str, wall: datetime) -> None:
    """Why a time in a fold is written in UTC: Thunderbird (ical.js) and Evolution (libical)
    take the later instant, vobject and icalendar the earlier."""
    earlier = instant(zone, wall)
    later = wall.replace(tzinfo=tzdata_zone(zone), fold=1).astimezone(UTC)
    later_text = later.replace(tzinfo=None).isoformat() + "Z"
    ics = calendar(zone, [wall])
    read = {name: PARSERS[name](ics)["events"][0]["start"] for name in PARSERS if usable(name)}
    expected = {"ical.js": later_text, "libical": later_text, "vobject": earlier}
    expected["icalendar"] = earlier
    assert read == {name: expected[name] for name in read}


SAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tourctl//tests//EN\r\nMETHOD:PUBLISH\r\n"
    "X-WR-CALNAME:Queer Russia: building solidarity\r\n"
    + vtimezone_ical("Europe/Prague").decode()
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
    results = {name: PARSERS[name](SAMPLE) for name in PARSERS if usable(name)}
    if "libical" in results:  # events b, c and d lack the ORGANIZER that RFC 5546 wants
        complaints = results["libical"].pop("restrictions")
        assert complaints and all("restrictions for ORGANIZER" in c for c in complaints)
        assert results["libical"] == results["ical.js"]
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
    needs(parser)
    ics = SAMPLE.replace(b"Europe/Prague:20240502T190000", b"Europe/Oslo:20240502T190000")
    with pytest.raises(ParserError, match="Europe/Oslo"):
        PARSERS[parser](ics)


@pytest.mark.parametrize("parser", list(PARSERS))
def test_parsers_refuse_floating_times(parser: str) -> None:
    needs(parser)
    ics = SAMPLE.replace(b"DTSTART;TZID=Europe/Prague:20240502T190000", b"DTSTART:20240502T190000")
    with pytest.raises(ParserError):
        PARSERS[parser](ics)


def usable(parser: str) -> bool:
    return parser != "libical" or libical_available()

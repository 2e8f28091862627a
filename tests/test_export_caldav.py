"""Every exported calendar on a real CalDAV server, asked for each event at its true minutes.

One Radicale process serves the whole session (``tests.servers``), as a
server does for months: vobject, which Radicale reads calendars with, keeps
the first VTIMEZONE it sees for a TZID for the life of the process. Before any
plan is uploaded, the server is given a calendar with a present-day event in
every zone the plans use; so each plan's events, in 1900, 1969, 1990 or 2999,
are answered with the definition of their TZID that the server saw first. A
definition that depended on the events' dates put seven such events an hour
off (issue 10); one definition per zone is the fix, and this the test of it.

For each event the server must find it in the minute it starts and the
minute it ends (an hour's shift in either direction misses one of them), and
not in the minute before it starts or after it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.exportedplans import CASES, EXPORTED, case_id, expected, exported, loaded
from tests.exportsupport import DAYLIGHT_ONLY, export, plan_dict
from tests.exportsupport import zone_calendar as calendar
from tests.instants import TrueEvent
from tests.servers.caldav import CalDavClient, CalDavError, RadicaleServer
from tourctl.model import Visibility

pytest_plugins = ["tests.servers.fixtures"]

MINUTE = timedelta(minutes=1)


def zones_of_the_plans() -> list[str]:
    zones = {zone for path in EXPORTED for zone in loaded(path)[1].values() if zone is not None}
    return sorted(zones)


@pytest.fixture(scope="module")
def server(radicale: RadicaleServer) -> Iterator[CalDavClient]:
    """The session's Radicale, after it has read a 2024 event in every zone of the plans."""
    with radicale.client() as client:
        for index, zone in enumerate(zones_of_the_plans()):
            present = export(plan_dict({"id": "now"}, timezone=zone, city="X", country="CZ"))
            client.put_calendar(f"warm-up-{index}", present)
            first = datetime(2024, 7, 15, 19, tzinfo=UTC) - timedelta(days=1)
            assert client.uids_between(f"warm-up-{index}", first, first + timedelta(days=2))
        yield client


def _bounds(event: TrueEvent) -> tuple[datetime, datetime]:
    if event.all_day:  # a DATE is floating: the server reads it in UTC (RFC 4791 §9.9)
        start = datetime.combine(event.day, time(), tzinfo=UTC)
        return start, datetime.combine(event.after, time(), tzinfo=UTC)
    assert event.first is not None and event.last is not None
    return event.first, event.last


@pytest.mark.parametrize(("plan", "audience"), CASES, ids=[case_id(c) for c in CASES])
def test_radicale_finds_each_event_in_its_first_and_last_minute(
    server: CalDavClient, plan: Path, audience: Visibility
) -> None:
    name = case_id((plan, audience))
    server.put_calendar(name, exported(plan, audience))
    wrong = []
    for uid, event in expected(plan, audience).items():
        start, end = _bounds(event)
        inside = [(start, start + MINUTE), (end - MINUTE, end)]
        outside = [(start - MINUTE, start), (end, end + MINUTE)]
        for low, high in inside:
            if uid not in server.uids_between(name, low, high):
                wrong.append(f"{event.title!r} missing from {low:%Y-%m-%d %H:%M}Z")
        for low, high in outside:
            if uid in server.uids_between(name, low, high):
                wrong.append(f"{event.title!r} found at {low:%Y-%m-%d %H:%M}Z")
    assert not wrong, wrong


# -- the server behaviour the tests above rely on ---------------------------------


def _fixed_zone(offset: str) -> str:
    return (
        "BEGIN:VTIMEZONE\r\nTZID:Test/Fixed\r\nBEGIN:STANDARD\r\nDTSTART:18990101T000000\r\n"
        f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def test_radicale_keeps_the_first_definition_of_a_tzid(radicale: RadicaleServer) -> None:
    """Why a TZID must mean the same in every file: a later file's VTIMEZONE is not used.

    If Radicale ever reads each file's own definition, this fails, and the
    warm-up above stops being needed (but stays harmless).
    """
    noon = datetime(2024, 7, 16, 12)
    with radicale.client() as client:
        client.put_calendar("first", calendar("Test/Fixed", [noon], _fixed_zone("+0100")))
        assert client.uids_between(
            "first",
            datetime(2024, 7, 16, 11, tzinfo=UTC),
            noon.replace(hour=11, minute=1, tzinfo=UTC),
        )
        client.put_calendar("second", calendar("Test/Fixed", [noon], _fixed_zone("+0300")))
        at_three = datetime(2024, 7, 16, 9, tzinfo=UTC)  # what the second file says
        at_one = datetime(2024, 7, 16, 11, tzinfo=UTC)  # what the first said
        assert not client.uids_between("second", at_three, at_three + MINUTE)
        assert client.uids_between("second", at_one, at_one + MINUTE)


def test_radicale_refuses_a_vtimezone_with_only_daylight_observances(
    radicale: RadicaleServer,
) -> None:
    """Why every VTIMEZONE has a STANDARD observance: the whole upload is refused (HTTP 400)."""
    with radicale.client() as client, pytest.raises(CalDavError, match="400"):
        client.put_calendar(
            "daylight", calendar("Test/Daylight", [datetime(2011, 12, 31, 19)], DAYLIGHT_ONLY)
        )


def test_radicale_takes_apia_2011(caldav: CalDavClient) -> None:
    """Samoa's jump over 30 December 2011, the zone that once gave a DAYLIGHT-only VTIMEZONE."""
    plan = plan_dict(
        {"id": "before", "date": "2011-12-28"},
        {"id": "after", "date": "2011-12-31"},
        timezone="Pacific/Apia",
        city="Apia",
        country="WS",
    )
    caldav.put_calendar("apia", export(plan))
    # 19:00 at -10:00 on the 28th; 19:00 at +14:00 on the 31st.
    for start in (datetime(2011, 12, 29, 5, tzinfo=UTC), datetime(2011, 12, 31, 5, tzinfo=UTC)):
        assert len(caldav.uids_between("apia", start, start + MINUTE)) == 1

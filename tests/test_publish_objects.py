"""A feed cut into CalDAV objects, and a server's copies read back (no server needed).

The objects must each be a calendar a CalDAV server accepts (RFC 4791 §4.1:
one UID, no METHOD, the VTIMEZONEs their times name), carry the exported
VEVENT unchanged, and say by their digests whether they are up to date
whatever SEQUENCE and DTSTAMP say and however a server re-serializes them.
What a server sends back is untrusted: every reading of it must end in an
answer, never an exception.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TOURS
from tourctl.export.identity import read_previous
from tourctl.pipeline import PlanOptions, valid_plan
from tourctl.publish.feeds import Feed, build_feeds
from tourctl.publish.objects import (
    EVENT_PROPERTY,
    FEED_PROPERTY,
    OBJECT_PROPERTY,
    EventObject,
    feed_objects,
    read_object,
)

NOW = datetime(2024, 4, 26, 12, tzinfo=UTC)
TOUR = "solidarity-europe-2024"


def _feeds(now: datetime = NOW) -> list[Feed]:
    plan = valid_plan(str(TOURS / f"{TOUR}.yaml"), PlanOptions()).plan
    return build_feeds(plan, now=now, previous=lambda feed: {})


@pytest.fixture(scope="module")
def feeds() -> list[Feed]:
    return _feeds()


def _unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def test_one_object_per_event_each_a_calendar_a_server_accepts(feeds: list[Feed]) -> None:
    for feed in feeds:
        objects = feed_objects(feed.calendar.data, TOUR, feed.name)
        exported = read_previous(feed.calendar.data)
        assert [o.uid for o in objects] == list(exported), feed.name
        for obj in objects:
            calendar = icalendar.Calendar.from_ical(obj.data)
            events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
            assert len(events) == 1 and str(events[0]["UID"]) == obj.uid
            assert "METHOD" not in calendar  # RFC 4791 §4.1
            used = {
                str(prop.params["TZID"])
                for prop in events[0].values()
                if hasattr(prop, "params") and "TZID" in prop.params
            }
            zones = {str(c["TZID"]) for c in calendar.subcomponents if c.name == "VTIMEZONE"}
            assert zones == used, (feed.name, obj.summary)
            assert calendar[FEED_PROPERTY] == f"{TOUR}/{feed.name}"
            assert obj.name == f"{obj.uid}.ics"


def test_the_vevent_is_the_exported_one_and_its_content_what_read_previous_reads(
    feeds: list[Feed],
) -> None:
    for feed in feeds:
        exported = read_previous(feed.calendar.data)
        for obj in feed_objects(feed.calendar.data, TOUR, feed.name):
            start = obj.data.index(b"BEGIN:VEVENT\r\n")
            end = obj.data.index(b"END:VEVENT\r\n") + len(b"END:VEVENT\r\n")
            assert obj.data[start:end] in feed.calendar.data
            assert obj.content == exported[obj.uid].content


def test_digests_ignore_sequence_and_dtstamp_but_see_every_other_byte(
    feeds: list[Feed],
) -> None:
    later = {f.name: f for f in _feeds(NOW + timedelta(days=3))}  # every DTSTAMP moves
    for feed in feeds:
        now_objects = feed_objects(feed.calendar.data, TOUR, feed.name)
        later_objects = feed_objects(later[feed.name].calendar.data, TOUR, feed.name)
        for a, b in zip(now_objects, later_objects, strict=True):
            assert a.data != b.data
            assert (a.digest, a.event_digest) == (b.digest, b.event_digest)
    obj = feed_objects(feeds[0].calendar.data, TOUR, "public")[0]
    other_tour = feed_objects(feeds[0].calendar.data, "another-tour", "public")[0]
    assert other_tour.digest != obj.digest  # the mark is part of what is compared
    assert other_tour.event_digest == obj.event_digest  # but not of what the event says


def _first(feeds: list[Feed], name: str) -> EventObject:
    feed = next(f for f in feeds if f.name == name)
    return feed_objects(feed.calendar.data, TOUR, name)[0]


def test_a_server_copy_reads_back_with_its_marks_even_reserialized(feeds: list[Feed]) -> None:
    obj = _first(feeds, "team")
    # Radicale stores what vobject makes of an upload: sorted, refolded, LF in XML.
    stored = vobject.readOne(obj.data.decode()).serialize().replace("\r\n", "\n")
    assert stored != obj.data.decode()
    found = read_object("/u/c/x.ics", '"e1"', stored)
    assert (found.owner, found.uid) == (f"{TOUR}/team", obj.uid)
    assert (found.object_digest, found.event_digest) == (obj.digest, obj.event_digest)
    assert found.etag == '"e1"'
    stamp = found.stamp()
    assert stamp is not None and stamp.sequence == 0 and stamp.dtstamp == NOW
    assert found.summary == obj.summary


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not a calendar",
        "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:no uid\nEND:VEVENT\nEND:VCALENDAR\n",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nEND:VEVENT\n"
        "END:VCALENDAR\n",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n",  # cut off
        "BEGIN:VCALENDAR\nX-TOURCTL-FEED\nBEGIN:VEVENT\nUID:x\nEND:VEVENT\n",
        "\udcff\x00BEGIN:VEVENT",
        "BEGIN:VCALENDAR\n" + "X" * (2 * 1024 * 1024),
    ],
)
def test_anything_else_is_simply_not_tourctls(text: str | None) -> None:
    found = read_object("/u/c/x.ics", None, text)
    assert found.owner is None or found.uid is None
    found.stamp()
    assert isinstance(found.summary, str)


def test_a_mark_inside_an_event_is_not_a_claim() -> None:
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\n"
        f"{FEED_PROPERTY}:{TOUR}/public\nDTSTAMP:20240101T000000Z\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    assert read_object("/x.ics", None, text).owner is None
    lower = text.replace(f"{FEED_PROPERTY}:{TOUR}/public\n", "").replace(
        "VERSION:2.0\n", f"x-tourctl-feed:{TOUR}/public\n{EVENT_PROPERTY}:{'0' * 64}\n"
    )
    found = read_object("/x.ics", None, lower.lower().replace("uid:x", "UID:x"))
    assert found.owner == f"{TOUR}/public" and found.uid == "x"
    assert found.event_digest == "0" * 64


def test_a_digest_that_is_not_one_is_no_digest() -> None:
    text = (
        f"BEGIN:VCALENDAR\n{OBJECT_PROPERTY}:not-hex\n{EVENT_PROPERTY}:{'a' * 63}\n"
        "BEGIN:VEVENT\nUID:x\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    found = read_object("/x.ics", None, text)
    assert found.object_digest is None and found.event_digest is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("BEGIN:VEVTCALDRUX-OUSMY;\n\r\t =")), max_size=300))
def test_any_text_reads_without_an_exception(text: str) -> None:
    found = read_object("/x.ics", "e", text)
    found.stamp()
    assert found.summary

"""``tourctl publish --caldav``: one calendar per feed on a real CalDAV server.

The server is the session's Radicale (``tests.servers``: htpasswd logins,
storage in a temporary folder), each test as a user of its own, reached
through a proxy that records every request (method, path, status) and can
meddle: answer in the server's place (500, 503, an endless body, not XML) or
change an event on the server between tourctl's read and its write, which is
what a concurrent change is. "No write" is asserted on what went over the
wire, not on what tourctl says it did. The failure tests also use a stopped
server (a closed port) and one that accepts connections and never answers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import TOURS, invoke, run_tourctl, tourctl_executable
from tests.exportsupport import plan_dict
from tests.inflight import InFlight
from tests.servers import closed_port
from tests.servers.caldav import CalDavClient, RadicaleServer
from tests.servers.davproxy import DavProxy, HangingServer, Reply, Seen
from tests.servers.http import HttpTestServer
from tests.servers.tls import ThrowawayCA
from tourctl.errors import NetworkUnreachable
from tourctl.export.identity import event_uid, read_previous
from tourctl.publish.caldav import collection_name
from tourctl.publish.dav import Dav, Limits

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
NOW = "2024-04-26T12:00:00Z"
TOUR = "test-tour"
OPENING = event_uid(TOUR, "opening")
MEETING = event_uid(TOUR, "meeting")
REHEARSAL = event_uid(TOUR, "rehearsal")
SMALL_FEEDS = ["public", "partners", "venue:hall", "team", "person:ana"]
CARRY_OPENING = {"public", "partners", "venue-hall", "team", "person-ana"}


@dataclass
class Home:
    """A user's calendar home, reached through the recording proxy."""

    proxy: DavProxy
    own: CalDavClient
    """The same user straight to the server: a calendar app, and the test's eyes."""

    @property
    def user(self) -> str:
        return self.own.user

    @property
    def url(self) -> str:
        return f"{self.proxy.url}/{self.user}/"

    def publish(
        self, plan: Path, *args: str, env: dict[str, str] | None = None, url: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return invoke(
            "publish", plan, "--caldav", url or self.url, "--username", self.user, "-f", "json",
            *args,
            env={"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret", **(env or {})},
        )  # fmt: skip

    def ok(self, plan: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
        result = self.publish(plan, *args, env=env)
        assert result.returncode == 0, result.stderr
        caldav: dict[str, Any] = json.loads(result.stdout)["caldav"]
        return caldav

    def writes(self) -> list[tuple[str, str, int]]:
        return self.proxy.writes(f"/{self.user}/")

    def calendar(self, feed: str) -> str:
        return f"{TOUR}-{feed}"

    def uids(self, name: str) -> dict[str, str]:
        """UID → calendar data of the objects in the calendar ``name``."""
        found = {}
        for text in self.own.objects(name).values():
            for uid in read_previous(text.encode()):
                found[uid] = text
        return found


@pytest.fixture
def home(radicale: RadicaleServer, dav_proxy: DavProxy) -> Iterator[Home]:
    with radicale.client() as own:
        yield Home(dav_proxy, own)


def small_plan(
    folder: Path,
    *,
    start: str = "19:00",
    visibility: str = "public",
    speakers: bool = True,
    meeting: bool = True,
) -> Path:
    """Three events at one venue: public (with a speaker), partners-only, team-only.
    Without ``speakers`` the plan has no people either, so no person feed; without
    ``meeting``, the partners' meeting is gone from the plan."""
    plan = plan_dict(
        {
            "id": "opening",
            "title": "The opening",
            "start": start,
            "end": "22:00",
            "visibility": visibility,
            "speakers": ["ana"] if speakers else [],
            "status": "confirmed",
        },
        {"id": "meeting", "title": "Partners' meeting", "date": "2024-07-16"},
        {"id": "rehearsal", "title": "Rehearsal", "date": "2024-07-17"},
    )
    if not speakers:
        plan["people"] = []
    plan["events"][1]["visibility"] = "partners"
    plan["events"][2]["visibility"] = "team"
    if not meeting:
        del plan["events"][1]
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def sequence(text: str) -> int:
    [stamp] = read_previous(text.encode()).values()
    return stamp.sequence


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# --- publishing and re-publishing --------------------------------------------------------


def test_first_publish_makes_a_calendar_per_feed_and_a_second_sends_no_write(
    home: Home,
) -> None:
    dry = home.ok(EXAMPLE, "--dry-run")
    assert home.writes() == [] and home.own.calendars() == {}
    first = home.ok(EXAMPLE)
    feeds = [row["feed"] for row in first["feeds"]]
    assert feeds[:2] == ["public", "partners"] and "team" in feeds
    assert [row["added"] for row in first["feeds"]] == [row["added"] for row in dry["feeds"]]
    calendars = home.own.calendars()
    names = {f"solidarity-europe-2024-{feed.replace(':', '-')}" for feed in feeds}
    assert set(calendars) == names == set(first["calendars_made"])
    public = calendars["solidarity-europe-2024-public"]
    assert public["displayname"].startswith("Queer Russia: building solidarity — ")
    assert "[tourctl-feed: solidarity-europe-2024/public]" in public["description"]
    # Each calendar holds the events of the calendar export writes for that feed.
    for audience in ("public", "partners", "team"):
        exported = invoke("export", EXAMPLE, "-a", audience, "-o", "-", env={"TOURCTL_NOW": NOW})
        on_server = set(home.uids(f"solidarity-europe-2024-{audience}"))
        assert on_server == set(read_previous(exported.stdout.encode())), audience
    made = [m for m, _, _ in home.writes()]
    assert made.count("MKCALENDAR") == len(feeds)
    assert made.count("PUT") == sum(row["added"] for row in first["feeds"])
    assert all(status in (201, 204) for _, _, status in home.writes())
    tokens = {name: info["sync-token"] for name, info in calendars.items()}

    home.proxy.clear()
    again = home.ok(EXAMPLE)
    assert home.writes() == []
    assert {method for method, _, _ in home.proxy.requests(f"/{home.user}/")} == {
        "PROPFIND",
        "REPORT",
    }
    assert len(home.proxy.requests(f"/{home.user}/")) == 1 + len(feeds)  # one per calendar
    assert all(row["added"] == row["changed"] == row["removed"] == 0 for row in again["feeds"])
    assert again["events_uploaded"] == again["events_removed"] == 0
    assert {n: i["sync-token"] for n, i in home.own.calendars().items()} == tokens


def test_the_installed_command_publishes_and_then_sends_no_write(
    home: Home, tmp_path: Path
) -> None:
    """The same as above through the ``tourctl`` on PATH, as a user (or CI) runs it, with no
    terminal: the password only from the environment."""
    plan = small_plan(tmp_path)
    args = ("publish", plan, "--caldav", home.url, "--username", home.user)
    env = {"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret"}
    first = run_tourctl(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert "Published to" in first.stderr and "Traceback" not in first.stderr
    assert len(home.uids(home.calendar("team"))) == 3
    home.proxy.clear()
    again = run_tourctl(*args, "--format", "json", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["caldav"]["events_uploaded"] == 0
    assert home.writes() == []
    refused = run_tourctl(*args, env={**env, "TOURCTL_CALDAV_PASSWORD": "wrong"})
    assert refused.returncode == 5 and "refused the login" in refused.stderr
    unset = run_tourctl(*args, input="", env={**env, "TOURCTL_CALDAV_PASSWORD": ""})  # no tty
    assert unset.returncode == 2 and "set TOURCTL_CALDAV_PASSWORD" in unset.stderr


def test_a_changed_time_updates_that_event_alone_in_every_feed_that_carries_it(
    home: Home, tmp_path: Path
) -> None:
    home.ok(small_plan(tmp_path))
    before = {name: home.uids(home.calendar(name)) for name in CARRY_OPENING}
    home.proxy.clear()
    dry = home.ok(small_plan(tmp_path, start="20:00"), "--dry-run")
    assert home.writes() == [] and home.uids(home.calendar("public")) == before["public"]
    summary = home.ok(small_plan(tmp_path, start="20:00"))
    assert dry["feeds"] == summary["feeds"]  # what it said it would do, it did
    puts = [(method, path) for method, path, _ in home.writes()]
    assert sorted(puts) == sorted(
        ("PUT", f"/{home.user}/{home.calendar(name)}/{OPENING}.ics") for name in CARRY_OPENING
    )
    changed = {row["feed"]: row["changed"] for row in summary["feeds"]}
    assert changed == dict.fromkeys(SMALL_FEEDS, 1)
    for row in summary["feeds"]:  # in words, as export and --site say it
        [change] = row["changes"]
        assert change["change"] == "rescheduled" and change["uid"] == OPENING, change
        assert "19:00" in change["text"] and "20:00" in change["text"]
    for seen, _ in home.proxy.seen:
        if seen.method == "PUT":
            assert seen.headers.get("if-match", "").startswith('"'), seen  # an update, not a create
    for name in CARRY_OPENING:
        after = home.uids(home.calendar(name))
        assert sequence(after[OPENING]) == sequence(before[name][OPENING]) + 1 == 1
        assert "T200000" in after[OPENING]
        for uid in set(after) - {OPENING}:
            assert after[uid] == before[name][uid]  # the others untouched
    home.proxy.clear()
    home.ok(small_plan(tmp_path, start="20:00"))
    assert home.writes() == []


def test_an_event_made_team_only_vanishes_from_the_public_and_partners_calendars(
    home: Home, tmp_path: Path
) -> None:
    home.ok(small_plan(tmp_path))
    assert OPENING in home.uids(home.calendar("public"))
    home.proxy.clear()
    summary = home.ok(small_plan(tmp_path, visibility="team"))
    removed = {row["feed"]: row["removed"] for row in summary["feeds"]}
    assert removed == {"public": 1, "partners": 1, "venue:hall": 1, "team": 0, "person:ana": 0}
    deletes = sorted(path for method, path, _ in home.writes() if method == "DELETE")
    assert deletes == sorted(
        f"/{home.user}/{home.calendar(name)}/{OPENING}.ics"
        for name in ("public", "partners", "venue-hall")
    )
    for seen, _ in home.proxy.seen:
        if seen.method == "DELETE":
            assert seen.headers.get("if-match", "").startswith('"')
    assert OPENING not in home.uids(home.calendar("public"))
    assert OPENING not in home.uids(home.calendar("partners"))
    assert sequence(home.uids(home.calendar("team"))[OPENING]) == 1  # now CLASS:PRIVATE


def test_an_event_gone_from_the_plan_is_cancelled_until_its_date_then_deleted(
    home: Home, tmp_path: Path
) -> None:
    carry = {"partners", "venue-hall", "team"}
    home.ok(small_plan(tmp_path))
    home.proxy.clear()
    summary = home.ok(small_plan(tmp_path, meeting=False))
    assert sorted(home.writes()) == sorted(
        ("PUT", f"/{home.user}/{home.calendar(name)}/{MEETING}.ics", 204) for name in carry
    )
    removed = {row["feed"]: row["removed"] for row in summary["feeds"]}
    assert removed == {"public": 0, "partners": 1, "venue:hall": 1, "team": 1, "person:ana": 0}
    partners = next(row for row in summary["feeds"] if row["feed"] == "partners")
    assert [(c["change"], c["uid"]) for c in partners["changes"]] == [("removed", MEETING)]
    for name in carry:
        copy = home.uids(home.calendar(name))[MEETING]
        assert "STATUS:CANCELLED" in copy and sequence(copy) == 1, name
        assert "Partners' meeting" in copy
    home.proxy.clear()
    again = home.ok(small_plan(tmp_path, meeting=False))
    assert home.writes() == []
    assert all(row["removed"] == row["changed"] == 0 for row in again["feeds"])
    assert again["events_unchanged"] == 6  # the cancelled entries are no events of the feed
    later = {"TOURCTL_NOW": "2024-07-20T12:00:00Z"}  # the meeting's date has passed
    home.proxy.clear()
    gone = home.ok(small_plan(tmp_path, meeting=False), env=later)
    assert sorted((method, path) for method, path, _ in home.writes()) == sorted(
        ("DELETE", f"/{home.user}/{home.calendar(name)}/{MEETING}.ics") for name in carry
    )
    assert all(row["removed"] == 0 for row in gone["feeds"])  # said when it was cancelled
    assert all(MEETING not in home.uids(home.calendar(name)) for name in carry)


FOREIGN = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//A partner's calendar app//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:partner-added-1\r\nDTSTAMP:20240401T000000Z\r\n"
    b"DTSTART:20240720T180000Z\r\nDTEND:20240720T200000Z\r\nSUMMARY:Our own event\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_an_event_put_there_by_someone_else_survives(home: Home, tmp_path: Path) -> None:
    home.ok(small_plan(tmp_path))
    home.own.put_object(home.calendar("public"), "partner-added-1.ics", FOREIGN)
    home.proxy.clear()
    summary = home.ok(small_plan(tmp_path, visibility="team"))  # the public calendar empties
    assert summary["events_of_others"] == 1
    assert set(home.uids(home.calendar("public"))) == {"partner-added-1"}
    assert not [path for _, path, _ in home.proxy.requests() if "partner-added" in path]


def test_a_calendar_that_is_not_tourctls_is_refused_unless_named_for_a_feed(
    home: Home, tmp_path: Path
) -> None:
    plan = small_plan(tmp_path)
    home.own.make_calendar(home.calendar("public"), "Our public events")
    home.own.put_object(home.calendar("public"), "partner-added-1.ics", FOREIGN)
    refused = home.publish(plan)
    assert refused.returncode == 2
    assert "was not made by `tourctl publish`" in error_line(refused)
    assert f"--caldav-collection public={home.calendar('public')}" in refused.stderr
    assert home.writes() == []  # nothing at all, not even the other feeds' calendars

    adopted = home.ok(plan, "--caldav-collection", f"public={home.calendar('public')}")
    assert adopted["calendars_adopted"] == [home.calendar("public")]
    public = home.uids(home.calendar("public"))
    assert set(public) == {"partner-added-1", OPENING}
    description = home.own.calendars()[home.calendar("public")]["description"]
    assert description.startswith("Our public events") and "[tourctl-feed:" in description
    home.proxy.clear()
    home.ok(plan)  # from now on it is the public feed's calendar, without the option
    assert home.writes() == []


def test_a_calendar_of_another_feed_or_tour_is_never_taken(home: Home, tmp_path: Path) -> None:
    plan = small_plan(tmp_path)
    home.ok(plan)
    result = home.publish(plan, "--caldav-collection", f"public={home.calendar('team')}")
    assert result.returncode == 2
    assert "holds tourctl's feed team" in error_line(result)


def test_a_feed_gone_from_the_plan_leaves_its_calendar_empty(home: Home, tmp_path: Path) -> None:
    home.ok(small_plan(tmp_path))
    assert set(home.uids(home.calendar("person-ana"))) == {OPENING}
    home.own.put_object(home.calendar("person-ana"), "partner-added-1.ics", FOREIGN)
    result = home.publish(small_plan(tmp_path, speakers=False))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {row["feed"]: row["removed"] for row in payload["caldav"]["feeds"]}["person:ana"] == 1
    assert set(home.uids(home.calendar("person-ana"))) == {"partner-added-1"}  # kept
    assert any("person:ana is no longer in the plan" in m for m in payload["messages"])
    row = next(r for r in payload["caldav"]["feeds"] if r["feed"] == "person:ana")
    assert row["calendar"] == home.calendar("person-ana")
    home.proxy.clear()
    again = json.loads(home.publish(small_plan(tmp_path, speakers=False)).stdout)
    assert home.writes() == []
    assert "person:ana" not in [r["feed"] for r in again["caldav"]["feeds"]]  # nothing to do
    assert any("holds nothing of tourctl's" in m for m in again["messages"])


def test_site_and_caldav_in_one_run(home: Home, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = home.publish(
        small_plan(tmp_path), "--site", str(site), env={"TOURCTL_FEED_KEY": "k" * 40}
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert [row["feed"] for row in payload["feeds"]] == SMALL_FEEDS
    assert [row["feed"] for row in payload["caldav"]["feeds"]] == SMALL_FEEDS
    assert (site / "public.ics").is_file()


def test_the_text_summary_names_each_feeds_calendar(home: Home, tmp_path: Path) -> None:
    plan = small_plan(tmp_path)
    args = ("publish", plan, "--caldav", home.url, "--username", home.user)
    env = {"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret"}
    first = invoke(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert f"public ({home.calendar('public')}): 1 added, 0 changed" in first.stderr
    assert "Published to" in first.stderr and "5 calendars made" in first.stderr
    again = invoke(*args, env=env)
    assert f"Unchanged: {home.url} (9 events)" in again.stderr


def test_reading_the_server_gives_the_switch_interval_back(home: Home, tmp_path: Path) -> None:
    """While the server is read, the GIL changes hands every 0.5 ms (``calhome.Reading``);
    afterwards the process has its own setting again, whether the publish worked or not."""
    import sys

    before = sys.getswitchinterval()
    assert home.publish(small_plan(tmp_path)).returncode == 0
    assert sys.getswitchinterval() == before
    refused = home.publish(small_plan(tmp_path), env={"TOURCTL_CALDAV_PASSWORD": "wrong"})
    assert refused.returncode != 0 and sys.getswitchinterval() == before


# --- concurrent changes -------------------------------------------------------------------


def test_a_concurrent_change_is_reported_and_not_overwritten(home: Home, tmp_path: Path) -> None:
    home.ok(small_plan(tmp_path))
    target = f"/{home.user}/{home.calendar('public')}/{OPENING}.ics"
    theirs = home.uids(home.calendar("public"))[OPENING].replace(
        "SUMMARY:The opening", "SUMMARY:Edited by someone else"
    )

    def meddle(seen: Seen) -> Reply | None:
        if seen.method == "PUT" and seen.path == target:
            home.own.put_object(home.calendar("public"), f"{OPENING}.ics", theirs.encode())
        return None

    home.proxy.hook = meddle
    result = home.publish(small_plan(tmp_path, start="20:00"))
    assert result.returncode == 7, result.stderr
    payload = json.loads(result.stdout)["caldav"]
    [conflict] = payload["conflicts"]
    assert "The opening" in conflict and "412" in conflict and "publish again" in conflict
    assert (
        "PUT",
        target,
        412,
    ) in home.writes()
    assert "Edited by someone else" in home.uids(home.calendar("public"))[OPENING]
    assert payload["events_uploaded"] == len(CARRY_OPENING) - 1  # the other feeds updated
    text = invoke(
        "publish", small_plan(tmp_path, start="20:00"), "--caldav", home.url,
        "--username", home.user, "--dry-run",
        env={"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret"},
    )  # fmt: skip
    assert text.returncode == 0  # a new read sees their copy: no conflict until writing


def test_a_concurrent_change_before_a_delete_is_reported_too(home: Home, tmp_path: Path) -> None:
    home.ok(small_plan(tmp_path))
    target = f"/{home.user}/{home.calendar('public')}/{OPENING}.ics"
    theirs = home.uids(home.calendar("public"))[OPENING].replace("The opening", "Moved elsewhere")

    def meddle(seen: Seen) -> Reply | None:
        if seen.method == "DELETE" and seen.path == target:
            home.own.put_object(home.calendar("public"), f"{OPENING}.ics", theirs.encode())
        return None

    home.proxy.hook = meddle
    result = home.publish(small_plan(tmp_path, visibility="team"))
    assert result.returncode == 7, result.stderr
    [conflict] = json.loads(result.stdout)["caldav"]["conflicts"]
    assert "not removed" in conflict
    assert "Moved elsewhere" in home.uids(home.calendar("public"))[OPENING]


# --- failures: one line, a distinct exit code, within the timeout ---------------------------


def test_a_failure_midway_says_how_far_it_got(home: Home, tmp_path: Path) -> None:
    puts: list[str] = []

    def fail_third_put(seen: Seen) -> Reply | None:
        if seen.method == "PUT":
            puts.append(seen.path)
            if len(puts) == 3:
                return Reply(500)
        return None

    home.proxy.hook = fail_third_put
    result = home.publish(small_plan(tmp_path))
    assert result.returncode == 6
    line = error_line(result)
    assert "failed (500 Internal Server Error)" in line
    # Writes go a few at a time, so how many were made depends on which ended first; the
    # count said is the count made: the five calendars and the objects now on the server.
    said = re.search(r"\((\d+) of 14 changes were made before; publish again to finish\)", line)
    assert said is not None, line
    on_server = sum(len(home.own.objects(collection_name(TOUR, f))) for f in SMALL_FEEDS)
    assert int(said[1]) == len(SMALL_FEEDS) + on_server
    assert 7 <= int(said[1]) < 14
    home.proxy.hook = None
    home.ok(small_plan(tmp_path))  # and the next publish finishes the job
    assert len(home.uids(home.calendar("team"))) == 3


@pytest.mark.timeout(30)  # a hang fails the test; no time is asserted
def test_a_run_past_its_deadline_stops(home: Home, tmp_path: Path) -> None:
    def slow(seen: Seen) -> Reply | None:
        time.sleep(0.3)
        return None

    home.proxy.hook = slow
    result = home.publish(small_plan(tmp_path), "--deadline", "1")
    assert result.returncode == 4
    assert "longer than 1 s (--deadline)" in error_line(result)


@pytest.mark.timeout(30)  # a hang fails the test; no time is asserted
def test_a_wrong_password(home: Home, tmp_path: Path) -> None:
    result = home.publish(small_plan(tmp_path), env={"TOURCTL_CALDAV_PASSWORD": "wrong"})
    assert result.returncode == 5
    line = error_line(result)
    assert "refused the login" in line and home.user in line and "wrong" not in line
    assert home.writes() == []


def test_another_users_home_is_forbidden(
    home: Home, radicale: RadicaleServer, tmp_path: Path
) -> None:
    with radicale.client() as other:
        result = home.publish(small_plan(tmp_path), url=f"{home.proxy.url}/{other.user}/")
    assert result.returncode == 5
    assert "does not let" in error_line(result)


@pytest.mark.timeout(30)  # a hang fails the test; no time is asserted
def test_a_stopped_server(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/someone/"
    result = invoke(
        "publish", small_plan(tmp_path), "--caldav", url, "--timeout", "2",
        env={"TOURCTL_NOW": NOW},
    )  # fmt: skip
    assert result.returncode == 4
    assert "connection refused" in error_line(result)


@pytest.mark.timeout(30)  # a hang fails the test; no time is asserted
def test_a_server_that_never_answers(hanging_server: HangingServer, tmp_path: Path) -> None:
    result = invoke(
        "publish", small_plan(tmp_path), "--caldav", f"{hanging_server.url}/someone/",
        "--timeout", "1", env={"TOURCTL_NOW": NOW},
    )  # fmt: skip
    assert result.returncode == 4
    assert "did not answer within 1 s" in error_line(result)
    assert hanging_server.connections >= 1


@pytest.mark.timeout(30)  # a hang fails the test; no time is asserted
def test_a_plan_with_errors_is_refused_without_waiting_for_the_server(
    hanging_server: HangingServer, tmp_path: Path
) -> None:
    plan = small_plan(tmp_path)
    plan.write_text(plan.read_text().replace("venue: hall", "venue: nowhere", 1))
    result = invoke(
        "publish", plan, "--caldav", f"{hanging_server.url}/someone/", "--timeout", "300",
        env={"TOURCTL_NOW": NOW},
    )  # fmt: skip
    assert result.returncode == 1
    assert "has errors" in result.stderr and "did not answer" not in result.stderr


def _answer(method: str, reply: Reply) -> Any:
    def hook(seen: Seen) -> Reply | None:
        return reply if seen.method == method else None

    return hook


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(500, (("Content-Type", "text/plain"),), b"disk on fire\n"), "failed (500"),
        (Reply(207, (("Content-Type", "text/html"),), b"<html>hello"), "not a WebDAV multistatus"),
        (Reply(207, (("Content-Type", "text/xml"),), endless=True), "larger than 64 MiB"),
        (Reply(418, (), b""), "refused (418"),
    ],
)
def test_a_server_error_or_a_hostile_answer(
    home: Home, tmp_path: Path, reply: Reply, message: str
) -> None:
    plan = small_plan(tmp_path)
    home.ok(plan)
    home.proxy.clear()
    home.proxy.hook = _answer("REPORT", reply)
    result = home.publish(plan)
    assert result.returncode == 6
    line = error_line(result)
    assert message in line, line
    assert home.writes() == []


def test_a_busy_server_is_asked_again(home: Home, tmp_path: Path) -> None:
    answered: list[str] = []

    def busy_once(seen: Seen) -> Reply | None:
        if seen.method == "PROPFIND" and not answered:
            answered.append(seen.path)
            return Reply(503, (("Retry-After", "0"),))
        return None

    home.proxy.hook = busy_once
    home.ok(small_plan(tmp_path))
    statuses = [s for m, _, s in home.proxy.requests(f"/{home.user}/") if m == "PROPFIND"]
    assert statuses == [503, 207]


def test_a_server_busy_for_good_is_a_server_error(home: Home, tmp_path: Path) -> None:
    home.proxy.hook = _answer("PROPFIND", Reply(503, (("Retry-After", "0"),)))
    result = home.publish(small_plan(tmp_path))
    assert result.returncode == 6
    assert "still busy (503" in error_line(result) and "3 retries" in result.stderr


# --- the command line ----------------------------------------------------------------------


def test_without_a_password_and_a_terminal_it_asks_for_one(home: Home, tmp_path: Path) -> None:
    result = invoke(
        "publish", small_plan(tmp_path), "--caldav", home.url, "--username", home.user,
        env={"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": ""},
    )  # fmt: skip
    assert result.returncode == 2
    assert "set TOURCTL_CALDAV_PASSWORD" in error_line(result)
    assert home.proxy.requests() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--caldav", "https://org:secret@cloud.example.org/dav/"], "not in the address"),
        (["--caldav", "ftp://cloud.example.org/"], "calendar home"),
        (["--caldav", "https://x.example/", "--password", "p"], "No such option"),
        (["--caldav", "https://x.example/", "--caldav-collection", "public"], "FEED=NAME"),
        (["--username", "org"], "say where to publish"),
        (["--site", "s", "--username", "org"], "go with --caldav"),
    ],
)
def test_usage_mistakes(tmp_path: Path, args: list[str], message: str) -> None:
    result = invoke("publish", small_plan(tmp_path), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_collection_option_for_a_feed_the_plan_does_not_have(home: Home, tmp_path: Path) -> None:
    result = home.publish(small_plan(tmp_path), "--caldav-collection", "venue:nowhere=x")
    assert result.returncode == 2
    assert "does not have" in error_line(result)


def test_the_password_is_asked_on_a_terminal_and_only_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass
    import io
    import sys

    from tourctl import cli
    from tourctl.errors import UsageError
    from tourctl.report.streams import Streams

    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    asked: list[tuple[str, object]] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        asked.append((prompt, stream))
        return "typed"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.delenv("TOURCTL_CALDAV_PASSWORD", raising=False)
    out, err = io.StringIO(), io.StringIO()
    token = cli._streams.set(Streams(out, err, Terminal()))
    try:
        assert cli._password(None) is None and not asked  # anonymous: nothing asked
        assert cli._password("org") == "typed"
        assert asked == [("CalDAV password for org: ", sys.stderr)]
        monkeypatch.setenv("TOURCTL_CALDAV_PASSWORD", "from-env")
        assert cli._password("org") == "from-env" and len(asked) == 1
        cli._streams.set(Streams(out, err, io.BytesIO()))  # a pipe, not a terminal
        monkeypatch.delenv("TOURCTL_CALDAV_PASSWORD")
        with pytest.raises(UsageError, match="standard input is not a terminal"):
            cli._password("org")
    finally:
        cli._streams.reset(token)


def test_a_feed_moved_to_another_calendar_leaves_the_old_one_alone(
    home: Home, tmp_path: Path
) -> None:
    plan = small_plan(tmp_path)
    home.ok(plan)
    home.own.make_calendar("shared-with-partners")
    home.proxy.clear()
    result = home.publish(plan, "--caldav-collection", "public=shared-with-partners")
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)["messages"]
    assert any(f"{home.calendar('public')} also says it holds feed public" in m for m in messages)
    assert set(home.uids("shared-with-partners")) == {OPENING}
    assert set(home.uids(home.calendar("public"))) == {OPENING}  # not emptied
    assert not [p for _, p, _ in home.writes() if f"/{home.calendar('public')}/" in p]
    # Two calendars now say they hold the feed: without the option, tourctl will not guess.
    again = home.publish(plan)
    assert again.returncode == 2
    line = error_line(again)
    assert "shared-with-partners" in line and home.calendar("public") in line
    home.proxy.clear()
    home.ok(plan, "--caldav-collection", "public=shared-with-partners")
    assert home.writes() == []


def test_a_client_for_a_plain_http_home_never_makes_an_unverified_tls_connection(
    https_server: HttpTestServer, throwaway_ca: ThrowawayCA
) -> None:
    """The client of an ``http://`` home skips loading the system's certificates; should it
    ever be sent to an ``https://`` address, the connection fails, even to a server a CA
    bundle would trust."""
    limits = Limits(5.0, 30.0)
    untrusting = Dav(username=None, password=None, limits=limits, ca_bundle=None, tls=False)
    with untrusting, pytest.raises(NetworkUnreachable, match="certificate"):
        untrusting.send("GET", https_server.url("/ok"), "read it", accept=frozenset({200}))
    trusted = str(throwaway_ca.ca_file)
    with Dav(username=None, password=None, limits=limits, ca_bundle=trusted, tls=True) as dav:
        assert dav.send("GET", https_server.url("/ok"), "read it").status == 200


@pytest.fixture(scope="module")
def radicale_https(
    tmp_path_factory: pytest.TempPathFactory, throwaway_ca: ThrowawayCA
) -> Iterator[RadicaleServer]:
    """Radicale serving HTTPS with a certificate of the throwaway CA (127.0.0.1)."""
    folder = Path(tmp_path_factory.mktemp("radicale-https"))
    chain, key = folder / "cert.pem", folder / "key.pem"
    issued = throwaway_ca.ca.issue_cert("127.0.0.1")
    chain.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(key))
    with RadicaleServer(folder, tls=(chain, key)) as server:
        server.add_user("org", "secret")
        yield server


def test_publishing_over_https_trusts_the_ca_bundle_it_is_given(
    radicale_https: RadicaleServer, throwaway_ca: ThrowawayCA, tmp_path: Path
) -> None:
    """A home on ``https://``: the server's certificate is checked (a self-run Nextcloud or
    Radicale with its own CA is trusted through ``TOURCTL_CA_BUNDLE``), never skipped."""
    plan = small_plan(tmp_path)
    url = f"{radicale_https.url}/org/"
    args = ("publish", plan, "--caldav", url, "--username", "org", "-f", "json")
    env = {"TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret"}
    untrusted = invoke(*args[:-2], env=env)
    assert untrusted.returncode == 4
    assert "certificate" in error_line(untrusted)
    trusted = {**env, "TOURCTL_CA_BUNDLE": str(throwaway_ca.ca_file)}
    first = invoke(*args, env=trusted)
    assert first.returncode == 0, first.stderr
    made = json.loads(first.stdout)["caldav"]
    assert len(made["calendars_made"]) == len(SMALL_FEEDS) and made["events_uploaded"] > 0
    again = json.loads(invoke(*args, env=trusted).stdout)["caldav"]
    assert (again["events_uploaded"], again["events_removed"], again["calendars_made"]) == (
        0,
        0,
        [],
    )


def test_writes_go_several_at_a_time_and_each_once(home: Home, tmp_path: Path) -> None:
    """A far server is mostly waited for: with each PUT held 0.2 s by the proxy, more than
    one is in flight at once, and still every object is written exactly once."""
    in_flight = InFlight()

    def slow_put(seen: Seen) -> Reply | None:
        if seen.method == "PUT":
            with in_flight.one():
                time.sleep(0.2)
        return None

    home.proxy.hook = slow_put
    made = home.ok(small_plan(tmp_path))
    home.proxy.hook = None
    puts = [path for method, path, _ in home.writes() if method == "PUT"]
    assert made["events_uploaded"] == len(puts) == len(set(puts)) == 9
    assert in_flight.most > 1


@pytest.mark.timeout(60)
@pytest.mark.parametrize("held", ["PUT", "REPORT"])
def test_ctrl_c_while_the_server_holds_requests_ends_at_once(
    home: Home, tmp_path: Path, held: str
) -> None:
    """Requests in flight on a server that holds them are not waited for (they would be for up
    to ``--timeout`` each); nothing more is sent after Ctrl-C. REPORTs: a re-publish reading
    the calendars; PUTs: a first publish writing."""
    plan = small_plan(tmp_path)
    if held == "REPORT":
        home.ok(plan)  # calendars to read
    started = threading.Event()
    arrived: list[str] = []

    def hold(seen: Seen) -> Reply | None:
        if seen.method == held:
            arrived.append(seen.path)
            started.set()
            time.sleep(20)
        return None

    home.proxy.hook = hold
    env = {**os.environ, "NO_COLOR": "1", "TOURCTL_NOW": NOW, "TOURCTL_CALDAV_PASSWORD": "secret"}
    process = subprocess.Popen(
        [tourctl_executable(), "publish", str(plan), "--caldav", home.url,
         "--username", home.user, "--timeout", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    try:
        assert started.wait(30), f"no {held} reached the server"
        time.sleep(0.3)
        seen = len(arrived)
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    finally:
        process.kill()
    assert process.returncode == 130, err.decode()
    assert err.decode().strip() == "error: interrupted"
    assert time.monotonic() - interrupted < 10  # not the 20 s the server holds a request
    time.sleep(0.5)
    assert 1 <= seen <= 4 and len(arrived) == seen  # a few in flight; none started after

"""End-to-end: the installed ``tourctl export`` as organizers run it, read by calendar readers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PLANS, TOURS, invoke, tourctl_executable
from tests.exportsupport import agenda, seen, seen_many, unfold

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
NOW_ENV = {"TOURCTL_NOW": "2024-04-01T12:00:00Z"}

PRAGUE_PUBLIC = "Safespace Bookstore, Praha, Czech Republic"
PRAGUE_FULL = "Safespace Bookstore, Example street 1, 110 00 Praha 1, Praha, Czech Republic"
KRAKOW_PUBLIC = "Lambda Community Space, Kraków, Poland"
KRAKOW_FULL = "Lambda Community Space, ul. Przykładowa 5, 31-000 Kraków, Kraków, Poland"
WARSAW = "Kawiarnia Przykład, Warszawa, Poland"
BERLIN = "Buchladen am Kanal, Beispielufer 12, 10999 Berlin, Berlin, Germany"
VIENNA_PUBLIC = "Queer Library Vienna, Wien, Austria"
VIENNA_FULL = "Queer Library Vienna, Musterstraße 3, 1070 Wien, Wien, Austria"
VILNIUS_PARTNERS = "Community Centre Vilnius, Vilnius, Lithuania"
VILNIUS_FULL = "Community Centre Vilnius, Pavyzdžio g. 7, 01100 Vilnius, Vilnius, Lithuania"
TBILISI = "Partner organisation, Tbilisi, Known to the team only, Tbilisi, Georgia"
AMSTERDAM = "Boekhandel Voorbeeld, Voorbeeldgracht 10, 1015 Amsterdam, Amsterdam, Netherlands"
CONVERSATION = "Russian queer community: a conversation"

# What a person sees in each calendar: local times converted to UTC by the file's VTIMEZONEs.
PUBLIC = [
    (CONVERSATION, "2024-05-02T17:00:00Z", "2024-05-02T19:00:00Z", "CONFIRMED", PRAGUE_PUBLIC),
    (CONVERSATION, "2024-05-04T16:00:00Z", "2024-05-04T18:00:00Z", "CONFIRMED", KRAKOW_PUBLIC),
    (
        "Solidarity across borders: an evening in Warsaw",
        "2024-05-05T15:00:00Z",
        "2024-05-05T16:30:00Z",
        "CANCELLED",
        WARSAW,
    ),
    (CONVERSATION, "2024-05-07T17:30:00Z", "2024-05-07T19:30:00Z", "CONFIRMED", BERLIN),
    (
        "Queer life in Russia today",
        "2024-05-10T16:30:00Z",
        "2024-05-10T18:30:00Z",
        "TENTATIVE",
        VIENNA_PUBLIC,
    ),
    (
        "Building solidarity: screening and talk",
        "2024-05-21T18:00:00Z",
        "2024-05-21T20:30:00Z",
        "CONFIRMED",
        AMSTERDAM,
    ),
]
BERLIN_MEETING = (
    "Meeting with Berlin partner organisations",
    "2024-05-08T09:00:00Z",
    "2024-05-08T10:30:00Z",
    "CONFIRMED",
    BERLIN,
)
VILNIUS = (CONVERSATION, "2024-05-14T15:00:00Z", "2024-05-14T17:00:00Z", "TENTATIVE")
PARTNERS = [
    (*PUBLIC[0][:4], PRAGUE_FULL),
    (*PUBLIC[1][:4], KRAKOW_FULL),
    PUBLIC[2],
    PUBLIC[3],
    BERLIN_MEETING,
    (*PUBLIC[4][:4], VIENNA_FULL),
    (*VILNIUS, VILNIUS_PARTNERS),
    PUBLIC[5],
]
TEAM = [
    *PARTNERS[:3],
    *PARTNERS[3:6],
    (*VILNIUS, VILNIUS_FULL),
    (
        "Closed meeting with the Tbilisi community",
        "2024-05-16T13:00:00Z",
        "2024-05-16T15:00:00Z",
        "CONFIRMED",
        TBILISI,
    ),
    PARTNERS[7],
]
EXPECTED = {"public": PUBLIC, "partners": PARTNERS, "team": TEAM}

# Text from the plan that an audience must never get, by audience.
NOT_PUBLIC = [
    "Example street 1",
    "50.087",
    "Jana Example",
    "jana@example.org",
    "ul. Przykładowa",
    "Piotr",
    "Musterstraße",
    "Anna Muster",
    "Marta",
    "Bring the banner",
    "Interpreter booked",
    "Meeting with Berlin partner organisations",
    "Vilnius",
    "Tbilisi",
    "Travel day",
]
NOT_PARTNERS = [
    "Pavyzdžio",
    "Rūta",
    "Tbilisi",
    "Known to the team only",
    "Nino",
    "Travel day",
    "Bring the banner",
    "Interpreter booked",
    "Host had to withdraw",
    "Venue address shared",
    "No photos",
]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The example exported by the installed tourctl for each audience, into files."""
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    for audience in EXPECTED:
        result = invoke("export", EXAMPLE, "--audience", audience, cwd=folder, env=NOW_ENV)
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        files[audience] = (folder / f"solidarity-europe-2024-{audience}.ics").read_bytes()
    return files


ROAD = {
    "public": [],
    "partners": [
        (
            "Flight Berlin → Kraków (LO 3920)",
            "2024-05-04T05:05:00Z",
            "2024-05-04T06:25:00Z",
            None,
            "Berlin Brandenburg (BER), Berlin",
        ),
        (
            "Stay: Lambda's guest room, Kraków",
            "2024-05-04",
            "2024-05-05",
            None,
            "Lambda's guest room, Kraków",
        ),
    ],
}


def test_each_audience_sees_its_events_in_every_parser(exports: dict[str, bytes]) -> None:
    parsed = seen_many(list(exports.values()))
    for (audience, expected), calendar in zip(EXPECTED.items(), parsed, strict=True):
        assert agenda(calendar) == expected, audience
        if audience in ROAD:
            assert agenda(calendar, road=True) == ROAD[audience], audience
    team_road = agenda(parsed[-1], road=True)
    assert len(team_road) == 22  # every leg and stay of the bundled tour
    overnight = next(row for row in team_road if row[0] == "Flight Vilnius → Tbilisi (A2 712)")
    # 23:15 in Vilnius (UTC+3) to 05:05 in Tbilisi (UTC+4): two zones, one instant line.
    assert overnight[1:3] == ("2024-05-15T20:15:00Z", "2024-05-16T01:05:00Z")


def test_calendar_properties(exports: dict[str, bytes]) -> None:
    for audience, ics in exports.items():
        calendar = seen(ics)
        assert calendar["method"] == "PUBLISH"
        assert calendar["version"] == "2.0"
        assert calendar["prodid"].startswith("-//tourctl//tourctl ")
        title = "Queer Russia: building solidarity"
        assert calendar["name"] == (title if audience == "public" else f"{title} ({audience})")
        assert calendar["description"].startswith("Discussions about the Russian queer community, ")
        text = unfold(ics)
        assert "\r\nCALSCALE:GREGORIAN\r\n" in text
        assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
        assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in text


def test_public_export_leaks_nothing_of_the_example(exports: dict[str, bytes]) -> None:
    text = unfold(exports["public"])
    assert [secret for secret in NOT_PUBLIC if secret in text] == []
    partners = unfold(exports["partners"])
    assert [secret for secret in NOT_PARTNERS if secret in partners] == []
    team = unfold(exports["team"])
    assert all(secret in team for secret in ["Known to the team only", "Rūta", "No photos"])


def test_cancelled_event_stays_with_status_cancelled(exports: dict[str, bytes]) -> None:
    events = seen(exports["public"])["events"]
    warsaw = [e for e in events if "Warsaw" in e["summary"]]
    assert len(warsaw) == 1 and warsaw[0]["status"] == "CANCELLED"


def test_same_uid_in_every_audience(exports: dict[str, bytes]) -> None:
    by_summary_start = {
        audience: {(e["summary"], e["start"]): e["uid"] for e in seen(ics)["events"]}
        for audience, ics in exports.items()
    }
    for key, uid in by_summary_start["public"].items():
        assert by_summary_start["partners"][key] == uid == by_summary_start["team"][key]


def test_stdout_holds_the_calendar_and_nothing_else(tmp_path: Path) -> None:
    result = invoke("export", EXAMPLE, "-a", "partners", "-o", "-", cwd=tmp_path, env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR\n")  # text mode: CRLF read as LF
    assert result.stdout.endswith("END:VCALENDAR\n")
    assert list(tmp_path.iterdir()) == []
    file_run = invoke("export", EXAMPLE, "-a", "partners", "-o", "p.ics", cwd=tmp_path, env=NOW_ENV)
    assert file_run.returncode == 0
    assert (tmp_path / "p.ics").read_text(encoding="utf-8").replace("\r\n", "\n") == result.stdout


def test_stdout_is_byte_exact(tmp_path: Path) -> None:
    raw = subprocess.run(
        [tourctl_executable(), "export", str(EXAMPLE), "-o", "-"],
        capture_output=True,
        env={**os.environ, **NOW_ENV},
        cwd=tmp_path,
        check=True,
    )
    assert raw.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert agenda(seen(raw.stdout)) == PUBLIC


def test_output_into_an_existing_folder_uses_the_default_name(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    result = invoke("export", EXAMPLE, "-o", "out", cwd=tmp_path, env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "solidarity-europe-2024-public.ics"
    ]


# --- split venue ----------------------------------------------------------------------------


def test_split_venue_writes_one_calendar_per_visible_venue(tmp_path: Path) -> None:
    result = invoke("export", EXAMPLE, "--split", "venue", "-o", "cal", cwd=tmp_path, env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "cal").iterdir())
    assert [f.name for f in files] == [
        "amsterdam-boekhandel.ics",
        "buchladen-berlin.ics",
        "kawiarnia-warszawa.ics",
        "lambda-krakow.ics",
        "safespace-prague.ics",
        "wien-bibliothek.ics",
    ]  # no file for the team's Tbilisi or the partners' Vilnius venue
    parsed = seen_many([f.read_bytes() for f in files])
    rows = sorted(row for calendar in parsed for row in agenda(calendar))
    assert rows == sorted(PUBLIC)
    for file, calendar in zip(files, parsed, strict=True):
        locations = {e["location"] for e in calendar["events"]}
        assert len(locations) == 1
        assert calendar["name"].startswith("Queer Russia: building solidarity — ")
        assert calendar["name"].split(" — ")[1] in next(iter(locations))
        assert file.suffix == ".ics"


def test_split_venue_default_folder_and_team_audience(tmp_path: Path) -> None:
    result = invoke("export", EXAMPLE, "--split", "venue", "-a", "team", cwd=tmp_path, env=NOW_ENV)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "solidarity-europe-2024-team"
    names = sorted(p.name for p in folder.iterdir())
    assert "tbilisi-safe-house.ics" in names and "vilnius-centre.ics" in names
    parsed = seen_many([(folder / name).read_bytes() for name in names])
    assert sorted(row for c in parsed for row in agenda(c)) == sorted(TEAM)


def test_split_venue_refuses_stdout(tmp_path: Path) -> None:
    result = invoke("export", EXAMPLE, "--split", "venue", "-o", "-", cwd=tmp_path)
    assert result.returncode == 2
    assert "folder" in result.stderr
    assert result.stdout == ""


# --- refusals and failures ------------------------------------------------------------------


def test_invalid_plan_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    broken = EXAMPLE.read_text(encoding="utf-8").replace('end: "21:00"', 'end: "18:00"', 1)
    plan = tmp_path / "broken.yaml"
    plan.write_text(broken, encoding="utf-8")
    existing = tmp_path / "old.ics"
    existing.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    for args in ([], ["-o", "old.ics"], ["-o", "-"], ["--split", "venue"]):
        result = invoke("export", plan, *args, cwd=tmp_path)
        assert result.returncode == 1, args
        assert "end-before-start" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
        assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "old.ics"]
        assert existing.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize("name", ["unknown-venue.yaml", "title-newline.yaml", "missing-end.yaml"])
def test_known_invalid_plans_are_refused(name: str, tmp_path: Path) -> None:
    result = invoke("export", PLANS / "invalid" / name, "-o", "x.ics", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "x.ics").exists()


def test_never_overwrites_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "tour.yaml"
    shutil.copy(EXAMPLE, plan)
    before = plan.read_bytes()
    for output in ("tour.yaml", str(plan), "./sub/../tour.yaml"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        result = invoke("export", "tour.yaml", "-o", output, cwd=tmp_path)
        assert result.returncode == 2, output
        assert "plan itself" in result.stderr
        assert plan.read_bytes() == before


def test_refuses_to_overwrite_a_file_that_is_not_a_calendar(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n", encoding="utf-8")
    result = invoke("export", EXAMPLE, "-o", "notes.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "not an iCalendar file" in result.stderr
    assert notes.read_text(encoding="utf-8") == "# my notes\n"


def test_unwritable_destination_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cases = ["missing-folder/x.ics", "a-file/x.ics"]
    for output in cases:
        result = invoke("export", EXAMPLE, "-o", output, cwd=tmp_path)
        assert result.returncode == 3, output  # an output that cannot be written
        assert result.stderr.count("error:") == 1
        assert "cannot write" in result.stderr
        assert "Traceback" not in result.stderr
    split = invoke("export", EXAMPLE, "--split", "venue", "-o", "a-file", cwd=tmp_path)
    assert split.returncode == 2 and "is a file" in split.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no temporary files left


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = invoke("export", EXAMPLE, "-o", "ro/x.ics", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert "cannot write ro/x.ics" in result.stderr
    assert list(folder.iterdir()) == []


def test_successful_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    for _ in range(2):
        result = invoke("export", EXAMPLE, "-o", "cal.ics", cwd=tmp_path, env=NOW_ENV)
        assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics"]


def test_missing_plan_and_bad_options_are_usage_errors(tmp_path: Path) -> None:
    assert invoke("export", "nope.yaml", cwd=tmp_path).returncode == 2
    assert invoke("export", EXAMPLE, "--audience", "press", cwd=tmp_path).returncode == 2
    assert invoke("export", EXAMPLE, "--split", "city", cwd=tmp_path).returncode == 2
    missing_previous = invoke("export", EXAMPLE, "--previous", "nope.ics", cwd=tmp_path)
    assert missing_previous.returncode == 2 and "nope.ics" in missing_previous.stderr
    bad_now = invoke("export", EXAMPLE, cwd=tmp_path, env={"TOURCTL_NOW": "soon"})
    assert bad_now.returncode == 2 and "TOURCTL_NOW" in bad_now.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_written_line_counts_events_legs_and_stays_apart() -> None:
    from pathlib import Path

    from tourctl.export.files import Written
    from tourctl.report.export import _contents

    def line(events: int, legs: int, stays: int) -> str:
        return _contents(Written(Path("x.ics"), None, events, True, legs=legs, stays=stays))

    assert line(6, 0, 0) == "6 events"
    assert line(1, 1, 0) == "1 event and 1 leg"
    assert line(8, 1, 1) == "8 events, 1 leg and 1 stay"
    assert line(0, 0, 2) == "0 events and 2 stays"

"""Issue 11 on the installed ``tourctl``: hostile input and file-system faults.

One regression test per item the fuzzing found, run as a user runs the tool
(``run_tourctl``: a real process, its real exit code and streams). The rule
behind them all: nothing from outside may crash, hang or destroy. Device
nodes are made with ``mknod`` in a temporary folder (never the system's
``/dev/null``), so those tests need root and are skipped otherwise; FIFOs can
always be made.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import TOURS, run_tourctl, tourctl_executable

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"
TODAY = ("--today", "2024-01-01")
NOW = {"TOURCTL_NOW": "2024-04-01T12:00:00Z"}
ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="mknod of a device node needs root")

HEAD = """\
version: 1
tour: {id: t, title: T, organizer: {name: O}}
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
"""


def plan_file(folder: Path, *events: str, head: str = HEAD) -> Path:
    path = folder / "plan.yaml"
    path.write_text(head + "".join(f"  - {e}\n" for e in events), encoding="utf-8")
    return path


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "a bug in tourctl" not in result.stderr, result.stderr


# --- extreme dates and durations -------------------------------------------------------------


OUT_OF_RANGE = [
    ("9999-12-31", "all_day: true", "events[0].date", 35),
    ("9999-12-31", 'start: "23:00", duration: 2h', "events[0].date", 35),
    ("0001-01-01", 'start: "00:30", end: "01:00"', "events[0].date", 35),
    ("1899-12-31", 'start: "10:00", end: "11:00"', "events[0].date", 35),
    ("2024-05-01", 'start: "23:00", duration: 999999999h', "events[0].duration", 73),
    ("2024-05-01", 'start: "23:00", duration: 99999999999h', "events[0].duration", 73),
    ("2024-05-01", 'start: "23:00", duration: 169h', "events[0].duration", 73),
]


@pytest.mark.parametrize(("day", "times", "path", "column"), OUT_OF_RANGE)
def test_dates_and_durations_outside_the_range_are_findings_at_their_place(
    tmp_path: Path, day: str, times: str, path: str, column: int
) -> None:
    plan = plan_file(tmp_path, f"{{title: A, venue: hall, date: {day}, {times}}}")
    result = run_tourctl("validate", plan, "--format", "json", *TODAY)
    no_traceback(result)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("invalid-value", path, 6, column)
    ]
    assert "supports" in findings[0]["message"]
    refused = run_tourctl("export", "-o", "-", plan, *TODAY)
    no_traceback(refused)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "invalid-value" in refused.stderr
    shown = run_tourctl("show", plan, *TODAY)  # shown as far as it can be read (issue 12)
    no_traceback(shown)
    assert shown.returncode == 1 and "invalid-value" in shown.stderr
    assert shown.stdout.splitlines()[-1].startswith("the plan has 1 error")


def test_the_edges_of_the_range_validate_show_and_export(tmp_path: Path) -> None:
    plan = plan_file(
        tmp_path,
        '{id: a, title: A, venue: hall, date: 1900-01-01, start: "00:30", end: "01:00"}',
        '{id: b, title: B, venue: hall, date: 2999-12-31, start: "23:59", duration: 168h}',
        "{id: c, title: C, venue: hall, date: 2999-12-31, all_day: true}",
    )
    commands = [("validate",), ("show", "-a", "public"), ("show", "-f", "json"), ("export",)]
    for command in commands:
        result = run_tourctl(*command, plan, "--today", "1900-01-01", env=NOW, cwd=tmp_path)
        no_traceback(result)
        assert result.returncode == 0, (command, result.stderr)
    calendar = run_tourctl("export", plan, "-o", "-", "--today", "1900-01-01", env=NOW).stdout
    assert "DTEND;TZID=Europe/Prague:30000107T235900" in calendar
    assert "DTEND;VALUE=DATE:30000101" in calendar
    assert "(+7)" in run_tourctl("show", plan, "--today", "1900-01-01").stdout


@pytest.mark.parametrize(
    "now", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "3000-01-01T00:00:00Z"]
)
def test_tourctl_now_outside_the_range_is_a_usage_error(now: str, tmp_path: Path) -> None:
    result = run_tourctl("export", EXAMPLE, "-o", tmp_path / "x.ics", env={"TOURCTL_NOW": now})
    no_traceback(result)
    assert result.returncode == 2
    assert "outside the dates tourctl supports" in result.stderr
    assert not (tmp_path / "x.ics").exists()


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "20240101", "2024-W01-1"])
def test_today_must_be_a_supported_yyyy_mm_dd(today: str) -> None:
    for command in ("validate", "show", "export"):
        result = run_tourctl(command, EXAMPLE, "--today", today, "-o", "-")
        no_traceback(result)
        assert result.returncode == 2, command
        assert result.stdout == ""


# --- a previous calendar is untrusted --------------------------------------------------------


def _first_export(path: Path) -> bytes:
    result = run_tourctl("export", EXAMPLE, "-o", path, env=NOW)
    assert result.returncode == 0, result.stderr
    return path.read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"DTSTAMP:20240401T120000Z", b"DTSTAMP:99991231T235959Z"),
        (b"SEQUENCE:0", b"SEQUENCE:" + b"9" * 4500),
        (b"SEQUENCE:0", b"SEQUENCE:-1"),
        (b"DTSTAMP:20240401T120000Z", b"DTSTAMP;TZID=Europe/Prague:20240401T120000"),
    ],
)
def test_an_odd_previous_calendar_starts_afresh_with_a_warning(
    tmp_path: Path, old: bytes, new: bytes
) -> None:
    target = tmp_path / "cal.ics"
    clean = _first_export(target)
    target.write_bytes(clean.replace(old, new, 1))
    later = {"TOURCTL_NOW": "2024-05-01T00:00:00Z"}
    for args in (("-o", "-", "--previous", target), ("-o", target)):  # -o rewrites it
        result = run_tourctl("export", EXAMPLE, *args, env=later)
        no_traceback(result)
        assert result.returncode == 0, result.stderr
        assert "is not a calendar as tourctl writes them" in result.stderr
        assert "starts afresh at SEQUENCE 0" in result.stderr
    rewritten = target.read_bytes()
    assert b"SEQUENCE:0" in rewritten and new not in rewritten
    again = run_tourctl("export", EXAMPLE, "-o", target, env=later)
    assert again.returncode == 0 and "Unchanged" in again.stderr  # ours again, from now on


def test_a_huge_previous_calendar_is_not_read_whole(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    clean = _first_export(target)
    with target.open("wb") as handle:  # 300 MB: past the limit, mostly a hole on disk
        handle.write(clean)
        handle.truncate(300 * 2**20)
    started = time.monotonic()
    result = _measured(
        [tourctl_executable(), "export", str(EXAMPLE), "-o", "-", "--previous", str(target)]
    )
    assert result.code == 0, result.stderr
    assert "larger than 256 MB" in result.stderr
    assert result.rss_mb < 250
    assert time.monotonic() - started < 30


class Measured(NamedTuple):
    code: int
    stderr: str
    rss_mb: float


_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs the command as its child and reports the child's peak memory. Linux counts in a
process's ``ru_maxrss`` the memory it had before ``exec``, so a command started straight from
pytest (hundreds of MB by the time this test runs, depending on which tests ran before)
would be charged for pytest; started from this small launcher, it is charged for the
launcher's few MB at most."""


def _measured(argv: list[str], stdin: int | None = None) -> Measured:
    """Run ``argv``; its exit code, stderr, and its own peak memory from ``wait4``."""
    env = {**os.environ, "NO_COLOR": "1", **NOW}
    report, reported = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(reported), *argv],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            pass_fds=(reported,),
        )
        os.close(reported)
        reported = -1
        assert process.stderr is not None
        with process.stderr:
            err = process.stderr.read().decode()
        process.wait()
        with os.fdopen(report, "rb") as answer:
            report = -1
            rss_kb = int(answer.read() or b"0")
        assert rss_kb > 0, f"the launcher reported no peak memory: {err}"
    finally:
        for fd in (report, reported):
            if fd >= 0:
                os.close(fd)
    return Measured(process.returncode, err, rss_kb / 1024)


# --- markup, names, encodings ----------------------------------------------------------------


def test_rich_markup_anywhere_in_a_plan_is_shown_as_written(tmp_path: Path) -> None:
    head = HEAD.replace("title: T", 'title: "[bold]x"').replace(
        "name: Hall, city: Praha", 'name: "[red]H\\\\", city: "[/]"'
    )
    plan = plan_file(
        tmp_path,
        '{title: "[/dim]", venue: hall, date: 2024-05-02, start: "19:00", end: "21:00"}',
        head=head,
    )
    result = run_tourctl("show", plan, *TODAY)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    for text in ("[bold]x — team view", "[red]H\\", "[/], CZ", "[/dim]"):
        assert text in result.stdout


def test_ascii_only_stdout_never_fails(tmp_path: Path) -> None:
    env = {"PYTHONIOENCODING": "ascii"}
    for command in (("show",), ("show", "-f", "json"), ("validate",), ("validate", "-f", "json")):
        result = run_tourctl(*command, EXAMPLE, *TODAY, env=env)
        no_traceback(result)
        assert result.returncode == 0, (command, result.stderr)
        result.stdout.encode("ascii")
    as_json = json.loads(run_tourctl("show", EXAMPLE, "-f", "json", env=env).stdout)
    cities = {e["city"] for day in as_json["days"] for e in day["events"]}
    assert "Kraków" in cities  # \u-escaped, not lost


@pytest.mark.parametrize(
    "data", [b"version: 1\ncity: Krak\xf3w\n", "version: 1\n".encode("utf-16")]
)
def test_stdin_that_is_not_utf8_is_a_finding_for_every_command(data: bytes) -> None:
    for command in ("validate", "show", "export", "check-contacts"):
        result = run_tourctl(command, "-", input=data)
        no_traceback(result)
        assert result.returncode == 1, command
        assert "not-utf8" in result.stdout + result.stderr


@pytest.mark.parametrize("key", ["str", "int", "a[0]", "function-after[x]"])
def test_keys_named_like_pydantic_tags_are_unknown_keys(tmp_path: Path, key: str) -> None:
    for where in ("top", "venue"):
        plan = tmp_path / f"{where}.yaml"
        text = HEAD.replace("events:\n", "")
        if where == "top":
            text += f'"{key}": 1\n'
        else:
            text = text.replace("country: CZ}", f'country: CZ, "{key}": 1}}')
        plan.write_text(text, encoding="utf-8")
        result = run_tourctl("validate", plan, "-f", "json", *TODAY)
        no_traceback(result)
        paths = [(f["code"], f["path"]) for f in json.loads(result.stdout)["findings"]]
        assert paths == [("unknown-key", key if where == "top" else f"venues[0].{key}")]


# --- names too long for the file system ------------------------------------------------------


LONG = "x" * 300


def test_names_too_long_are_one_line_errors(tmp_path: Path) -> None:
    cases = [
        (("validate", f"{LONG}.yaml"), 2),
        (("show", f"{LONG}.yaml"), 2),
        (("export", EXAMPLE, "-o", f"{LONG}.ics"), 3),
        (("export", EXAMPLE, "--split", "venue", "-o", LONG), 3),
        (("export", EXAMPLE, "-o", f"{LONG}/x.ics"), 3),
        (("export", EXAMPLE, "-o", "-", "--previous", f"{LONG}.ics"), 2),
        (("init", f"{LONG}.yaml"), 3),
        (("check-contacts", EXAMPLE, "--offline", "--cache", f"{LONG}.json"), 2),
    ]
    for args, code in cases:
        result = run_tourctl(*args, cwd=tmp_path)
        no_traceback(result)
        assert result.returncode == code, (args, result.stderr)
        assert "too long for the file system" in result.stdout + result.stderr, args
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["y" * 246 + ".ics", "é" * 125 + "x.ics"])
def test_a_legal_long_name_can_be_written(tmp_path: Path, name: str) -> None:
    assert len(name.encode()) in (250, 255)
    result = run_tourctl("export", EXAMPLE, "-o", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left either
    again = run_tourctl("export", EXAMPLE, "--split", "venue", "-o", name[:-4], cwd=tmp_path)
    assert again.returncode == 0, again.stderr


# --- standard output that cannot be written --------------------------------------------------


STDOUT_COMMANDS = [
    ("schema",),
    ("validate", str(EXAMPLE), *TODAY),
    ("show", str(EXAMPLE)),
    ("show", str(EXAMPLE), "-f", "json"),
    ("export", str(EXAMPLE), "-o", "-", *TODAY),
    ("check-contacts", str(EXAMPLE), "--offline"),
]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:3]))
def test_a_full_disk_on_stdout_is_exit_3(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [tourctl_executable(), *args], stdout=full, stderr=subprocess.PIPE, check=False
        )
    err = done.stderr.decode()
    assert done.returncode == 3, err
    assert err.strip() == "error: cannot write to standard output: No space left on device"


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:3]))
def test_a_closed_stdout_is_exit_3(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [tourctl_executable(), *args],
        stderr=subprocess.PIPE,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    err = done.stderr.decode()
    assert done.returncode == 3, err
    assert err.strip() == "error: cannot write to standard output: it is closed"


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:3]))
def test_a_reader_that_goes_away_ends_quietly(args: tuple[str, ...]) -> None:
    process = subprocess.Popen(
        [tourctl_executable(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.read(1)  # like `| head -c1`
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 141), err  # 0: it had written everything already
    assert b"error" not in err and b"Traceback" not in err and b"Broken pipe" not in err, err


# --- inputs that never end, or never start ---------------------------------------------------


def test_a_fifo_as_the_plan_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    for command in ("validate", "show", "export", "check-contacts"):
        result = run_tourctl(command, fifo, timeout=20)
        assert result.returncode == 2, (command, result.stderr)
        assert "not a regular file" in result.stdout + result.stderr


def test_endless_stdin_stops_at_the_limit_in_bounded_memory() -> None:
    with open("/dev/zero", "rb") as zero:
        started = time.monotonic()
        result = _measured([tourctl_executable(), "validate", "-"], stdin=zero.fileno())
    assert result.code == 1
    assert time.monotonic() - started < 30
    assert result.rss_mb < 250


# --- work that aliases and findings multiply -------------------------------------------------


def _aliases(folder: Path, count: int) -> Path:
    event = (
        '&e {title: Talk, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00", '
        "languages: [en, ru], status: confirmed}"
    )
    return plan_file(folder, event, *["*e"] * count)


def test_ten_thousand_aliases_are_quick(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_tourctl("validate", _aliases(tmp_path, 10_000), *TODAY)
    assert result.returncode == 1  # every copy clashes with the others
    assert time.monotonic() - started < 20


def test_aliases_past_the_work_budget_are_refused_quickly(tmp_path: Path) -> None:
    many = _aliases(tmp_path, 150_000)
    started = time.monotonic()
    result = run_tourctl("validate", many, "-f", "json", *TODAY)
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["yaml-too-large"]
    big = tmp_path / "big.yaml"
    big.write_text(
        HEAD.replace("title: T", 'title: &s "' + "x" * 1_000_000 + '"')
        + "".join(
            f'  - {{id: e{i}, title: *s, venue: hall, date: 2024-05-02, start: "19:00", '
            'end: "21:00"}\n'
            for i in range(300)
        ),
        encoding="utf-8",
    )
    result = run_tourctl("validate", big, "-f", "json", *TODAY)
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["yaml-too-large"]
    assert time.monotonic() - started < 20


def test_three_hundred_thousand_findings_are_printed_fast_and_capped(tmp_path: Path) -> None:
    plan = tmp_path / "keys.yaml"
    plan.write_text(
        HEAD.replace("events:\n", "").replace(
            "  - {id: hall, name: Hall, city: Praha, country: CZ}\n",
            "  - id: hall\n    name: Hall\n    city: Praha\n    country: CZ\n"
            + "".join(f"    k{i}: 1\n" for i in range(300_000)),
        ),
        encoding="utf-8",
    )
    started = time.monotonic()
    text = run_tourctl("validate", plan, *TODAY, timeout=120)
    lines = text.stdout.splitlines()
    assert len(lines) == 202
    assert lines[-2].startswith("… and 299,800 more findings in") or lines[-2].startswith(
        "… and 299800 more findings in"
    )
    assert lines[-1].endswith("300000 errors, 0 warnings")
    as_json = run_tourctl("validate", plan, "-f", "json", *TODAY, timeout=120)
    assert json.loads(as_json.stdout)["errors"] == 300_000
    assert time.monotonic() - started < 90


# --- files that must not be destroyed --------------------------------------------------------


def test_export_into_a_fifo_writes_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_tourctl("export", EXAMPLE, "-o", fifo, env=NOW, timeout=30)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir()] == ["calendar.ics"]


def test_export_to_dev_stdout_writes_into_the_pipe() -> None:
    result = run_tourctl("export", EXAMPLE, "-o", "/dev/stdout", *TODAY, env=NOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    events = result.stdout.count("BEGIN:VEVENT")
    assert events > 0
    assert f"Wrote {events} events (public) to /dev/stdout" in result.stderr


@needs_root
def test_export_onto_a_character_device_writes_to_it_and_keeps_it(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    result = run_tourctl("export", EXAMPLE, "-o", null)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full of our own
    result = run_tourctl("export", EXAMPLE, "-o", full)
    assert result.returncode == 3
    assert "No space left on device" in result.stderr
    assert stat.S_ISCHR(full.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]


@needs_root
def test_export_refuses_a_block_device(tmp_path: Path) -> None:
    block = tmp_path / "disk"
    os.mknod(block, 0o600 | stat.S_IFBLK, os.makedev(7, 200))  # a loop device nobody uses
    result = run_tourctl("export", EXAMPLE, "-o", block)
    assert result.returncode == 3
    assert "special file" in result.stderr
    assert stat.S_ISBLK(block.stat().st_mode)


def test_a_symlink_target_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "published").mkdir()
    real = tmp_path / "published" / "tour.ics"
    link = tmp_path / "tour.ics"
    link.symlink_to(Path("published") / "tour.ics")  # dangling until the first export
    result = run_tourctl("export", EXAMPLE, "-o", link, env=NOW)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.read_bytes().startswith(b"BEGIN:VCALENDAR")
    before = real.stat().st_mtime_ns
    again = run_tourctl("export", EXAMPLE, "-o", link, env=NOW)  # the link's target is read too
    assert "Unchanged" in again.stderr and real.stat().st_mtime_ns == before
    plan_link = tmp_path / "plan-link.ics"
    plan_link.symlink_to(EXAMPLE)
    refused = run_tourctl("export", EXAMPLE, "-o", plan_link)
    assert refused.returncode == 2 and "the plan itself" in refused.stderr


def test_check_contacts_never_overwrites_the_plan_or_a_stranger(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    (tmp_path / "hard.yaml").hardlink_to(plan)
    for cache in (plan, tmp_path / "hard.yaml", Path("./plan.yaml")):
        result = run_tourctl("check-contacts", plan, "--offline", "--cache", cache, cwd=tmp_path)
        assert result.returncode == 2 and "is the plan itself" in result.stderr
    result = run_tourctl(
        "check-contacts", plan, "--cache", notes, "--timeout", "0.5", "--deadline", "2"
    )
    assert result.returncode == 2
    assert "not a tourctl contacts cache" in result.stderr
    assert plan.read_bytes() == EXAMPLE.read_bytes()
    assert notes.read_text() == "my notes\n"


# --- small things ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option", [("--timeout", "inf"), ("--timeout", "nan"), ("--deadline", "inf"),
               ("--timeout", "1e300"), ("--cache-max-age", "nan")]
)  # fmt: skip
def test_endless_or_meaningless_time_limits_are_usage_errors(option: tuple[str, str]) -> None:
    result = run_tourctl("check-contacts", EXAMPLE, *option, "--deadline", "5", timeout=30)
    if option[0] == "--deadline":
        result = run_tourctl("check-contacts", EXAMPLE, *option, timeout=30)
    no_traceback(result)
    assert result.returncode == 2, result.stderr


def test_an_empty_output_name_is_a_usage_error(tmp_path: Path) -> None:
    result = run_tourctl("export", EXAMPLE, "-o", "", cwd=tmp_path)
    assert result.returncode == 2 and "-o needs a file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_dns_server_is_a_usage_error() -> None:
    for value in ("", " "):
        result = run_tourctl("check-contacts", EXAMPLE, "--dns-server", value)
        assert result.returncode == 2, result.stderr
        assert "HOST[:PORT]" in result.stderr


@pytest.mark.parametrize("columns", ["0", "1", "abc"])
def test_a_useless_terminal_width_still_shows_the_itinerary(columns: str) -> None:
    result = run_tourctl("show", EXAMPLE, env={"COLUMNS": columns})
    wide = run_tourctl("show", EXAMPLE, env={"COLUMNS": "120"})
    assert result.returncode == 0
    assert "Safespace" in result.stdout and "Russian queer" in result.stdout
    assert result.stdout.splitlines()[-1] == wide.stdout.splitlines()[-1]
    assert " events on " in result.stdout.splitlines()[-1]

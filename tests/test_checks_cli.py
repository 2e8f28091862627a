"""End-to-end: the schedule and venue checks through the installed ``tourctl validate``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import PLANS, TOURS, invoke

CHECKS = PLANS / "checks"


def _json(*args: object) -> tuple[int, dict[str, object]]:
    result = invoke("validate", *map(str, args), "--format", "json")
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads(result.stdout)


def _codes(payload: dict[str, object]) -> list[str]:
    findings = payload["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


def test_example_tour_passes_strict_but_for_public_holidays() -> None:
    # The bundled tour has no problem these checks see, except (in 2024's calendar)
    # its Tbilisi meeting on 17 May, which Georgia made a public holiday that year.
    result = invoke(
        "validate", *sorted(TOURS.glob("*.yaml")), "--today", "2024-04-01", "--strict",
        "--ignore", "public-holiday",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_errors_exit_1() -> None:
    code, payload = _json(CHECKS / "venue-clash.yaml", "--today", "2024-01-01")
    assert code == 1
    assert payload["errors"] == 2 and payload["warnings"] == 0
    assert _codes(payload) == ["venue-clash", "venue-clash"]


def test_json_finding_fields() -> None:
    plan = CHECKS / "dst-fold.yaml"
    _, payload = _json(plan, "--today", "2024-01-01")
    findings = payload["findings"]
    assert isinstance(findings, list)
    assert findings[0] == {
        "code": "dst-fold",
        "severity": "warning",
        "message": "02:30 on 2024-10-27 in Europe/Prague happens twice: 00:30 UTC and "
        "01:30 UTC; tourctl takes the first (calendars get it in UTC), but people reading "
        "the local time may take the other: move it out of the repeated hour",
        "file": str(plan),
        "line": 15,
        "column": 12,
        "path": "events[0].start",
    }


def test_warnings_pass_unless_strict() -> None:
    plan = CHECKS / "doors-after-start.yaml"
    assert invoke("validate", plan, "--today", "2024-01-01").returncode == 0
    strict = invoke("validate", plan, "--today", "2024-01-01", "--strict")
    assert strict.returncode == 1
    assert "warning[doors-after-start]" in strict.stdout


def test_ignore_silences_warnings_but_not_errors() -> None:
    warned = CHECKS / "hygiene.yaml"
    result = invoke(
        "validate", warned, "--today", "2024-01-01", "--strict",
        "--ignore", "unused-venue,unused-person", "--ignore", "events-out-of-order",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    code, payload = _json(CHECKS / "speaker-clash.yaml", "--today", "2024-01-01",
                          "--ignore", "speaker-clash")  # fmt: skip
    assert code == 1 and _codes(payload) == ["ignore-error-code", "speaker-clash"]


def test_plan_ignore_list_applies() -> None:
    result = invoke("validate", CHECKS / "ignore-list.yaml", "--today", "2024-01-01",
                         "--strict")  # fmt: skip
    assert result.returncode == 0, result.stdout


def test_today_option_decides_what_is_past() -> None:
    plan = CHECKS / "date-in-past-ok.yaml"  # events on 2024-06-12 and 2024-06-13
    code, payload = _json(plan, "--today", "2024-06-13")
    assert code == 0 and _codes(payload) == ["date-in-past"]
    assert _codes(_json(plan, "--today", "2024-06-12")[1]) == []
    # Without --today, today is the real date, long after June 2024: a warning, never an error.
    assert date.today() > date(2024, 6, 13)
    code, payload = _json(plan)
    assert code == 0 and _codes(payload) == ["date-in-past", "date-in-past"]


def test_bad_today_is_a_usage_error() -> None:
    result = invoke("validate", CHECKS / "hygiene-ok.yaml", "--today", "June")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def _imported_after(code: str) -> set[str]:
    probe = (
        f"{code}\nimport sys\n"
        "print('\\nloaded:', *(m for m in ('holidays', 'tourctl.gazetteer', 'phonenumbers', "
        "'email_validator') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return set(out.rsplit("\nloaded:", 1)[1].split())


def test_cli_import_and_help_load_no_heavy_library() -> None:
    assert _imported_after("import tourctl.cli") == set()
    help_run = (
        "import sys\nfrom tourctl.cli import main\nsys.argv = ['tourctl', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(help_run) == set()


def _checked(plan: Path) -> str:
    return (
        "from tourctl.pipeline import check_plan, PlanOptions\n"
        f"check_plan({str(plan)!r}, PlanOptions())"
    )


def test_libraries_load_only_for_the_plans_that_need_them() -> None:
    # The holidays package never (a bundled table stands in for it); the contact
    # libraries only for a plan with such contacts, and email-validator only for an
    # address that is not plainly valid (tourctl.contacts.syntax.plain_email).
    no_events = (
        "from tourctl.pipeline import check_text, PlanOptions\n"
        "check_text('version: 1\\ntour: {id: t, title: T, organizer: {name: O}}\\n', "
        "'p.yaml', PlanOptions())"
    )
    assert _imported_after(no_events) == set()
    assert _imported_after(_checked(CHECKS / "hygiene-ok.yaml")) == set()  # a plain email
    assert _imported_after(_checked(CHECKS / "phone-ok.yaml")) == {"phonenumbers"}
    assert "email_validator" in _imported_after(_checked(CHECKS / "email-invalid.yaml"))


def test_zones_come_from_the_tzdata_package_and_version_reads_none() -> None:
    # `tourctl --version` does not even import zoneinfo; anything that reads a plan
    # has pointed it at the tzdata package (not the system's zone files) first.
    probe = (
        "import sys\nfrom tourctl.cli import main\nsys.argv = ['tourctl', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('zoneinfo' in sys.modules)\n"
        "import zoneinfo\nearly = zoneinfo.ZoneInfo('Europe/Prague')\n"  # before the pin
        "import tourctl.model\nprint(zoneinfo.TZPATH)\n"
        "from tourctl.places import tzdata\nprint(tzdata.zone('Europe/Prague') is early)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split("\n")
    # ... and a zone read before the pin (from wherever) is not the one tourctl uses.
    assert out[:4] == ["tourctl 0.1.0", "False", "()", "False"]

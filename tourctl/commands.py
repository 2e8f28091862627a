"""What each command does once its options are parsed: call the core, report, pick the exit code.

Kept apart from ``cli.py`` so the Typer layer holds nothing but option parsing,
and imported only when a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tourctl.errors import ExitStatus, UserError
from tourctl.findings import Finding, FindingSummary
from tourctl.validate import PlanResult, ValidateOptions, validate_file, validate_text


def read_plan(path: Path, options: ValidateOptions) -> PlanResult:
    """Validate the plan at ``path`` ('-' is stdin). Unreadable files are a usage error."""
    if str(path) == "-":
        return validate_text(sys.stdin.read(), "<stdin>", options)
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a plan file")
    try:
        return validate_file(path, options)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _status(findings: Sequence[Finding], strict: bool) -> ExitStatus:
    return ExitStatus.FAILED if FindingSummary(list(findings)).failed(strict) else ExitStatus.OK


def validate_command(
    plans: Sequence[Path], fmt: str, strict: bool, ignore: Sequence[str], today: date | None
) -> int:
    from tourctl import console
    from tourctl.report import REPORTER_BY_NAME

    options = ValidateOptions(today=today, ignore=ignore)
    findings: list[Finding] = []
    files: list[str] = []
    usage_error = False
    for path in plans:
        try:
            result = read_plan(path, options)
        except UserError as exc:
            console.stderr().print(f"[bold red]error:[/bold red] {exc.message}")
            usage_error = True
            continue
        files.append(result.file)
        findings.extend(result.findings)
    REPORTER_BY_NAME[fmt](findings, files, sys.stdout)
    if usage_error:
        return ExitStatus.USAGE
    return _status(findings, strict)


def load_valid_plan(
    path: Path, *, strict: bool = False, fmt: str = "text"
) -> tuple[PlanResult, list[Finding]]:
    """For commands that need a usable plan: errors refuse it, with every finding shown
    (as text on stderr, or as validate's JSON on stdout with ``fmt="json"``)."""
    from tourctl.report import findings_json, report_text

    result = read_plan(path, ValidateOptions())
    if result.plan is None or _status(result.findings, strict) is ExitStatus.FAILED:
        if fmt == "json":
            sys.stdout.write(findings_json(result.findings) + "\n")
        else:
            report_text(result.findings, [result.file], sys.stderr)
        raise UserError(
            f"{result.file} has errors; fix them first (see `tourctl validate`)",
            ExitStatus.FAILED,
        )
    return result, result.findings


def show_command(path: Path, fmt: str, audience: str) -> int:
    from tourctl.itinerary import itinerary, print_itinerary_json, print_itinerary_text
    from tourctl.model import Plan, Visibility

    level = Visibility(audience)
    result, _ = load_valid_plan(path)
    assert isinstance(result.plan, Plan)
    days = itinerary(result.plan, result.source, level)
    if fmt == "json":
        print_itinerary_json(result.plan, days, level)
    else:
        print_itinerary_text(result.plan, days, level)
    return ExitStatus.OK


def export_command(
    path: Path,
    audience: str,
    output: str | None,
    split: str | None,
    previous: Path | None,
    fmt: str = "text",
) -> int:
    from tourctl.export.run import ExportOptions, run_export
    from tourctl.model import Visibility

    options = ExportOptions(
        plan=path,
        audience=Visibility(audience),
        output=output,
        split_venue=split == "venue",
        previous=previous,
        fmt=fmt,
    )
    return run_export(options)


@dataclass(frozen=True)
class ContactsRequest:
    plan: Path
    fmt: str
    offline: bool
    timeout: float
    concurrency: int
    per_host: int
    dns_server: str | None
    deadline: float | None
    cache: Path | None
    cache_max_age: float
    strict: bool


def check_contacts_command(request: ContactsRequest) -> int:
    """Contacts are checked even when other parts of the plan have errors; only a plan that
    cannot be loaded at all is refused."""
    from tourctl.contacts import CheckOptions, items_from_plan, run_checks
    from tourctl.contacts.items import count_problems
    from tourctl.contacts_report import REPORTER_BY_NAME, progress_reporter
    from tourctl.model import Plan
    from tourctl.report import findings_json, report_text

    result = read_plan(request.plan, ValidateOptions(run_checks=False))
    if not isinstance(result.plan, Plan):
        if request.fmt == "json":
            sys.stdout.write(findings_json(result.findings) + "\n")
        else:
            report_text(result.findings, [result.file], sys.stderr)
        raise UserError(f"{result.file} cannot be loaded; fix it first", ExitStatus.FAILED)
    try:
        options = CheckOptions(
            offline=request.offline,
            timeout=request.timeout,
            concurrency=request.concurrency,
            per_host=request.per_host,
            dns_server=request.dns_server,
            deadline=request.deadline,
            cache_path=request.cache,
            cache_max_age=request.cache_max_age,
        )
        items = items_from_plan(result.plan)
        with progress_reporter(len(items)) as progress:
            results = run_checks(items, options, progress)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    REPORTER_BY_NAME[request.fmt](result.plan, results)
    errors, warnings = count_problems(results)
    failed = errors > 0 or (request.strict and warnings > 0)
    return ExitStatus.FAILED if failed else ExitStatus.OK


def schema_command() -> int:
    import json

    from tourctl.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return ExitStatus.OK


def init_command(path: Path) -> int:
    from tourctl import console
    from tourctl.starter import write_starter

    write_starter(path)
    console.stderr().print(
        f"Wrote a starter plan to {path}. Edit it, then run: tourctl validate {path}"
    )
    return ExitStatus.OK

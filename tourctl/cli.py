"""The command line: options in, one call into the core, a reporter, an exit code.

Each command copies its options into one call of ``tourctl.core`` (or the
export job), hands the result to the reporter its ``--format`` names, and
returns the result's exit status. ``run`` alone turns what the core raises
into a one-line message and an exit code (``tourctl.errors``); a Python
traceback is shown only with ``--traceback`` or ``TOURCTL_DEBUG=1``.

Nothing heavy is imported at module level (pydantic, icalendar, httpx,
rich, the gazetteer): ``tourctl --version`` and ``--help`` stay fast. For the
same reason this module does not use ``from __future__ import annotations``:
Typer reads every command's annotations each run, and annotations kept as
strings would be compiled and evaluated again each time (twice per command:
about half of Typer's work before a command starts).
"""

import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from tourctl import __version__
from tourctl.enums import Audience, Split
from tourctl.errors import (
    ExitStatus,
    OutputError,
    PlanRefused,
    Stopped,
    TourctlError,
    UsageError,
)
from tourctl.plainhelp import PlainGroup, plain_usage_message
from tourctl.report import formats

if TYPE_CHECKING:
    from tourctl.report.streams import Streams

R = TypeVar("R")

DEBUG_ENV = "TOURCTL_DEBUG"


app = typer.Typer(
    name="tourctl",
    help="Check a touring programme's plan, export its calendars, check its venues' contacts.",
    no_args_is_help=True,
    add_completion=True,
    cls=PlainGroup,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_streams: "ContextVar[Streams]" = ContextVar("tourctl_streams")
_show_traceback: ContextVar[bool] = ContextVar("tourctl_traceback", default=False)

ValidateFormat = formats("validate")
ShowFormat = formats("show")
ExportFormat = formats("export")
ContactsFormat = formats("check-contacts")
DaysheetFormat = formats("daysheet")
PublishFormat = formats("publish")
FeedsFormat = formats("feeds")
DiffFormat = formats("diff")


def _version(value: bool) -> None:
    if value:
        _streams.get().stdout.write(f"tourctl {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    traceback: Annotated[
        bool,
        typer.Option("--traceback", help="On an unexpected failure, show Python's traceback."),
    ] = False,
) -> None:
    """Check a touring programme's plan, export its calendars, check its venues' contacts."""
    if traceback:
        _show_traceback.set(True)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_today(value: str | None) -> date | None:
    return None if value is None else _parse_date("--today", value)


def _parse_date(option: str, value: str) -> date:
    from tourctl.ranges import DATE_RANGE, date_supported

    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not '{value}'") from None
    if not date_supported(day):
        raise UsageError(f"{option} {value} is outside the dates tourctl supports ({DATE_RANGE})")
    return day


def _split_codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def _execute(command: str, fmt: str, compute: Callable[[], R], status: Callable[[R], int]) -> None:
    """Compute, report in ``fmt``, exit with ``status(result)``; a refusal is reported too."""
    from tourctl.report import reporter

    streams = _streams.get()
    chosen = reporter(command, fmt)
    try:
        result = compute()
    except PlanRefused as refusal:
        chosen.refused(refusal, streams)
        raise
    chosen.report(result, streams)
    raise typer.Exit(status(result))


def _ok(_: object) -> int:
    return ExitStatus.OK


PlanArg = Annotated[str, typer.Argument(help="A plan file (YAML); '-' reads standard input.")]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        metavar="YYYY-MM-DD",
        help="Take this date as today (for 'date in the past'); default: the clock.",
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore", metavar="CODE", help="Silence these warning codes (CODE[,CODE]; repeatable)."
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
AudienceOpt = Annotated[Audience, typer.Option("--audience", "-a", help="Who the output is for.")]


@app.command()
def validate(
    plans: Annotated[list[str], typer.Argument(help="Plan files (YAML); '-' reads stdin.")],
    format: Annotated[
        ValidateFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="Output format."),
    ] = ValidateFormat("text"),
    strict: StrictOpt = False,
    ignore: IgnoreOpt = None,
    today: TodayOpt = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", "-w", help="Validate again whenever a plan is saved, until Ctrl-C."
        ),
    ] = False,
) -> None:
    """Load and check one or more plans offline; print the findings."""
    from tourctl import core
    from tourctl.pipeline import PlanOptions

    options = PlanOptions(today=_parse_today(today), ignore=_split_codes(ignore))
    if watch:
        _watch(plans, format, lambda: core.validate(plans, options, None))
    _execute(
        "validate",
        format,
        lambda: core.validate(plans, options, _streams.get().stdin),
        lambda run: run.status(strict),
    )


def _watch(plans: list[str], fmt: str, compute: Callable[[], Any]) -> None:
    """``validate --watch``: report now and after every save, clearing a terminal between runs."""
    from datetime import datetime

    from tourctl.load import STDIN
    from tourctl.report import reporter
    from tourctl.text import plural
    from tourctl.watch import CLEAR_SCREEN, watch

    if STDIN in plans:
        raise UsageError("--watch needs plan files to watch, not '-' (standard input)")
    streams = _streams.get()
    chosen = reporter("validate", fmt)
    terminal = streams.stdout.isatty()

    def run_once() -> None:
        if terminal:
            streams.stdout.write(CLEAR_SCREEN)
            streams.stdout.flush()
        chosen.report(compute(), streams)
        streams.stdout.flush()
        at = datetime.now().strftime("%H:%M:%S")
        streams.stderr.write(
            f"[{at}] watching {plural(len(plans), 'plan')} for changes; Ctrl-C to stop\n"
        )
        streams.stderr.flush()

    watch(plans, run_once)


@app.command()
def show(
    plan: PlanArg,
    format: Annotated[
        ShowFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="Output format."),
    ] = ShowFormat("text"),
    audience: Annotated[
        Audience, typer.Option("--audience", "-a", help="Show only what this audience sees.")
    ] = Audience.TEAM,
    today: TodayOpt = None,
) -> None:
    """The itinerary as a table, day by day."""
    from tourctl import core

    day = _parse_today(today)
    _execute(
        "show",
        format,
        lambda: core.show(plan, audience, day, _streams.get().stdin),
        lambda result: ExitStatus.FAILED if result.errors else ExitStatus.OK,
    )


@app.command()
def export(
    plan: PlanArg,
    audience: Annotated[
        Audience | None,
        typer.Option(
            "--audience", "-a", help="Who the calendar is for (default: public; team for a person)."
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person", metavar="ID", help="One person's own calendar: their events, legs, stays."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write ('-' for stdout; a folder with --split). "
            "Default: ./<tour id>-<audience>.ics",
        ),
    ] = None,
    split: Annotated[
        Split | None,
        typer.Option("--split", help="One calendar per venue, or per person, into a folder."),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="FILE",
            help="The previous export, to keep UIDs' SEQUENCE/DTSTAMP "
            "(default: the file being replaced); '-' reads standard input.",
        ),
    ] = None,
    format: Annotated[
        ExportFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="How to report: text, or json for scripts."),
    ] = ExportFormat("text"),
    today: TodayOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a file (or --split folder) holding another audience's calendar.",
        ),
    ] = False,
) -> None:
    """Write an iCalendar file of what one audience may see; refuses a plan with errors."""
    from tourctl.export.files import ExportRequest, export_plan

    streams = _streams.get()
    request = ExportRequest(
        plan=plan,
        audience=audience,
        output=output,
        split=split,
        person=person,
        previous=previous,
        today=_parse_today(today),
        force=force,
    )
    _execute(
        "export", format, lambda: export_plan(request, streams.write_bytes, streams.stdin), _ok
    )


@app.command()
def daysheet(
    plan: PlanArg,
    date: Annotated[
        list[str] | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="Only this day (repeatable); default: every day."
        ),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", metavar="ID", help="Only this person's day.")
    ] = None,
    audience: Annotated[
        Audience,
        typer.Option("--audience", "-a", help="Who may read it (partners: safe for a host)."),
    ] = Audience.TEAM,
    format: Annotated[
        DaysheetFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="text, markdown, html (print one page a day), json."),
    ] = DaysheetFormat("text"),
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="PATH", help="File to write (default: stdout)."),
    ] = None,
    today: TodayOpt = None,
) -> None:
    """What each day holds: where people wake up, legs, events, where they sleep."""
    from tourctl import core

    days = [_parse_date("--date", value) for value in date or []]
    day = _parse_today(today)
    _execute(
        "daysheet",
        format,
        lambda: core.daysheets(
            plan,
            audience,
            person=person,
            dates=days,
            today=day,
            output=output,
            stdin=_streams.get().stdin,
        ),
        _ok,
    )


BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        metavar="URL",
        help="Where the site is served (https://tour.example.org/): makes links absolute.",
    ),
]


PASSWORD_ENV = "TOURCTL_CALDAV_PASSWORD"


@app.command()
def publish(
    plan: PlanArg,
    site: Annotated[
        Path | None,
        typer.Option("--site", metavar="DIR", help="Write the feeds and public page here."),
    ] = None,
    base_url: BaseUrlOpt = None,
    caldav: Annotated[
        str | None,
        typer.Option(
            "--caldav",
            metavar="URL",
            help="Upload the feeds to this CalDAV calendar home, one calendar per feed "
            "(password: TOURCTL_CALDAV_PASSWORD, or asked on a terminal).",
        ),
    ] = None,
    username: Annotated[
        str | None,
        typer.Option("--username", metavar="USER", help="CalDAV login (default: anonymous)."),
    ] = None,
    caldav_collection: Annotated[
        list[str] | None,
        typer.Option(
            "--caldav-collection",
            metavar="FEED=NAME",
            help="Publish FEED into the existing calendar NAME in the home, leaving what is "
            "already in it (repeatable).",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds for one CalDAV request.", min=0.01),
    ] = 30.0,
    deadline: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            help="Seconds for the whole CalDAV publish (default: 20 x timeout, at least 600).",
            min=0.01,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    format: Annotated[
        PublishFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="How to report: text, or json for scripts."),
    ] = PublishFormat("text"),
    today: TodayOpt = None,
) -> None:
    """Publish the tour's feeds (public, partners, each venue, team, each person)."""
    from tourctl import core

    if site is None and caldav is None:
        raise UsageError("say where to publish: --site DIR, --caldav URL, or both")
    if base_url is not None and site is None:
        raise UsageError("--base-url is the address of the --site folder; give --site too")
    day = _parse_today(today)
    url = _base_url(base_url)
    request = None
    if caldav is not None:
        request = core.CalDavRequest(
            _caldav_url(caldav),
            username,
            _collections(caldav_collection),
            timeout,
            deadline,
        )
    elif username is not None or caldav_collection:
        raise UsageError("--username and --caldav-collection go with --caldav URL")
    _execute(
        "publish",
        format,
        lambda: core.publish(
            plan,
            site=site,
            base_url=url,
            caldav=request,
            password=lambda: _password(username),
            dry_run=dry_run,
            today=day,
            stdin=_streams.get().stdin,
        ),
        lambda result: result.status,
    )


def _caldav_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise UsageError(
            "--caldav takes the address of a calendar home, like "
            f"https://cloud.example.org/remote.php/dav/calendars/<user>/, not '{value}'"
        )
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "--caldav: put the user name in --username and the password in "
            f"{PASSWORD_ENV}, not in the address"
        )
    return value if value.endswith("/") else value + "/"


def _collections(values: list[str] | None) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for value in values or []:
        feed, sep, name = value.partition("=")
        if not sep or not feed.strip() or not name.strip():
            raise UsageError(
                f"--caldav-collection takes FEED=NAME (public=tour-public), not '{value}'"
            )
        chosen[feed.strip()] = name.strip()
    return chosen


def _password(username: str | None) -> str | None:
    """The CalDAV password: from the environment, else asked on the terminal (never argv)."""
    if username is None:
        return None
    found = os.environ.get(PASSWORD_ENV)
    if found:
        return found
    stdin = _streams.get().stdin
    if stdin is None or not stdin.isatty():
        raise UsageError(
            f"no password for '{username}': set {PASSWORD_ENV} (standard input is not a "
            "terminal to ask on)"
        )
    import getpass

    try:
        return getpass.getpass(f"CalDAV password for {username}: ", stream=sys.stderr)
    except EOFError:
        raise UsageError(f"no password for '{username}' was given") from None


@app.command()
def feeds(
    plan: PlanArg,
    base_url: BaseUrlOpt = None,
    format: Annotated[
        FeedsFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="Output format."),
    ] = FeedsFormat("text"),
    today: TodayOpt = None,
) -> None:
    """Print every feed's address, secret ones included, to hand out to partners and people."""
    from tourctl import core

    url = _base_url(base_url)
    day = _parse_today(today)
    _execute(
        "feeds",
        format,
        lambda: core.feeds(plan, base_url=url, today=day, stdin=_streams.get().stdin),
        _ok,
    )


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(
            f"--base-url takes the site's address, like https://tour.example.org/, not '{value}'"
        )
    return value if value.endswith("/") else value + "/"


@app.command()
def diff(
    plans: Annotated[
        list[str],
        typer.Argument(
            help="OLD NEW (two plan files), or PLAN with --since REV.", metavar="PLAN..."
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="REV", help="Compare with the plan as git had it at REV."),
    ] = None,
    format: Annotated[
        DiffFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="text, markdown (to paste into a message), json."),
    ] = DiffFormat("text"),
    today: TodayOpt = None,
) -> None:
    """What each audience and feed can see change; exit 1 if anything did, 0 if not."""
    from tourctl import core

    if since is None and len(plans) != 2:
        raise UsageError("give two plans (diff OLD NEW), or one plan and --since REV")
    if since is not None and len(plans) != 1:
        raise UsageError("with --since REV, give one plan: it is compared with itself at REV")
    old, new = (plans[0], plans[1]) if since is None else (None, plans[0])
    day = _parse_today(today)
    _execute(
        "diff",
        format,
        lambda: core.diff(new, old=old, since=since, today=day, stdin=_streams.get().stdin),
        lambda result: ExitStatus.FAILED if result.changed else ExitStatus.OK,
    )


@app.command("check-contacts")
def check_contacts(
    plan: PlanArg,
    format: Annotated[
        ContactsFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="Output format."),
    ] = ContactsFormat("text"),
    offline: Annotated[
        bool, typer.Option("--offline", help="Syntax only: no DNS, no HTTP, nothing sent.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            metavar="SECONDS", help="Seconds for one HTTP request or DNS lookup.", min=0.01
        ),
    ] = 10.0,
    concurrency: Annotated[
        int, typer.Option(metavar="N", help="Checks running at once, in all.", min=1)
    ] = 16,
    per_host: Annotated[
        int, typer.Option(metavar="N", help="Requests at once to one web host.", min=1)
    ] = 2,
    dns_server: Annotated[
        str | None,
        typer.Option(metavar="HOST[:PORT]", help="DNS resolver to ask (default: the system's)."),
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option(
            metavar="SECONDS",
            help="Seconds for the whole run (default: 12 x timeout, at least 30).",
            min=0.01,
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Remember successes in this JSON file and skip them next time."
        ),
    ] = None,
    cache_max_age: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds a remembered success stays valid.", min=0),
    ] = 86400.0,
    strict: StrictOpt = False,
) -> None:
    """Check every contact: email (syntax, mail server), phone, website (reachable)."""
    from tourctl import core
    from tourctl.contacts.items import CheckOptions, count_problems
    from tourctl.report import reporter

    streams = _streams.get()
    try:
        options = CheckOptions(
            offline=offline,
            timeout=timeout,
            concurrency=concurrency,
            per_host=per_host,
            dns_server=dns_server,
            deadline=deadline,
            cache_path=cache,
            cache_max_age=cache_max_age,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    def compute() -> core.ContactsRun:
        contacts = core.contacts_of(plan, streams.stdin)
        with reporter("check-contacts", format).progress(len(contacts.items), streams) as advance:  # type: ignore[attr-defined]
            return core.check_contacts(contacts, options, advance)

    def status(run: core.ContactsRun) -> int:
        errors, warnings = count_problems(run.results)
        if errors or (strict and warnings):
            return ExitStatus.FAILED  # a real problem found, with or without a network
        return ExitStatus.NETWORK if run.no_network else ExitStatus.OK

    _execute("check-contacts", format, compute, status)


@app.command()
def schema(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write it to FILE (atomically; only over an older schema, never over a plan)."
            " Default: standard output.",
        ),
    ] = None,
) -> None:
    """Print the plan's JSON Schema, for editors (yaml-language-server, VS Code)."""
    from tourctl import core
    from tourctl.report.findings import write_json

    if output is None or output == "-":
        write_json(core.schema(), _streams.get().stdout)
        return
    written = core.write_schema(Path(output))
    _say(f"Wrote the plan's JSON Schema to {written}")


@app.command()
def init(
    path: Annotated[
        str,
        typer.Argument(
            help="Where to write the starter plan: a file, a folder (FOLDER/tour.yaml), "
            "or '-' for standard output. Its schema goes beside it."
        ),
    ] = "tour.yaml",
) -> None:
    """Write a commented starter plan, and its JSON Schema for editors (never over a plan)."""
    from tourctl import core

    started = core.init(path)
    if isinstance(started, str):
        _streams.get().stdout.write(started)
        return
    _say(
        f"Wrote a starter plan to {started.plan} and its schema (for editors) to"
        f" {started.schema}. Edit the plan, then run: tourctl validate {started.plan}"
    )


def _say(line: str) -> None:
    """A line for people on stderr (never markup)."""
    _streams.get().err().print(line, markup=False, highlight=False)


# --- running a command: the one place outcomes become exit codes ----------------------------


def run(argv: Sequence[str], streams: "Streams") -> int:
    """Run ``tourctl ARGV`` with these streams; the exit status. Never raises for a user error."""
    from tourctl.gcpause import command_scope
    from tourctl.report.streams import PipeClosed

    token = _streams.set(streams)
    debug = _show_traceback.set(os.environ.get(DEBUG_ENV, "") not in ("", "0"))
    try:
        with command_scope():
            code = _invoke(list(argv))
        _flush(streams)
        return code
    except TourctlError as exc:
        _error(streams, exc.message)
        return int(exc.status)
    except Stopped as exc:
        with contextlib.suppress(OSError, ValueError):
            # On a terminal the ^C the user typed is echoed without a line break.
            streams.stderr.write(("\n" if streams.stderr.isatty() else "") + exc.message + "\n")
        return int(exc.status)
    except KeyboardInterrupt:
        _error(streams, "interrupted")
        return ExitStatus.INTERRUPTED
    except (BrokenPipeError, PipeClosed):
        _silence_stdout(streams)
        return 141  # 128 + SIGPIPE, what a process the pipe closed on reports
    except Exception as exc:
        if _show_traceback.get():
            raise
        _error(
            streams,
            f"unexpected {type(exc).__name__}: {exc}. This is a bug in tourctl; "
            "run again with --traceback and report what it prints",
        )
        return 70  # EX_SOFTWARE
    finally:
        _streams.reset(token)
        _show_traceback.reset(debug)


def _invoke(argv: list[str]) -> int:
    from typer._click.exceptions import ClickException
    from typer.exceptions import Abort

    try:
        code = app(args=argv, prog_name="tourctl", standalone_mode=False)
    except ClickException as exc:
        _usage_error(exc)
        return exc.exit_code
    except Abort:
        raise KeyboardInterrupt from None
    if code == ExitStatus.INTERRUPTED:
        raise KeyboardInterrupt
    return int(code or 0) if isinstance(code, int) else 0


def _usage_error(exc: Any) -> None:
    """A usage mistake as Typer shows it (usage line, hint, message), on stderr."""
    from typer import rich_utils
    from typer._click.exceptions import NoArgsIsHelpError

    if isinstance(exc, NoArgsIsHelpError):
        exc.show()
    else:
        if isinstance(getattr(exc, "message", None), str):
            exc.message = plain_usage_message(exc.message)
        rich_utils.rich_format_error(exc)


def _error(streams: "Streams", message: str) -> None:
    from tourctl.text import escape

    with contextlib.suppress(OSError, ValueError):  # stderr itself gone: the exit code says it
        streams.err().print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False)


def _flush(streams: "Streams") -> None:
    """Flush stdout inside the error handling: a full disk often shows only at the flush."""
    try:
        streams.stdout.flush()
    except (OSError, ValueError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(f"cannot write to standard output: {exc}") from None


def _silence_stdout(streams: "Streams") -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, streams.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    """Entry point of the ``tourctl`` console script."""
    from tourctl.report.streams import Streams

    sys.exit(run(sys.argv[1:], Streams.system()))

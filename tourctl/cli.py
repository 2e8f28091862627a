"""The command line: options in, one call into the core, a reporter, an exit code.

Nothing heavy is imported at module level (pydantic, icalendar, httpx,
holidays, the gazetteer): ``tourctl --version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import enum
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from tourctl import __version__
from tourctl.errors import ExitStatus, UserError

app = typer.Typer(
    name="tourctl",
    help="Check a touring programme's plan, export its calendars, check its venues' contacts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FindingsFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class Audience(enum.StrEnum):
    """The CLI's copy of ``model.Visibility``: importing the model would load pydantic
    for ``--help`` and ``--version``."""

    PUBLIC = "public"
    PARTNERS = "partners"
    TEAM = "team"


class Split(enum.StrEnum):
    VENUE = "venue"


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tourctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Check a touring programme's plan, export its calendars, check its venues' contacts."""


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--today takes a date as YYYY-MM-DD, not '{value}'") from None


def _split_codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


PlanArg = Annotated[Path, typer.Argument(help="A plan file (YAML); '-' reads standard input.")]
TodayOpt = Annotated[
    str | None,
    typer.Option(help="Take this date (YYYY-MM-DD) as today, for the 'date in the past' check."),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Silence these warning codes (CODE[,CODE]; repeatable)."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]


@app.command()
def validate(
    plans: Annotated[list[Path], typer.Argument(help="Plan files (YAML); '-' reads stdin.")],
    format: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = FindingsFormat.TEXT,
    strict: StrictOpt = False,
    ignore: IgnoreOpt = None,
    today: TodayOpt = None,
) -> None:
    """Load and check one or more plans offline; print the findings."""
    from tourctl.commands import validate_command

    raise typer.Exit(
        validate_command(plans, format.value, strict, _split_codes(ignore), _parse_today(today))
    )


@app.command()
def show(
    plan: PlanArg,
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
    audience: Annotated[
        Audience, typer.Option("--audience", "-a", help="Show only what this audience sees.")
    ] = Audience.TEAM,
) -> None:
    """The itinerary as a table, day by day."""
    from tourctl.commands import show_command

    raise typer.Exit(show_command(plan, format.value, audience.value))


@app.command()
def export(
    plan: PlanArg,
    audience: Annotated[
        Audience, typer.Option("--audience", "-a", help="Who the calendar is for.")
    ] = Audience.PUBLIC,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-' for stdout; a folder with --split). "
            "Default: ./<tour id>-<audience>.ics",
        ),
    ] = None,
    split: Annotated[
        Split | None, typer.Option("--split", help="One calendar per venue, into a folder.")
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The previous export, to keep UIDs' SEQUENCE/DTSTAMP "
            "(default: the file being replaced).",
        ),
    ] = None,
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="How to report: text, or json for scripts."),
    ] = OutputFormat.TEXT,
) -> None:
    """Write an iCalendar file of what one audience may see; refuses a plan with errors."""
    from tourctl.commands import export_command

    raise typer.Exit(
        export_command(
            plan, audience.value, output, split.value if split else None, previous, format.value
        )
    )


@app.command("check-contacts")
def check_contacts(
    plan: PlanArg,
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
    offline: Annotated[
        bool, typer.Option("--offline", help="Syntax only: no DNS, no HTTP, nothing sent.")
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds for one HTTP request or DNS lookup.", min=0.01)
    ] = 10.0,
    concurrency: Annotated[int, typer.Option(help="Checks running at once, in all.", min=1)] = 16,
    per_host: Annotated[int, typer.Option(help="Requests at once to one web host.", min=1)] = 2,
    dns_server: Annotated[
        str | None, typer.Option(help="DNS resolver to ask, HOST[:PORT] (default: the system's).")
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option(
            help="Seconds for the whole run (default: 12 x timeout, at least 30).", min=0.01
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(help="Remember successes in this JSON file and skip them next time."),
    ] = None,
    cache_max_age: Annotated[
        float, typer.Option(help="Seconds a remembered success stays valid.", min=0)
    ] = 86400.0,
    strict: StrictOpt = False,
) -> None:
    """Check every contact: email (syntax, mail server), phone, website (reachable)."""
    from tourctl.commands import ContactsRequest, check_contacts_command

    request = ContactsRequest(
        plan=plan,
        fmt=format.value,
        offline=offline,
        timeout=timeout,
        concurrency=concurrency,
        per_host=per_host,
        dns_server=dns_server,
        deadline=deadline,
        cache=cache,
        cache_max_age=cache_max_age,
        strict=strict,
    )
    raise typer.Exit(check_contacts_command(request))


@app.command()
def schema() -> None:
    """Print the plan's JSON Schema, for editors."""
    from tourctl.commands import schema_command

    raise typer.Exit(schema_command())


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter plan.")] = Path(
        "tour.yaml"
    ),
) -> None:
    """Write a commented starter plan (never overwrites a file)."""
    from tourctl.commands import init_command

    raise typer.Exit(init_command(path))


def _fail(message: str, status: ExitStatus) -> NoReturn:
    from tourctl import console

    console.stderr().print(f"[bold red]error:[/bold red] {message}", markup=True, highlight=False)
    sys.exit(int(status))


def main() -> None:
    """Entry point: turns a user's mistake into a message and an exit code, never a traceback."""
    try:
        app()
    except UserError as exc:
        from rich.markup import escape

        _fail(escape(exc.message), exc.status)
    except KeyboardInterrupt:
        _fail("interrupted", ExitStatus.FAILED)

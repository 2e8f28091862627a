"""How check-contacts shows its results: a progress bar while it runs, then a table or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby

from tourctl.contacts import ContactResult, results_as_dict
from tourctl.contacts.items import ORGANIZER, count_problems
from tourctl.model import Plan

Progress = Callable[[ContactResult], None]


@contextmanager
def progress_reporter(total: int) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, only when stderr is a terminal (never in pipes or CI)."""
    from tourctl import console

    err = console.stderr()
    if not err.is_terminal or total == 0:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("Checking contacts", total=total)

        def advance(result: ContactResult) -> None:
            bar.advance(task)

        yield advance


def report_contacts_json(plan: Plan, results: Sequence[ContactResult]) -> None:
    sys.stdout.write(json.dumps(results_as_dict(list(results)), ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def report_contacts_text(plan: Plan, results: Sequence[ContactResult]) -> None:
    """One table per venue (and the organizer first), in plan order."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from tourctl import console

    out = console.stdout()
    names = {venue.id: f"{venue.name} ({venue.city}, {venue.country})" for venue in plan.venues}
    names[ORGANIZER] = f"Organizer: {plan.tour.organizer.name}"
    style = {"ok": "green", "warning": "yellow", "error": "bold red"}
    for venue, group in groupby(results, key=lambda r: r.item.venue):
        table = Table(
            title=escape(names.get(venue, venue)),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
        )
        table.add_column("Contact", overflow="fold")
        table.add_column("Kind", no_wrap=True)
        table.add_column("Value", overflow="fold")
        table.add_column("Status", no_wrap=True)
        table.add_column("Detail", overflow="fold", ratio=2)
        for result in group:
            table.add_row(
                escape(result.item.contact),
                result.item.kind,
                escape(result.item.value),
                f"[{style[result.status]}]{result.status}[/]",
                escape(result.detail),
            )
        out.print(table)
    errors, warnings = count_problems(results)
    colour = "red" if errors else ("yellow" if warnings else "green")
    out.print(
        f"[{colour}]{len(results)} contact details checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}[/]"
    )


REPORTER_BY_NAME: dict[str, Callable[[Plan, Sequence[ContactResult]], None]] = {
    "text": report_contacts_text,
    "json": report_contacts_json,
}

"""How check-contacts shows its results: a progress bar while it runs, then a table or JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import TYPE_CHECKING

from tourctl.contacts.items import ORGANIZER, count_problems, results_as_dict
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.contacts.items import ContactResult
    from tourctl.core import ContactsRun
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams

Progress = Callable[["ContactResult"], None]


@contextmanager
def _progress_bar(total: int, streams: Streams) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, only when stderr is a terminal (never in pipes or CI)."""
    err = streams.err()
    if not err.is_terminal or total == 0:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
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


class ContactsJson:
    @contextmanager
    def progress(self, total: int, streams: Streams) -> Iterator[Progress | None]:
        with _progress_bar(total, streams) as advance:
            yield advance

    def report(self, result: ContactsRun, streams: Streams) -> None:
        write_json(results_as_dict(list(result.results)), streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)


class ContactsText:
    """One table per venue (and the organizer first), in plan order."""

    @contextmanager
    def progress(self, total: int, streams: Streams) -> Iterator[Progress | None]:
        with _progress_bar(total, streams) as advance:
            yield advance

    def report(self, result: ContactsRun, streams: Streams) -> None:
        from rich import box
        from rich.table import Table

        out = streams.out()
        style = {"ok": "green", "warning": "yellow", "error": "bold red"}
        for venue, group in groupby(result.results, key=lambda r: r.item.venue):
            table = Table(
                title=escape(result.names.get(venue, venue)),
                title_justify="left",
                box=box.SIMPLE_HEAD,
                pad_edge=False,
            )
            table.add_column("Contact", overflow="fold")
            table.add_column("Kind", no_wrap=True)
            table.add_column("Value", overflow="fold")
            table.add_column("Status", no_wrap=True)
            table.add_column("Detail", overflow="fold", ratio=2)
            for item in group:
                table.add_row(
                    escape(item.item.contact),
                    item.item.kind,
                    escape(item.item.value),
                    f"[{style[item.status.value]}]{item.status.value}[/]",
                    escape(item.detail),
                )
            out.print(table)
        errors, warnings = count_problems(result.results)
        colour = "red" if errors else ("yellow" if warnings else "green")
        out.print(
            f"{plural(len(result.results), 'contact detail')} checked: "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}",
            style=colour,
            markup=False,
        )

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def venue_names(names: dict[str, str], organizer: str) -> dict[str, str]:
    return {**names, ORGANIZER: f"Organizer: {organizer}"}

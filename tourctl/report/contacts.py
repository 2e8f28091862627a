"""How check-contacts shows its results: a progress bar while it runs, then a table or JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import TYPE_CHECKING, Any

from tourctl.contacts.items import (
    NO_NETWORK,
    ORGANIZER,
    count_problems,
    not_checked,
    results_as_dict,
)
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.report.layout import fits, rendered, words, wrap, write
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
        if result.no_network:
            _say_no_network(streams)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)


class ContactsText:
    """One table per venue (and the organizer first), in plan order."""

    @contextmanager
    def progress(self, total: int, streams: Streams) -> Iterator[Progress | None]:
        with _progress_bar(total, streams) as advance:
            yield advance

    def report(self, result: ContactsRun, streams: Streams) -> None:
        out = streams.out()
        groups = [
            (result.names.get(venue, venue), list(group))
            for venue, group in groupby(result.results, key=lambda r: r.item.venue)
        ]
        tokens = [r.item.value for r in result.results]
        texts = [
            text
            for r in result.results
            for text in (r.item.contact, r.item.kind, r.status.value, r.detail)
        ]
        lines = [line for title, group in groups for line in rendered(out, _table(title, group))]
        if out.width < TABLE_WIDTH or not fits(out, lines, tokens, texts):
            lines = [line for title, group in groups for line in _stacked(title, group, out.width)]
        write(out, lines)
        errors, warnings = count_problems(result.results)
        colour = "red" if errors else ("yellow" if warnings else "green")
        out.print(summary_line(result.results), style=colour, markup=False, highlight=False)
        if result.no_network:
            _say_no_network(streams)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


TABLE_WIDTH = 80
"""Below this many columns the results are stacked, never a table."""
_STYLE = {"ok": "green", "warning": "yellow", "error": "bold red", "not-checked": "yellow"}


def summary_line(results: list[ContactResult]) -> str:
    errors, warnings = count_problems(results)
    unchecked = not_checked(results)
    text = (
        f"{plural(len(results) - unchecked, 'contact detail')} checked: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )
    return f"{text}; {unchecked} not checked (no network)" if unchecked else text


def _say_no_network(streams: Streams) -> None:
    """The one line that explains exit 4, on stderr whatever the format."""
    streams.err().print(f"[yellow]{NO_NETWORK}[/yellow]", highlight=False)


def _table(title: str, group: list[ContactResult]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=escape(title), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
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
            f"[{_STYLE[item.status.value]}]{item.status.value}[/]",
            escape(item.detail),
        )
    return table


def _stacked(title: str, group: list[ContactResult], width: int) -> list[str]:
    """One block per contact detail, for a console too narrow for the table: the value on
    a line of its own, never split; the detail wrapped between words."""
    lines = [*wrap(words(title), width), ""]
    for item in group:
        head = f"{item.item.contact} · {item.item.kind} · {item.status.value}"
        lines += wrap(words(head), width, "  ", "    ")
        lines += wrap([item.item.value], width, "    ")
        lines += wrap(words(item.detail), width, "    ")
    return [*lines, ""]


def venue_names(names: dict[str, str], organizer: str) -> dict[str, str]:
    return {**names, ORGANIZER: f"Organizer: {organizer}"}

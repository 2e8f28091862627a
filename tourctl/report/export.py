"""What ``export`` says it did: on stderr for people, or as JSON for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tourctl.changes.words import summary
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.errors import PlanRefused
    from tourctl.export.files import ExportResult
    from tourctl.report.streams import Streams


def _warnings(result: ExportResult, streams: Streams) -> list[str]:
    """The run's warnings, and that SEQUENCE is not kept when the calendar went to a pipe or
    a file through stdout (on a terminal a person is reading it, not subscribing)."""
    from tourctl.export.files import SEQUENCE_UNKEPT

    unkept = result.sequence_unkept and result.to_stdout and not streams.stdout.isatty()
    return [*result.warnings, *([SEQUENCE_UNKEPT] if unkept else [])]


def _diagnostics(result: ExportResult, streams: Streams) -> None:
    err = streams.err()
    for note in result.notes:
        err.print(f"[dim]note:[/dim] {escape(note)}")
    for warning in _warnings(result, streams):
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")


class ExportText:
    def report(self, result: ExportResult, streams: Streams) -> None:
        _diagnostics(result, streams)
        err = streams.err()
        audience = result.audience.value
        for written in result.files:
            if written.path is None:
                continue
            events = plural(written.events, "event")
            extra = written.items - written.events
            if extra:
                events += f" and {plural(extra, 'leg or stay', 'legs and stays')}"
            line = (
                f"Wrote {events} ({audience}) to {written.path}"
                if written.changed
                else f"Unchanged: {written.path} ({events}, {audience})"
            )
            err.print(line, markup=False, highlight=False)
        for written in result.files:
            if written.changes:
                whose = written.person or written.venue or audience
                err.print(f"{whose}: {summary(written.changes)}", markup=False, highlight=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class ExportJson:
    """What was written, for scripts; on stderr when stdout carries the calendar itself."""

    def report(self, result: ExportResult, streams: Streams) -> None:
        from tourctl.report.diff import change_json

        files = [
            {
                "path": str(written.path) if written.path is not None else "-",
                "venue": written.venue,
                "person": written.person,
                "events": written.events,
                "items": written.items,
                "changed": written.changed,
                "changes": [change_json(c) for c in written.changes],
            }
            for written in result.files
        ]
        payload = {
            "audience": result.audience.value,
            "files": files,
            "warnings": len(result.findings),
            "messages": [*result.notes, *_warnings(result, streams)],
        }
        write_json(payload, streams.stderr if result.to_stdout else streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)

"""What ``export`` says it did: on stderr for people, or as JSON for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tourctl.changes.words import summary
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.errors import PlanRefused
    from tourctl.export.files import ExportResult, Written
    from tourctl.report.streams import Streams


def _warnings(result: ExportResult, streams: Streams) -> list[str]:
    """The run's warnings, and that SEQUENCE is not kept when the calendar went to a pipe or
    a file through stdout (on a terminal a person is reading it, not subscribing)."""
    from tourctl.export.files import SEQUENCE_UNKEPT

    unkept = result.sequence_unkept and result.to_stdout and not streams.stdout.isatty()
    return [*result.warnings, *([SEQUENCE_UNKEPT] if unkept else [])]


def _say(streams: Streams, line: str, label: str = "", style: str = "") -> None:
    """One line on stderr: through rich on a terminal, else straight (rich never imported)."""
    if not streams.styled("err"):
        streams.stderr.write(f"{label} {line}\n" if label else line + "\n")
    elif label:
        streams.err().print(f"[{style}]{label}[/{style}] {escape(line)}")
    else:
        streams.err().print(line, markup=False, highlight=False)


def _contents(written: Written) -> str:
    """ "6 events", "8 events and 1 leg", "8 events, 2 legs and 1 stay"."""
    parts = [plural(written.events, "event")]
    parts += [plural(n, word) for n, word in ((written.legs, "leg"), (written.stays, "stay")) if n]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class ExportText:
    def report(self, result: ExportResult, streams: Streams) -> None:
        for note in result.notes:
            _say(streams, note, "note:", "dim")
        for warning in _warnings(result, streams):
            _say(streams, warning, "warning:", "yellow")
        audience = result.audience.value
        for written in result.files:
            if written.path is None:
                continue
            events = _contents(written)
            line = (
                f"Wrote {events} ({audience}) to {written.path}"
                if written.changed
                else f"Unchanged: {written.path} ({events}, {audience})"
            )
            _say(streams, line)
        for written in result.files:
            if written.changes:
                whose = written.person or written.venue or audience
                _say(streams, f"{whose}: {summary(written.changes)}")

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

"""``tourctl diff`` for people (text, markdown to paste into a message) and scripts (json).

One section per audience and feed, each listing only what that audience can
see change; sections without changes are left out of text and markdown (json
lists them all, with an empty list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tourctl.changes.words import describe, when
from tourctl.report.findings import refused_json, refused_text, write_json
from tourctl.text import escape, plural

if TYPE_CHECKING:
    from tourctl.changes.compare import Change
    from tourctl.changes.diff import DiffResult, Section
    from tourctl.changes.facts import Facts
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(section: Section) -> str:
    return (
        f"{section.label} ({section.feed})"
        if section.feed != section.audience.value
        else section.label
    )


class DiffText:
    def report(self, result: DiffResult, streams: Streams) -> None:
        out = streams.out()
        shown = [s for s in result.sections if s.changes]
        if not shown:
            out.print(
                f"No audience can see a change from {result.old} to {result.new}.", markup=False
            )
            return
        out.print(escape(f"Changes from {result.old} to {result.new}, as each audience sees them:"))
        for section in shown:
            out.print()
            heading = escape(_upper_first(_title(section)))
            out.print(f"[bold]{heading}[/bold]: {plural(len(section.changes), 'change')}")
            for change in section.changes:
                out.print(f"  - {escape(describe(change))}", highlight=False)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def _md(text: str) -> str:
    import re

    return re.sub(r"([\\`*_\[\]|<>~#])", r"\\\1", text)


class DiffMarkdown:
    """One heading per audience or feed, one line per change: ready to paste into a message."""

    def report(self, result: DiffResult, streams: Streams) -> None:
        lines = [f"# Changes: {_md(result.old)} → {_md(result.new)}", ""]
        shown = [s for s in result.sections if s.changes]
        if not shown:
            lines += ["No audience can see a change.", ""]
        for section in shown:
            lines += [f"## {_md(_upper_first(_title(section)))}", ""]
            lines += [f"- {_md(describe(change))}" for change in section.changes]
            lines.append("")
        streams.stdout.write("\n".join(lines))

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def _facts(facts: Facts | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    return {
        "title": facts.title,
        "when": when(facts),
        "start": facts.start.isoformat() if facts.start else None,
        "end": facts.end.isoformat() if facts.end else None,
        "date": facts.day.isoformat(),
        "timezone": facts.zone,
        "place": facts.place,
        "address": facts.address,
        "status": facts.status,
        "people": list(facts.people) if facts.people is not None else None,
    }


def change_json(change: Change) -> dict[str, Any]:
    facts = change.facts
    return {
        "change": change.kind,
        "item": facts.kind,
        "id": facts.key,
        "uid": facts.uid,
        "text": describe(change),
        "before": _facts(change.before),
        "after": _facts(change.after),
        "fields": list(change.fields),
        "note": change.note,
    }


class DiffJson:
    def report(self, result: DiffResult, streams: Streams) -> None:
        payload = {
            "old": result.old,
            "new": result.new,
            "changed": result.changed,
            "sections": [
                {
                    "audience": section.audience.value,
                    "feed": section.feed,
                    "label": section.label,
                    "changes": [change_json(c) for c in section.changes],
                }
                for section in result.sections
            ],
        }
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)

"""Stage five for people and scripts: reporters, one interface, looked up by ``--format``.

A reporter turns one command's result into output on the ``Streams`` it is
given: ``report(result, streams)`` for a result, ``refused(refusal, streams)``
when the command refused a plan (its findings, in the same format: text on
stderr, JSON on stdout). Each command has its own registry below, and its
``--format`` choices are made from that registry's keys, so a format a command
cannot print is not offered. The registry names classes by import path, so
``tourctl --help`` imports none of them (nor rich).
"""

from __future__ import annotations

import enum
import importlib
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from tourctl.errors import PlanRefused
    from tourctl.report.streams import Streams

ResultT_contra = TypeVar("ResultT_contra", contravariant=True)


class Reporter(Protocol[ResultT_contra]):
    def report(self, result: ResultT_contra, streams: Streams) -> None: ...

    def refused(self, refusal: PlanRefused, streams: Streams) -> None: ...


REGISTRY: dict[str, dict[str, str]] = {
    "validate": {
        "text": "tourctl.report.findings:FindingsText",
        "json": "tourctl.report.findings:FindingsJson",
        "github": "tourctl.report.findings:FindingsGithub",
        "gitlab": "tourctl.report.findings:FindingsGitlab",
    },
    "show": {
        "text": "tourctl.report.itinerary:ItineraryText",
        "json": "tourctl.report.itinerary:ItineraryJson",
    },
    "export": {
        "text": "tourctl.report.export:ExportText",
        "json": "tourctl.report.export:ExportJson",
    },
    "daysheet": {
        "text": "tourctl.report.daysheet:DaysheetText",
        "markdown": "tourctl.report.daysheet:DaysheetMarkdown",
        "html": "tourctl.report.daysheet:DaysheetHtml",
        "json": "tourctl.report.daysheet:DaysheetJson",
    },
    "publish": {
        "text": "tourctl.report.publish:PublishText",
        "json": "tourctl.report.publish:PublishJson",
    },
    "feeds": {
        "text": "tourctl.report.publish:FeedsText",
        "json": "tourctl.report.publish:FeedsJson",
    },
    "diff": {
        "text": "tourctl.report.diff:DiffText",
        "markdown": "tourctl.report.diff:DiffMarkdown",
        "json": "tourctl.report.diff:DiffJson",
    },
    "check-contacts": {
        "text": "tourctl.report.contacts:ContactsText",
        "json": "tourctl.report.contacts:ContactsJson",
    },
}


@cache
def formats(command: str) -> type[enum.StrEnum]:
    """The ``--format`` choices of ``command``: an enum made from its registry's keys."""
    names = REGISTRY[command]
    title = "".join(part.title() for part in command.split("-"))
    return enum.StrEnum(f"{title}Format", {name.upper(): name for name in names})  # type: ignore[return-value]


def reporter(command: str, fmt: str) -> Reporter[Any]:
    """The reporter ``command`` prints ``fmt`` with (KeyError for a format it does not have)."""
    module, _, name = REGISTRY[command][str(fmt)].partition(":")
    instance: Reporter[Any] = getattr(importlib.import_module(module), name)()
    return instance

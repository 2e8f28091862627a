"""Findings for people (text), scripts (json), GitHub annotations, GitLab Code Quality.

Every command that refuses a plan shows its findings through ``refused`` here,
so a refusal looks the same everywhere: text on stderr, or validate's JSON on
stdout with ``--format json``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from tourctl.findings import Finding, FindingSummary, Severity
from tourctl.report.jsonout import write_json as write_json
from tourctl.text import plural

if TYPE_CHECKING:
    from rich.console import Console

    from tourctl.errors import PlanRefused
    from tourctl.load.source import Mark
    from tourctl.load.spans import Span
    from tourctl.pipeline import ValidateRun
    from tourctl.report.streams import Streams

MAX_PER_FILE = 200
"""Text output shows at most this many findings per file, then says how many more there
are (JSON lists every one): 300,000 findings printed one by one would take minutes."""


def findings_payload(findings: Sequence[Finding]) -> dict[str, Any]:
    summary = FindingSummary(list(findings))
    return {
        "findings": [f.as_dict() for f in findings],
        "errors": summary.errors,
        "warnings": summary.warnings,
    }


def _streamed_payload(findings: Sequence[Finding]) -> dict[str, Any]:
    """``findings_payload`` with the findings as a generator: ``write_json`` writes them one
    at a time, so 300,000 findings never exist as dictionaries all at once."""
    summary = FindingSummary(list(findings))
    return {
        "findings": (f.as_dict() for f in findings),
        "errors": summary.errors,
        "warnings": summary.warnings,
    }


def summary_line(summary: FindingSummary, files: int, unreadable: int = 0) -> str:
    text = f"{plural(files - unreadable, 'plan')} checked"
    if unreadable:
        text += f", {unreadable} could not be read"
    if not summary.errors and not summary.warnings:
        return f"{text}: no problems found"
    return f"{text}: {plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"


def _console(streams: Streams, name: str) -> Console | None:
    """A rich console for ``stdout``/``stderr`` if it would show colour, else None (plain text).

    Plain is decided before rich is imported where it can be (not a terminal,
    ``NO_COLOR``): then the lines go straight to the stream, which is also far
    faster for many findings (rich costs 0.7 ms a line).
    """
    if not streams.styled(name) or os.environ.get("NO_COLOR", "") != "":
        return None
    console = streams.out() if name == "out" else streams.err()
    if console.no_color or console.color_system is None:
        return None
    return console


def print_findings(findings: Sequence[Finding], streams: Streams, name: str = "out") -> None:
    """``file:line:col: error[code] message (path)`` lines, as compilers print them.

    With colour as rich ``Text`` (never markup, so no plan text is read as markup).
    """
    console = _console(streams, name)
    out = streams.stdout if name == "out" else streams.stderr
    for _, group in groupby(findings, key=lambda f: f.file):
        shown = list(group)
        hidden = len(shown) - MAX_PER_FILE
        if hidden > 0:
            shown = shown[:MAX_PER_FILE]
        if console is None:
            out.write("".join(_line(f) + "\n" for f in shown))
        else:
            for f in shown:
                console.print(_styled(f))
        if hidden > 0:
            note = (
                f"… and {plural(hidden, 'more finding')} in {shown[0].file}"
                " (`--format json` lists all)"
            )
            _print_line(streams, name, note)


def _line(f: Finding) -> str:
    path = f" ({f.path})" if f.path else ""
    return f"{f.file}:{f.line}:{f.column}: {f.severity.value}[{f.code}] {f.message}{path}"


def _styled(f: Finding) -> Any:
    from rich.text import Text

    style = "bold red" if f.severity is Severity.ERROR else "yellow"
    text = Text()
    text.append(f"{f.file}:{f.line}:{f.column}:", style="bold")
    text.append(" ")
    text.append(f.severity.value, style=style)
    text.append(f"[{f.code}]", style="dim")
    text.append(f" {f.message}")
    if f.path:
        text.append(f" ({f.path})", style="dim")
    return text


def _print_line(streams: Streams, name: str, line: str, style: str | None = None) -> None:
    console = _console(streams, name)
    if console is None:
        (streams.stdout if name == "out" else streams.stderr).write(line + "\n")
    else:
        console.print(line, style=style, markup=False, highlight=False)


def _print_summary(streams: Streams, name: str, line: str, summary: FindingSummary) -> None:
    style = "red" if summary.errors else ("yellow" if summary.warnings else "green")
    _print_line(streams, name, line, style)


def print_hints(hints: Sequence[tuple[str, str]], streams: Streams, many: bool) -> None:
    """``hint: …`` lines, naming the plan only when the run checked more than one."""
    for file, hint in hints:
        where = f" ({file})" if many else ""
        _print_line(streams, "out", f"hint: {hint}{where}", "dim")


class FindingsText:
    """validate's text: findings on stdout, hints, then one summary line."""

    def report(self, result: ValidateRun, streams: Streams) -> None:
        print_findings(result.findings, streams)
        print_hints(result.hints, streams, len(result.files) > 1)
        line = summary_line(result.summary, len(result.files), result.unreadable)
        _print_summary(streams, "out", line, result.summary)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class FindingsJson:
    def report(self, result: ValidateRun, streams: Streams) -> None:
        payload = _streamed_payload(result.findings)
        payload["hints"] = [{"file": file, "message": hint} for file, hint in result.hints]
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)


def refused_text(refusal: PlanRefused, streams: Streams) -> None:
    """A refused plan's findings on stderr (the one-line refusal itself comes from cli.main)."""
    summary = FindingSummary(refusal.findings)
    print_findings(refusal.findings, streams, "err")
    _print_summary(streams, "err", summary_line(summary, 1), summary)


def refused_json(refusal: PlanRefused, streams: Streams) -> None:
    """A refused plan's findings as validate's JSON document, on stdout."""
    write_json(_streamed_payload(refusal.findings), streams.stdout)


def github_escape(text: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping: ``%``, CR, LF always; ``:`` and ``,`` in properties.

    The runner splits a command at ``::`` and its properties at ``,`` and ``=``
    after the first ``:``-free name, so a property value must not carry a raw
    ``:`` or ``,``; a message may, but a raw newline would end the command.
    ``%`` goes first, so the escapes themselves are not escaped again.
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_command(command: str, properties: Sequence[tuple[str, object]], message: str) -> str:
    """One workflow command line: ``::command name=value,…::message``, everything escaped."""
    props = ",".join(f"{name}={github_escape(str(value), prop=True)}" for name, value in properties)
    head = f"{command} {props}" if props else command
    return f"::{head}::{github_escape(message)}"


def github_location(f: Finding, span: Span | None) -> list[tuple[str, object]]:
    """``file``, ``line``, ``col`` and, where the value's extent is known, its end.

    GitHub takes columns only for a range on one line; a range over several lines
    is given by ``line`` and ``endLine`` alone.
    """
    location: list[tuple[str, object]] = [("file", f.file), ("line", f.line)]
    if span is None:
        return [*location, ("col", f.column)]
    if span.end_line == f.line and span.end_column is not None:
        return [
            *location,
            ("endLine", span.end_line),
            ("col", f.column),
            ("endColumn", max(span.end_column, f.column)),
        ]
    if span.end_line > f.line:
        return [*location, ("endLine", span.end_line)]
    return [*location, ("col", f.column)]


class FindingsGithub:
    """GitHub Actions workflow commands: annotations on the plan's lines in a pull request.

    One ``::error``/``::warning`` per finding, then a ``::notice`` with the summary
    (it shows on the run's page). Ranges come from reading each plan again
    (``tourctl.load.spans``): only this format needs them.
    """

    def report(self, result: ValidateRun, streams: Streams) -> None:
        from tourctl.load.source import Mark
        from tourctl.load.spans import spans_of_file

        out = streams.stdout
        spans: dict[str, dict[Mark, Span]] = {}
        for f in result.findings:
            if f.file not in spans:
                spans[f.file] = spans_of_file(f.file)
            span = spans[f.file].get(Mark(f.line, f.column))
            level = "error" if f.severity is Severity.ERROR else "warning"
            properties = [*github_location(f, span), ("title", f"tourctl {f.code}")]
            out.write(github_command(level, properties, _github_message(f)) + "\n")
        for file, hint in result.hints:
            where = [("file", file), ("title", "tourctl hint")]
            out.write(github_command("notice", where, hint) + "\n")
        summary = summary_line(result.summary, len(result.files), result.unreadable)
        out.write(github_command("notice", [("title", "tourctl validate")], summary) + "\n")

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


def _github_message(f: Finding) -> str:
    return f"{f.message} ({f.path})" if f.path else f.message


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}
"""GitLab's scale is info, minor, major, critical, blocker; errors rank above warnings."""


def gitlab_issues(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Findings as GitLab Code Quality issues (a subset of the Code Climate spec).

    The fingerprint names the finding without its line (file, code, plan path,
    message), so GitLab recognises the same problem after lines above it moved
    and tells new problems from old ones in a merge request; the rare exact
    repeat gets a counter so every fingerprint stays unique.
    """
    import hashlib

    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for f in findings:
        key = "\0".join([f.file, f.code, f.path, f.message])
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        digest = hashlib.sha256(f"{key}\0{repeat}".encode()).hexdigest()[:32]
        issues.append(
            {
                "description": _github_message(f),
                "check_name": f.code,
                "fingerprint": digest,
                "severity": GITLAB_SEVERITY[f.severity],
                "location": {
                    "path": f.file,
                    "positions": {"begin": {"line": f.line, "column": f.column}},
                },
            }
        )
    return issues


class FindingsGitlab:
    """A GitLab Code Quality report on stdout (``artifacts:reports:codequality``)."""

    def report(self, result: ValidateRun, streams: Streams) -> None:
        write_json(gitlab_issues(result.findings), streams.stdout)
        summary = summary_line(result.summary, len(result.files), result.unreadable)
        _print_line(streams, "err", summary)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)

"""Findings for people (text), scripts (json) and GitHub Actions (workflow annotations).

Every command that refuses a plan shows its findings through ``refused`` here,
so a refusal looks the same everywhere: text on stderr, or validate's JSON on
stdout with ``--format json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO

from tourctl.findings import Finding, FindingSummary, Severity
from tourctl.text import plural

if TYPE_CHECKING:
    from rich.console import Console

    from tourctl.errors import PlanRefused
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


def write_json(payload: object, out: TextIO) -> None:
    """A JSON document and a newline: the one way every reporter writes JSON."""
    out.write(json.dumps(payload, ensure_ascii=not _can_encode(out), indent=2) + "\n")


def _can_encode(out: TextIO) -> bool:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


def summary_line(summary: FindingSummary, files: int, unreadable: int = 0) -> str:
    text = f"{plural(files - unreadable, 'plan')} checked"
    if unreadable:
        text += f", {unreadable} could not be read"
    if not summary.errors and not summary.warnings:
        return f"{text}: no problems found"
    return f"{text}: {plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"


def print_findings(findings: Sequence[Finding], console: Console) -> None:
    """``file:line:col: error[code] message (path)`` lines, as compilers print them.

    Without colour the lines go straight to the stream (rich costs 0.7 ms a line);
    with colour as rich ``Text`` (never markup, so no plan text is read as markup).
    """
    plain = not console.is_terminal or console.no_color or console.color_system is None
    for _, group in groupby(findings, key=lambda f: f.file):
        shown = list(group)
        hidden = len(shown) - MAX_PER_FILE
        if hidden > 0:
            shown = shown[:MAX_PER_FILE]
        if plain:
            console.file.write("".join(_line(f) + "\n" for f in shown))
        else:
            for f in shown:
                console.print(_styled(f))
        if hidden > 0:
            note = (
                f"… and {plural(hidden, 'more finding')} in {shown[0].file}"
                " (`--format json` lists all)"
            )
            console.print(note, markup=False, highlight=False)


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


def _print_summary(console: Console, line: str, summary: FindingSummary) -> None:
    style = "red" if summary.errors else ("yellow" if summary.warnings else "green")
    console.print(line, style=style, markup=False, highlight=False)


def print_hints(hints: Sequence[tuple[str, str]], console: Console, many: bool) -> None:
    """``hint: …`` lines, naming the plan only when the run checked more than one."""
    for file, hint in hints:
        where = f" ({file})" if many else ""
        console.print(f"hint: {hint}{where}", markup=False, highlight=False, style="dim")


class FindingsText:
    """validate's text: findings on stdout, hints, then one summary line."""

    def report(self, result: ValidateRun, streams: Streams) -> None:
        console = streams.out()
        print_findings(result.findings, console)
        print_hints(result.hints, console, len(result.files) > 1)
        line = summary_line(result.summary, len(result.files), result.unreadable)
        _print_summary(console, line, result.summary)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)


class FindingsJson:
    def report(self, result: ValidateRun, streams: Streams) -> None:
        payload = findings_payload(result.findings)
        payload["hints"] = [{"file": file, "message": hint} for file, hint in result.hints]
        write_json(payload, streams.stdout)

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_json(refusal, streams)


def refused_text(refusal: PlanRefused, streams: Streams) -> None:
    """A refused plan's findings on stderr (the one-line refusal itself comes from cli.main)."""
    console = streams.err()
    summary = FindingSummary(refusal.findings)
    print_findings(refusal.findings, console)
    _print_summary(console, summary_line(summary, 1), summary)


def refused_json(refusal: PlanRefused, streams: Streams) -> None:
    """A refused plan's findings as validate's JSON document, on stdout."""
    write_json(findings_payload(refusal.findings), streams.stdout)


def github_escape(text: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping: ``%``, CR, LF always; ``:`` and ``,`` in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class FindingsGithub:
    """GitHub Actions workflow commands: annotations on the plan's lines in a pull request."""

    def report(self, result: ValidateRun, streams: Streams) -> None:
        out = streams.stdout
        for f in result.findings:
            level = "error" if f.severity is Severity.ERROR else "warning"
            props = ",".join(
                [
                    f"file={github_escape(f.file, prop=True)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"title={github_escape(f.code, prop=True)}",
                ]
            )
            out.write(f"::{level} {props}::{github_escape(f.message)}\n")
        for file, hint in result.hints:
            out.write(f"::notice file={github_escape(file, prop=True)}::{github_escape(hint)}\n")
        out.write(summary_line(result.summary, len(result.files), result.unreadable) + "\n")

    def refused(self, refusal: PlanRefused, streams: Streams) -> None:
        refused_text(refusal, streams)

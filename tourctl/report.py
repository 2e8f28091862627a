"""Reporters for findings: text (rich, for people), json (stable, for scripts), github.

One interface, looked up by name, so ``--format`` is a dictionary lookup and
every command reports findings the same way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from tourctl.findings import Finding, FindingSummary, Severity


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    summary = FindingSummary(list(findings))
    return summary.errors, summary.warnings


def findings_json(findings: Sequence[Finding]) -> str:
    errors, warnings = _counts(findings)
    payload = {
        "findings": [f.as_dict() for f in findings],
        "errors": errors,
        "warnings": warnings,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def report_json(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    out.write(findings_json(findings) + "\n")


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def report_github(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """GitHub Actions workflow commands: annotations on the plan's lines in a pull request."""
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = ",".join(
            [
                f"file={_github_escape(f.file, prop=True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_github_escape(f.code, prop=True)}",
            ]
        )
        out.write(f"::{level} {props}::{_github_escape(f.message)}\n")
    errors, warnings = _counts(findings)
    out.write(f"{_summary(errors, warnings, len(files))}\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(errors: int, warnings: int, files: int) -> str:
    checked = _plural(files, "plan")
    if not errors and not warnings:
        return f"{checked} checked: no problems found"
    return f"{checked} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def report_text(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """``file:line:col: error[code] message`` lines, like compilers and linters print them."""
    from rich.markup import escape

    from tourctl import console

    con = console.stdout() if out is sys.stdout else console.stderr()
    for f in findings:
        style = "bold red" if f.severity is Severity.ERROR else "yellow"
        where = escape(f"{f.file}:{f.line}:{f.column}:")
        path = f" [dim]({escape(f.path)})[/dim]" if f.path else ""
        con.print(
            f"[bold]{where}[/bold] [{style}]{f.severity.value}[/{style}]"
            f"[dim]\\[{escape(f.code)}][/dim] {escape(f.message)}{path}"
        )
    errors, warnings = _counts(findings)
    style = "red" if errors else ("yellow" if warnings else "green")
    con.print(f"[{style}]{_summary(errors, warnings, len(files))}[/{style}]")


Reporter = Callable[[Sequence[Finding], Sequence[str], TextIO], None]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}

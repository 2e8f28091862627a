"""``validate --format github``: workflow commands the Actions runner parses as meant.

GitHub's escaping (the runner's ``ActionCommand`` and ``@actions/core``'s
``escapeData``/``escapeProperty``): in a message ``%``, CR and LF; in a
property also ``:`` and ``,``. Each escape is tested alone, then the ranges
(``endLine``/``endColumn``) and the summary notice, then a whole run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PLANS, invoke
from tourctl.enums import Severity
from tourctl.findings import Finding
from tourctl.load.source import Mark
from tourctl.load.spans import Span, spans_of_file, spans_of_text
from tourctl.report.findings import github_command, github_escape, github_location

# --- escapes, one at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("100%", "100%25"),
        ("a\rb", "a%0Db"),
        ("a\nb", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab"),
        ("%0A", "%250A"),  # an escape written in the text stays text
        ("time: 19:00, doors 18:30", "time: 19:00, doors 18:30"),  # a message keeps : and ,
        ("::error::x", "::error::x"),  # harmless after the command's own '::'
    ],
)
def test_message_escapes(raw: str, escaped: str) -> None:
    assert github_escape(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("100%", "100%25"),
        ("a\rb", "a%0Db"),
        ("a\nb", "a%0Ab"),
        ("C:tours", "C%3Atours"),
        ("a,b", "a%2Cb"),
        ("tours/x,y:z%.yaml", "tours/x%2Cy%3Az%25.yaml"),
        ("%3A", "%253A"),  # '%' first: an escape is never escaped twice
        ("tours/plain-name.yaml", "tours/plain-name.yaml"),
    ],
)
def test_property_escapes(raw: str, escaped: str) -> None:
    assert github_escape(raw, prop=True) == escaped


def test_command_escapes_properties_and_message_apart() -> None:
    line = github_command(
        "error", [("file", "a,b:c.yaml"), ("line", 3), ("title", "x%y")], "m: 1,\n2%"
    )
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=x%25y::m: 1,%0A2%25"
    assert github_command("notice", [], "done") == "::notice::done"


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """The runner's reading of a command line, unescaped (the inverse of the escapes)."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match is not None, line
    command, props, message = match.groups()

    def unescape(text: str) -> str:
        return (
            text.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
        )

    pairs = dict(item.split("=", 1) for item in props.split(",")) if props else {}
    return command, {k: unescape(v) for k, v in pairs.items()}, unescape(message)


def test_a_hostile_file_name_and_message_survive_the_round_trip() -> None:
    name = "tours/100%,done:\r\nfinal.yaml"
    message = "bad value 'x,y: z'\nsecond line 50%"
    line = github_command("warning", [("file", name), ("line", 7)], message)
    assert "\n" not in line and "\r" not in line
    assert _parse(line) == ("warning", {"file": name, "line": "7"}, message)


# --- ranges ----------------------------------------------------------------------------


def _finding(line: int, column: int) -> Finding:
    return Finding("invalid-value", Severity.ERROR, "m", "p.yaml", line, column, "tour.id")


def test_a_range_on_one_line_has_columns() -> None:
    assert github_location(_finding(3, 7), Span(3, 12)) == [
        ("file", "p.yaml"),
        ("line", 3),
        ("endLine", 3),
        ("col", 7),
        ("endColumn", 12),
    ]


def test_a_range_over_lines_has_lines_only() -> None:
    # The runner refuses col/endColumn when line and endLine differ.
    assert github_location(_finding(5, 16), Span(7, None)) == [
        ("file", "p.yaml"),
        ("line", 5),
        ("endLine", 7),
    ]


def test_no_range_known_keeps_the_start() -> None:
    assert github_location(_finding(2, 1), None) == [("file", "p.yaml"), ("line", 2), ("col", 1)]


def test_spans_of_scalars() -> None:
    text = (
        "version: 1\n"
        "tour:\n"
        "  id: Bad Id\n"
        '  title: "a, quoted: title"\n'
        "  description: |\n"
        "    line one\n"
        "    line two\n"
        "  organizer: {name: O}\n"
    )
    spans = spans_of_text(text)
    assert spans[Mark(1, 10)] == Span(1, 10)  # 1
    assert spans[Mark(3, 3)] == Span(3, 4)  # the key 'id'
    assert spans[Mark(3, 7)] == Span(3, 12)  # Bad Id
    assert spans[Mark(4, 10)] == Span(4, 27)  # the quotes are part of it
    assert spans[Mark(5, 16)] == Span(7, None)  # a block scalar: lines only
    assert spans[Mark(8, 21)] == Span(8, 21)  # O, in a flow mapping


def test_spans_stop_at_a_syntax_error_and_skip_stdin(tmp_path: Path) -> None:
    # The scalars before the error are known; the error itself ends the reading quietly.
    assert set(spans_of_text("a: 1\nb: [unclosed\n")) == {(1, 1), (1, 4), (2, 1), (2, 5)}
    assert spans_of_file("-") == {}
    assert spans_of_file(str(tmp_path / "missing.yaml")) == {}
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\x01")
    assert spans_of_file(str(binary)) == {}


# --- a whole run -----------------------------------------------------------------------


def test_validate_github_annotates_each_finding_then_notices_the_summary() -> None:
    plan = PLANS / "invalid" / "unknown-key.yaml"
    result = invoke("validate", plan, PLANS / "valid" / "starter.yaml", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    command, props, message = _parse(lines[0])
    assert command == "error"
    assert props == {
        "file": str(plan),
        "line": "16",
        "endLine": "16",
        "col": "5",
        "endColumn": "9",  # 'strat'
        "title": "tourctl unknown-key",
    }
    assert message == "unknown key 'strat'; did you mean 'start'? (events[0].strat)"
    hint = f"::notice file={plan},title=tourctl hint::1 event has no `status`"
    assert lines[1].startswith(hint)  # said once per plan (issue 12), not a finding
    assert lines[-1] == "::notice title=tourctl validate::2 plans checked: 1 error, 0 warnings"
    assert len(lines) == 3


def test_validate_github_from_stdin_has_no_ranges() -> None:
    text = (PLANS / "invalid" / "unknown-key.yaml").read_text()
    result = invoke("validate", "-", "--format", "github", input=text)
    command, props, _ = _parse(result.stdout.splitlines()[0])
    assert (command, props["line"], props["col"]) == ("error", "16", "5")
    assert "endLine" not in props


def test_a_clean_run_is_one_notice() -> None:
    result = invoke("validate", PLANS / "valid" / "starter.yaml", "--format", "github")
    assert result.returncode == 0
    assert result.stdout == "::notice title=tourctl validate::1 plan checked: no problems found\n"

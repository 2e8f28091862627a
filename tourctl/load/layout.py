"""libyaml's syntax errors, for the layout mistakes people make, in the plan's terms.

libyaml says ``mapping values are not allowed in this context`` for an
unquoted ``: `` in a title and for a line indented too far alike, ``did not
find expected '-' indicator`` for a line indented too little, and ``could not
find expected ':'`` one line after the key that lacks its colon. Reading the
lines around the error tells these apart, so the finding can say what to do
("put it in quotes", "indented more than the keys above it") at the line
where the mistake is. libyaml's own words stay in the message as a detail. A
case not recognised here keeps libyaml's message alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^( *)((?:- +)*)([^\s#:'\"{\[][^:#]*?)[ \t]*:(?:[ \t]|$)")
"""A block mapping key at the start of a line (after any ``- ``): its indent and name."""


@dataclass(frozen=True, slots=True)
class Explained:
    message: str
    line: int
    column: int
    """1-based, where the mistake is (not where libyaml noticed it)."""


def explain(
    problem: str,
    problem_at: tuple[int, int],
    context: str | None,
    context_at: tuple[int, int] | None,
    text: str,
) -> Explained | None:
    """What the mistake most likely is, for libyaml's ``problem`` at ``problem_at``
    (1-based line and column), or None when the lines do not show a known case."""
    lines = text.splitlines()
    line, column = problem_at
    if not 1 <= line <= len(lines) + 1:
        return None
    here = lines[line - 1] if line <= len(lines) else ""
    if "mapping values are not allowed" in problem:
        return _colon_in_value(lines, line, column) or _indented_more(lines, line)
    if "did not find expected '-' indicator" in problem or "did not find expected key" in problem:
        return _dash_without_space(here, line) or _indented_less(lines, line)
    if "could not find expected ':'" in problem and context_at is not None:
        return _missing_colon(lines, context_at[0])
    if "quoted scalar" in (context or "") and context_at is not None:
        quote = lines[context_at[0] - 1][context_at[1] - 1 : context_at[1]] or '"'
        return Explained(
            f"the text that starts with {quote} here is never closed: end it with {quote}",
            *context_at,
        )
    return None


def _key(line: str) -> tuple[int, str] | None:
    """(column of the key, the key) of a ``key: …`` line, else None."""
    match = _KEY.match(line)
    if match is None:
        return None
    return len(match[1]) + len(match[2]), match[3]


def _above(lines: list[str], line: int) -> tuple[int, str] | None:
    """The nearest line above ``line`` that holds a key: (its number, its text)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        stripped = text.strip()
        if stripped and not stripped.startswith("#") and _key(text) is not None:
            return number, text
    return None


def _colon_in_value(lines: list[str], line: int, column: int) -> Explained | None:
    if line > len(lines):
        return None
    text = lines[line - 1]
    match = _KEY.match(text)
    if match is None or column - 1 <= match.end(3):
        return None  # the colon libyaml stopped at is the key's own
    key, value = match[3], text[match.end() :].strip()
    quoted = f'"{value}"' if '"' not in value else f"'{value}'"
    return Explained(
        f"the value of `{key}` contains ': ', which YAML reads as a new key: "
        f"put the value in quotes, {key}: {quoted}",
        line,
        match.start(3) + 1,
    )


def _indented_more(lines: list[str], line: int) -> Explained | None:
    return _misaligned(lines, line, more=True)


def _indented_less(lines: list[str], line: int) -> Explained | None:
    return _misaligned(lines, line, more=False)


def _misaligned(lines: list[str], line: int, *, more: bool) -> Explained | None:
    """A key indented more (or less) than the key on the line above it."""
    if line > len(lines):
        return None
    found, above = _key(lines[line - 1]), _above(lines, line)
    if found is None or above is None:
        return None
    column, key = found
    above_column, above_key = _key(above[1]) or (0, "")
    if (column <= above_column) if more else (column >= above_column):
        return None
    what = "more than the keys above it" if more else "less than the keys above it"
    advice = (
        "keys of one mapping line up"
        if more
        else "line it up with them, or start a new list item with '- '"
    )
    return Explained(
        f"this line is indented {what} ({column} spaces before "
        f"`{key}`, {above_column} before `{above_key}` on line {above[0]}): {advice}",
        line,
        column + 1,
    )


def _dash_without_space(text: str, line: int) -> Explained | None:
    stripped = text.lstrip(" ")
    if not stripped.startswith("-") or stripped[1:2] in ("", " ", "-"):
        return None
    column = len(text) - len(stripped) + 1
    return Explained(
        f"'-' starts a list item only with a space after it: write '- {stripped[1:]}'",
        line,
        column,
    )


def _missing_colon(lines: list[str], line: int) -> Explained | None:
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    stripped = text.strip()
    if not stripped or ":" in stripped.split(" ", 1)[0]:
        return None
    key, _, rest = stripped.removeprefix("- ").partition(" ")
    fix = f"{key}: {rest.strip()}" if rest.strip() else f"{key}: …"
    return Explained(
        f"`{stripped}` has no ':' after its key: write {fix}",
        line,
        len(text) - len(text.lstrip(" ")) + 1,
    )

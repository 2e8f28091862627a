"""Where a written value ends: the extent of each scalar, for annotations that mark a range.

A finding carries the line and column where its value starts, which is all
the loader keeps (a start per key and value; the end as well would cost every
run memory and time for what only CI annotations show). When a reporter does
want ranges (``validate --format github``: ``endLine``/``endColumn``), the
plan's text is read again and libyaml's event stream gives each scalar's end
mark. Only scalars (keys and values) get a range; a finding about a whole
mapping or list keeps its start only.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tourctl.errors import UsageError
from tourctl.load.reader import STDIN, decode, read_file
from tourctl.load.source import Mark


class Span(NamedTuple):
    """The end of a scalar: its last line, and its last column (1-based, inclusive).

    ``end_column`` is None when the scalar spans lines (a block scalar, a folded
    quoted string): a range over several lines is given by lines only.
    """

    end_line: int
    end_column: int | None


def spans_of_text(text: str) -> dict[Mark, Span]:
    """Start mark → span of every scalar libyaml reads in ``text`` (up to a syntax error)."""
    import yaml
    from yaml._yaml import CParser

    spans: dict[Mark, Span] = {}
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if not isinstance(event, yaml.ScalarEvent):
                continue
            start, end = event.start_mark, event.end_mark
            if start is not None and end is not None:
                spans[Mark(start.line + 1, start.column + 1)] = _span(
                    start.line, end.line, end.column
                )
    except yaml.YAMLError:
        pass  # a syntax error: the scalars before it are known, the rest are not
    finally:
        parser.dispose()
    return spans


def _span(start_line: int, end_line: int, end_column: int) -> Span:
    # libyaml's marks are 0-based and the end is the position after the scalar, so
    # as a 1-based column it is the scalar's last character; at column 0 of a later
    # line the scalar ended with the line before (a block scalar's last line break).
    if end_line == start_line:
        return Span(end_line + 1, end_column)
    if end_column == 0:
        return Span(end_line, None)
    return Span(end_line + 1, None)


def spans_of_file(path: str) -> dict[Mark, Span]:
    """The spans of the plan file ``path``; none for stdin or a file that cannot be read."""
    if path == STDIN:
        return {}
    try:
        raw = read_file(Path(path))
    except UsageError:
        return {}
    try:
        text = decode(raw, path)
    except Exception:  # not UTF-8 text: the loader has reported that, and no range is known
        return {}
    return spans_of_text(text)

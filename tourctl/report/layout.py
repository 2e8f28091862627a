"""Text that stays readable at any width: a table when it fits, else stacked lines.

A rich table squeezed into 60 columns wraps cells mid-word and can cut an
email address, a phone number or a URL in two, which nobody can then copy.
So ``show`` and ``check-contacts`` render their table, check that it fits the
console and that every such token is whole on one line, and otherwise print
the same facts stacked: one item per block, each line wrapped between words
(a token longer than the line goes on a line of its own, whole). Piped output
never ends a line in spaces (rich pads table cells), so ``grep``, ``diff`` and
e-mail see clean lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def rendered(console: Console, renderable: Any) -> list[str]:
    """The lines ``renderable`` prints on ``console`` (with its styles), trailing spaces cut."""
    with console.capture() as capture:
        console.print(renderable)
    return [line.rstrip() for line in capture.get().splitlines()]


def _visible(line: str) -> str:
    from rich.text import Text

    return Text.from_ansi(line).plain


def fits(
    console: Console,
    lines: Sequence[str],
    tokens: Iterable[str],
    texts: Iterable[str] = (),
) -> bool:
    """Whether no line is wider than the console, every token is whole on one line, and every
    word of ``texts`` (what each cell holds) is whole somewhere.

    The last is what a squeezed table gets wrong: given less room than its columns need,
    rich narrows a column to nothing (its content gone) or folds words in two.
    """
    from rich.cells import cell_len

    plain = [_visible(line) for line in lines]
    if any(cell_len(line) > console.width for line in plain):
        return False
    if not all(any(token in line for line in plain) for token in tokens if token):
        return False
    shown = {word for line in plain for word in line.split()}
    return all(word in shown for text in texts for word in text.split())


def write(console: Console, lines: Iterable[str]) -> None:
    """Already rendered lines, as they are (no markup read, no wrapping, no padding)."""
    console.file.write("".join(line.rstrip() + "\n" for line in lines))


def wrap(
    chunks: Sequence[str], width: int, indent: str = "", later: str | None = None
) -> list[str]:
    """Chunks (words, or whole tokens such as ``+420 601 234 567``) joined by spaces into
    lines of at most ``width`` cells; a chunk is never split, even when it alone is longer."""
    from rich.cells import cell_len

    later = indent if later is None else later
    lines: list[str] = []
    line = ""
    for chunk in (c for c in chunks if c):
        lead = indent if not lines else later
        candidate = f"{line} {chunk}" if line else chunk
        if line and cell_len(lead + candidate) > width:
            lines.append(lead + line)
            line = chunk
        else:
            line = candidate
    if line or not lines:
        lines.append((indent if not lines else later) + line)
    return [text.rstrip() for text in lines]


def words(text: str) -> list[str]:
    """A text's words: the chunks ``wrap`` may break between."""
    return text.split()

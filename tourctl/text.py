"""Small helpers for the words tourctl prints: plurals, and user text made safe for rich."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "event")`` → ``1 event``; ``plural(2, "day")`` → ``2 days``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def escape(text: object) -> str:
    """Text from a plan, a path or a server, safe to print through rich markup.

    Every user string that reaches a rich console goes through here: rich reads
    ``[bold]`` as markup, and ``[/]`` with nothing open is an error.
    """
    from rich.markup import escape as rich_escape

    return rich_escape(str(text))

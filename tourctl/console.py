"""Two consoles: data on stdout, diagnostics and progress on stderr.

So ``tourctl export -o - > x.ics`` and ``--format json | jq`` stay clean.
Colour only on a terminal; rich already honours ``NO_COLOR``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)

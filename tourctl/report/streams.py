"""The streams a command reads and writes, handed to every reporter.

Reporters never reach for ``sys.stdout`` or a module-level console: the CLI
builds one ``Streams`` per run and passes it down, so a test can run a whole
command in-process with its own buffers. Data goes to stdout, diagnostics and
progress to stderr, so ``tourctl export -o - > x.ics`` and ``--format json | jq``
stay clean. Colour only on a terminal; rich honours ``NO_COLOR``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, TextIO

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Streams:
    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO | None = None
    _consoles: dict[str, Console] = field(default_factory=dict, repr=False)

    @classmethod
    def system(cls) -> Streams:
        stdin = getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None
        return cls(sys.stdout, sys.stderr, stdin)

    def out(self) -> Console:
        """A rich console on stdout (for data meant for people: tables, summaries)."""
        return self._console("out", self.stdout)

    def err(self) -> Console:
        """A rich console on stderr (for diagnostics, notes, progress)."""
        return self._console("err", self.stderr)

    def _console(self, name: str, stream: TextIO) -> Console:
        console = self._consoles.get(name)
        if console is None:
            from rich.console import Console

            console = Console(file=stream, soft_wrap=True, highlight=False, emoji=False)
            self._consoles[name] = console
        return console

    def write_bytes(self, data: bytes) -> None:
        """Raw bytes to stdout (a calendar with ``-o -``), through its buffer when it has one."""
        buffer = getattr(self.stdout, "buffer", None)
        self.stdout.flush()
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8"))
            self.stdout.flush()

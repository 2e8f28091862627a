"""The streams a command reads and writes, handed to every reporter.

Reporters never reach for ``sys.stdout`` or a module-level console: the CLI
builds one ``Streams`` per run and passes it down, so a test can run a whole
command in-process with its own buffers. Data goes to stdout, diagnostics and
progress to stderr, so ``tourctl export -o - > x.ics`` and ``--format json | jq``
stay clean. Colour only on a terminal; rich honours ``NO_COLOR``.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from tourctl.errors import OutputError

if TYPE_CHECKING:
    from rich.console import Console


class PipeClosed(Exception):
    """The reader of stdout went away (``| head -1``): end quietly, as ``cli.run`` does.

    Not an ``OSError``, so nothing between the write and ``cli.run`` mistakes it
    for a file problem (Typer itself would turn a broken pipe into exit 1).
    """


class _Guarded(io.TextIOBase):
    """A process stream whose write failures are an ``OutputError`` (exit 3), not a traceback.

    A full disk (``> /dev/full``), a closed descriptor (``>&-``) or an encoding
    that cannot hold a character (``PYTHONIOENCODING=ascii``: replaced, never
    fatal). A broken pipe stays a ``BrokenPipeError``: ``cli.run`` ends quietly on it.
    """

    def __init__(self, stream: TextIO | None, name: str) -> None:
        super().__init__()
        self._stream = stream
        self._name = name
        if stream is not None and not _is_utf(stream):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")

    def _fail(self, exc: OSError | ValueError | None) -> OutputError:
        why = "it is closed" if exc is None or isinstance(exc, ValueError) else exc.strerror
        return OutputError(f"cannot write to {self._name}: {why or exc}")

    def _target(self) -> TextIO:
        if self._stream is None:
            raise self._fail(None)
        return self._stream

    def write(self, text: str) -> int:
        try:
            return self._target().write(text)
        except BrokenPipeError:
            raise PipeClosed from None
        except (OSError, ValueError) as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise PipeClosed from None
        except (OSError, ValueError) as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EBADF:
                raise self._fail(None) from None
            raise self._fail(exc) from None

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._target().fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def buffer(self) -> Any:
        return getattr(self._target(), "buffer", None)

    def writable(self) -> bool:
        return True


def _is_utf(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


@dataclass
class Streams:
    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO | None = None
    _consoles: dict[str, Console] = field(default_factory=dict, repr=False)

    @classmethod
    def system(cls) -> Streams:
        """The process's streams, guarded (see ``_Guarded``); a closed one is None in Python."""
        stdin = getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None
        return cls(
            _Guarded(sys.stdout, "standard output"),  # type: ignore[arg-type]
            _Guarded(sys.stderr, "standard error"),  # type: ignore[arg-type]
            stdin,
        )

    def styled(self, name: str) -> bool:
        """Whether rich would style text on ``stdout`` or ``stderr`` (its own rules, without it).

        Rich styles a stream it takes for a terminal: ``TTY_COMPATIBLE=1``, else
        ``FORCE_COLOR``, else ``isatty()`` (``TTY_COMPATIBLE=0`` says no). When it
        would not, reporters write their lines straight to the stream and rich is
        never imported: that is most runs (CI, pre-commit, pipes) and rich's import
        is a tenth of ``validate``'s start-up.
        """
        stream = self.stdout if name == "out" else self.stderr
        environ = os.environ
        compatible = environ.get("TTY_COMPATIBLE", "")
        if compatible in ("0", "1"):
            return compatible == "1"
        force = environ.get("FORCE_COLOR")
        if force is not None:
            return force != ""
        try:
            return stream.isatty()
        except (OSError, ValueError, AttributeError):
            return False

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

            console = Console(
                file=stream, soft_wrap=True, highlight=False, emoji=False, width=_width(stream)
            )
            self._consoles[name] = console
        return console

    def write_bytes(self, data: bytes) -> None:
        """Raw bytes to stdout (a calendar with ``-o -``), through its buffer when it has one."""
        buffer = getattr(self.stdout, "buffer", None)
        self.stdout.flush()
        if buffer is not None:
            try:
                buffer.write(data)
                buffer.flush()
            except BrokenPipeError:
                raise PipeClosed from None
            except (OSError, ValueError) as exc:
                raise OutputError(f"cannot write to standard output: {_why(exc)}") from None
        else:
            self.stdout.write(data.decode("utf-8"))
            self.stdout.flush()


MIN_WIDTH = 50
"""Narrower than this, a table has no room for its columns: COLUMNS=1 is read as 50 (where a
table would cut a word, ``show`` and ``check-contacts`` stack each row instead)."""


def _width(stream: TextIO) -> int | None:
    """The width to lay text out in, when ``COLUMNS`` would give rich a useless one.

    rich takes ``COLUMNS`` as it is, so ``COLUMNS=0`` (some CI shells and ``env -i``
    wrappers set it) would print nothing at all. None: let rich decide as usual.
    """
    text = os.environ.get("COLUMNS", "")
    if not text.isdigit() or int(text) >= MIN_WIDTH:
        return None  # unset, not a number (rich ignores it), or a usable width
    if int(text) > 0:
        return MIN_WIDTH
    try:  # 0 means "unknown": the terminal's own width, else the usual 80
        columns = os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 80
    except (AttributeError, OSError, ValueError):
        columns = 80
    return max(columns, MIN_WIDTH)


def _why(exc: OSError | ValueError) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)

"""Exit codes, and the typed errors the core raises for ``cli.main`` to turn into them.

The core never calls ``sys.exit`` and never prints a refusal: it raises one of
these, and ``cli.main`` alone maps each to a one-line message and an exit code
(docs/exit-codes are in README.md). Anything else that escapes is a bug, shown
as a traceback only with ``--traceback`` or ``TOURCTL_DEBUG=1``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tourctl.findings import Finding


class ExitStatus(enum.IntEnum):
    OK = 0
    FAILED = 1
    """The plan has errors (or warnings with --strict), or a contact check failed."""
    USAGE = 2
    """Unknown option, missing or unreadable file, bad argument."""
    OUTPUT = 3
    """An output could not be written: a full disk, a read-only folder, a closed stdout."""
    NETWORK = 4
    """Nothing could be checked or reached over the network (refused, no route, timed out)."""
    AUTH = 5
    """A server refused the login (401) or the access (403)."""
    SERVER = 6
    """A server failed (5xx) or gave an answer that is not what its protocol promises."""
    CONFLICT = 7
    """Something changed on the server while tourctl was writing to it: not overwritten."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT, as shells report it)."""


class TourctlError(Exception):
    """An expected failure: shown as one line on stderr, never as a traceback."""

    status = ExitStatus.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(TourctlError):
    """A mistake on the command line, or a file that cannot be read."""

    status = ExitStatus.USAGE


class OutputError(TourctlError):
    """An output could not be written (the plan itself may be fine)."""

    status = ExitStatus.OUTPUT


class NetworkUnreachable(TourctlError):
    """No network: nothing could be reached at all (not one host failing)."""

    status = ExitStatus.NETWORK


class AuthRefused(TourctlError):
    """The server refused the user name and password (401) or what they may do (403)."""

    status = ExitStatus.AUTH


class ServerFailed(TourctlError):
    """The server failed (5xx, or 429/503 after the retries) or answered outside its protocol
    (malformed, oversized, an unexpected status): nothing tourctl can fix by trying again now."""

    status = ExitStatus.SERVER


class Stopped(Exception):
    """Ctrl-C ended a command that runs until stopped (``validate --watch``).

    That is how such a command is meant to end, so it is a plain note, not an
    ``error:``; the exit status is still 130, as for any interrupted command.
    """

    status = ExitStatus.INTERRUPTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PlanRefused(TourctlError):
    """A command that needs a valid plan got one with errors; carries them to the reporter."""

    status = ExitStatus.FAILED

    def __init__(self, file: str, findings: list[Finding], *, loadable: bool = True) -> None:
        what = "has errors" if loadable else "cannot be loaded"
        super().__init__(f"{file} {what}; fix them first (see `tourctl validate {file}`)")
        self.file = file
        self.findings = findings

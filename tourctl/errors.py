"""Exit codes and the one exception type that becomes a plain message instead of a traceback."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    FAILED = 1
    """The plan has errors (or warnings with --strict), or a contact check failed."""
    USAGE = 2
    """Unknown option, missing or unreadable file, bad argument."""


class UserError(Exception):
    """A mistake the user can fix; shown as one line on stderr, never as a traceback."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

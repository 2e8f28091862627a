"""``validate --watch``: run again whenever a plan is saved, until Ctrl-C.

Polling, with no dependency: every ``interval`` seconds each plan file is
``stat``-ed, and a change of its modification time, size or inode (editors
that save by writing a new file and renaming it over the old one) is a save.
A few stats a second cost nothing measurable, work the same on every
platform and file system (network shares and containers' bind mounts
included, where change notifications are unreliable), and need no thread.

A save is acted on once the file has stopped changing for one interval, so
an editor that writes in several steps is validated once, on its last step.
A file that disappears (mid-save, or deleted) is a change too: the run then
reports it unreadable and the watch goes on until it is back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import NoReturn

from tourctl.errors import Stopped

Signature = tuple[int, int, int, int] | None
"""A file's (mtime in ns, size, inode, device), or None when it is missing or unreadable."""

POLL_SECONDS = 0.25
CLEAR_SCREEN = "\x1b[H\x1b[2J"
"""Cursor home, then erase the display (ANSI): what ``clear`` does on every terminal in use."""


def signature(path: str) -> Signature:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)


def snapshot(paths: Sequence[str]) -> tuple[Signature, ...]:
    return tuple(signature(path) for path in paths)


def wait_for_change(
    paths: Sequence[str],
    seen: tuple[Signature, ...],
    *,
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Signature, ...]:
    """Block until a file differs from ``seen`` and then holds still for one interval."""
    while True:
        sleep(interval)
        now = snapshot(paths)
        if now == seen:
            continue
        while True:  # let a save that comes in several writes finish
            sleep(interval)
            settled = snapshot(paths)
            if settled == now:
                return now
            now = settled


def watch(
    paths: Sequence[str],
    run_once: Callable[[], None],
    *,
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> NoReturn:
    """Call ``run_once`` now and after every save of one of ``paths``; ``Stopped`` on Ctrl-C."""
    try:
        seen = snapshot(paths)
        while True:
            run_once()
            seen = wait_for_change(paths, seen, interval=interval, sleep=sleep)
    except KeyboardInterrupt:
        raise Stopped("stopped watching") from None

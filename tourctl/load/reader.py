"""The plan's bytes, from a file or standard input, with the same limits and decoding for both.

A plan is untrusted input. Whatever names it (a path, ``-``), the reader:

* refuses what is not a regular file (a folder, a FIFO that would block for
  ever, a device such as ``/dev/zero`` that never ends) as a usage error;
* reads at most ``MAX_BYTES`` plus one, in chunks, so a huge or endless input
  is a finding (``file-too-large``) and never a memory blow-up;
* decodes UTF-8 (a BOM is fine) and reports binary bytes, UTF-16 or a
  non-UTF-8 byte as a finding at the byte's line and column.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from tourctl.errors import UsageError
from tourctl.findings import Finding, Severity
from tourctl.load.source import Loaded, SourceMap
from tourctl.load.yaml12 import load_text

MAX_BYTES = 64 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"
_CHUNK = 1 << 20


class _Undecodable(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def load_plan(path: str, stdin: BinaryIO | None = None) -> Loaded:
    """Read and parse the plan ``path`` names (``-``: ``stdin``); problems in it are findings.

    Raises ``UsageError`` when there is nothing to read: no such file, a folder,
    not a regular file, no permission.
    """
    if path == STDIN:
        if stdin is None:
            raise UsageError("'-' reads the plan from standard input, but there is none")
        return load_bytes(_read_limited(stdin), STDIN_NAME)
    return load_bytes(read_file(Path(path)), path)


def load_bytes(raw: bytes, file: str) -> Loaded:
    if len(raw) > MAX_BYTES:
        finding = Finding(
            "file-too-large",
            Severity.ERROR,
            f"the plan is larger than {MAX_BYTES // 2**20} MB; is this really a plan?",
            file,
        )
        return Loaded(None, SourceMap(file), [finding])
    try:
        text = decode(raw, file)
    except _Undecodable as exc:
        return Loaded(None, SourceMap(file), [exc.finding])
    # libyaml reads UTF-8 bytes itself: handing it the bytes (checked just above) rather than
    # the text spares a 64 MB plan two more copies (the str, and libyaml's UTF-8 of it).
    del text
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return load_text(raw, file)


def read_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path``; UsageError if it is none."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UsageError(f"{path}: {_why(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{path} is a folder, not a plan file")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{path} is not a regular file (a pipe or a device); give a plan file")
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UsageError(f"{path}: {_why(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UsageError(f"{path} is not a regular file; give a plan file")
        try:
            return _read_limited(handle, limit)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read it ({_why(exc)})") from None


def _read_limited(stream: BinaryIO, limit: int = MAX_BYTES) -> bytes:
    """Up to ``limit + 1`` bytes, read in chunks: one more than allowed says "too large".

    The first read asks for all that is left of a regular file, so a plan is usually
    one bytes object as read, never a list of chunks joined into a second copy.
    """
    want = limit + 1
    try:
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode):
            want = min(want, max(info.st_size - stream.tell(), 0) + 1)
    except (AttributeError, OSError, ValueError):  # a stream with no descriptor (tests)
        want = min(want, _CHUNK)
    first = stream.read(want)
    parts = [first]
    size = len(first)
    while first and size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return first if len(parts) == 1 else b"".join(parts)


def _why(exc: OSError) -> str:
    from tourctl.fsutil import why

    return why(exc)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text of a plan (a leading BOM dropped); a finding for anything else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Undecodable(
            Finding(
                "not-utf8",
                Severity.ERROR,
                "the file is UTF-16 text; save it as UTF-8",
                file,
            )
        )
    if b"\x00" in raw[:8192]:
        raise _Undecodable(
            Finding(
                "not-text",
                Severity.ERROR,
                "this is not a text file (it contains binary bytes); a plan is UTF-8 YAML",
                file,
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise _Undecodable(
            Finding(
                "not-utf8",
                Severity.ERROR,
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                file,
                line,
                column,
            )
        ) from None

"""The file system at tourctl's edges: what a path names, and writing without destroying.

Every path a user gives (a plan, ``-o``, ``--previous``, ``--cache``, ``init``'s
target) is looked at through ``kind_of`` first, so a name the OS refuses (too
long, a symlink loop, no permission to look) is one plain error, never a
traceback, whichever command met it. The rules for writing are here, once:

* a missing path or a regular file is written atomically (``atomic_write``):
  a temporary file beside it, fsynced, renamed into place, so a reader sees
  the old file or the new one, never half of one;
* a symlink is written *through*: the file it points to is replaced, in its
  own folder, and the link stays a link (as ``cp`` and shells do);
* a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a pipe someone
  reads) is written to in place (``write_output``), never renamed over: as
  root, renaming over ``/dev/null`` would replace the system's ``/dev/null``;
* anything else (a folder, a block device, a socket) is refused.

Whether a file may be overwritten at all (is it the plan itself? a file of the
right kind?) is the caller's to decide; ``same_file`` helps.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tourctl.errors import OutputError, TourctlError, UsageError

if TYPE_CHECKING:
    from concurrent.futures import Future

_TEMP_NAME_BYTES = 32
"""How much of the file's name its temporary file keeps: ``.<name>.<random>.tmp`` must stay
under every file system's limit (255 bytes; 143 on eCryptfs) for any legal name."""


class Kind(enum.Enum):
    """What a path names (after following symlinks); the value is how messages say it."""

    MISSING = "missing"
    FILE = "a file"
    FOLDER = "a folder"
    CHAR_DEVICE = "a character device"
    FIFO = "a named pipe (FIFO)"
    OTHER = "a special file (a block device or a socket)"


def why(exc: OSError) -> str:
    """An OSError in plain words, for a one-line message."""
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or str(exc)


def kind_of(path: Path, *, error: type[TourctlError] = UsageError) -> Kind:
    """What ``path`` names, following symlinks; a name the OS refuses raises ``error``."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return Kind.MISSING
    except OSError as exc:
        raise error(f"{path}: {why(exc)}") from None
    except ValueError:  # an embedded NUL byte
        raise error(f"{path}: not a valid file name") from None
    if stat.S_ISREG(mode):
        return Kind.FILE
    if stat.S_ISDIR(mode):
        return Kind.FOLDER
    if stat.S_ISCHR(mode):
        return Kind.CHAR_DEVICE
    if stat.S_ISFIFO(mode):
        return Kind.FIFO
    return Kind.OTHER


def same_file(first: Path | str, second: Path | str) -> bool:
    """Whether two paths name one existing file (through symlinks, hard links, ``./``)."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def same_content(path: Path, data: bytes) -> bool:
    """Whether the regular file ``path`` holds exactly ``data``: its size first, then in chunks,
    so a huge file at the destination is never read whole."""
    chunk = 1 << 20
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size != len(data):
                return False
            view = memoryview(data)
            for start in range(0, len(data), chunk):
                if handle.read(chunk) != view[start : start + chunk]:
                    return False
            return handle.read(1) == b""
    except OSError:
        return False


def write_output(path: Path, data: bytes) -> None:
    """Write an output the user named: atomically if it is a file (or missing), in place if it
    is a character device or FIFO, refused if it is anything else (see the module's rules)."""
    kind = kind_of(path, error=OutputError)
    if kind in (Kind.CHAR_DEVICE, Kind.FIFO):
        write_in_place(path, data)
    elif kind in (Kind.MISSING, Kind.FILE):
        atomic_write(path, data)
    else:
        raise OutputError(f"cannot write {path}: it is {kind.value}")


def write_in_place(path: Path, data: bytes) -> None:
    """Write into an existing character device or FIFO, never creating or replacing anything.

    Opening a FIFO waits for its reader, as ``echo > fifo`` does (Ctrl-C ends it).
    """
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {why(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # swapped since we looked
            raise OutputError(f"cannot write {path}: it changed while it was being opened")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise OutputError(f"cannot write {path}: its reader went away") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {why(exc)}") from None
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place.

    A reader sees the old file or the new one, never a mix. A symlink is written
    through (its target is replaced; the link stays). Only a regular file is ever
    replaced. With ``overwrite=False`` an existing file is refused (the rename is
    replaced by a hard link, which fails if the name exists, so two writers cannot
    race past the check).
    """
    atomic_write_all([(path, data)], overwrite=overwrite)


_BATCH = 128
"""Files staged at once by ``atomic_write_all``: open descriptors stay far below any limit."""
_SYNC_THREADS = 8


@dataclasses.dataclass
class _Staged:
    path: Path
    target: Path
    directory: Path
    tmp: Path
    fd: int
    placed: bool = False


def atomic_write_all(items: Iterable[tuple[Path, bytes]], *, overwrite: bool = True) -> None:
    """``atomic_write`` for many files: each one is atomic, as if written alone.

    Why not a loop of ``atomic_write``: each file then waits for the disk twice
    (its data, then its folder), one after the other; a published site of 1,300
    files spent most of its time there. Here temporary files are written in
    batches and fsynced by a few threads in the background (fsync releases the
    GIL) while the caller makes the next files (``items`` may be a generator that
    renders them), renamed into place once all are on the disk, and each folder
    is fsynced once at the end. At most ``_IN_FLIGHT`` batches are open at once.
    """
    from concurrent.futures import ThreadPoolExecutor

    staged: list[_Staged] = []
    folders: dict[Path, None] = {}
    current: Path | None = None
    try:
        with ThreadPoolExecutor(_SYNC_THREADS) as pool:
            syncing: list[tuple[list[Future[None]], list[_Staged]]] = []
            batch: list[_Staged] = []
            for path, data in items:
                current = path
                batch.append(_stage(path, data))
                staged.append(batch[-1])
                if len(batch) >= _BATCH:
                    syncing.append(([pool.submit(os.fsync, i.fd) for i in batch], batch))
                    batch = []
                    if len(syncing) > _IN_FLIGHT:
                        _synced(*syncing.pop(0))
            syncing.append(([pool.submit(os.fsync, i.fd) for i in batch], batch))
            for futures, done in syncing:
                _synced(futures, done)
        for item in staged:
            current = item.path
            _replaceable(item.path, item.target)  # again, just before the rename
            if overwrite:
                os.replace(item.tmp, item.target)
            else:
                try:
                    os.link(item.tmp, item.target)
                except FileExistsError:
                    raise UsageError(f"{item.path} already exists; not overwriting it") from None
            item.placed = True
            folders[item.directory] = None
        for directory in folders:
            _fsync_dir(directory)
    except OSError as exc:
        raise OutputError(f"cannot write {current}: {why(exc)}") from None
    finally:
        # The pool has finished (its ``with`` waits), so no fsync still uses these.
        for item in staged:
            if item.fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(item.fd)
            if not item.placed or not overwrite:  # a hard link leaves the temporary name
                with contextlib.suppress(OSError):
                    item.tmp.unlink()


_IN_FLIGHT = 2
"""Batches being fsynced while the next is written: 3 × ``_BATCH`` descriptors at most."""


def _synced(futures: list[Future[None]], batch: list[_Staged]) -> None:
    """Wait for a batch's fsyncs (the first failure is the error), then close its files."""
    for future, item in zip(futures, batch, strict=True):
        try:
            future.result()
        except OSError as exc:
            raise OutputError(f"cannot write {item.path}: {why(exc)}") from None
    for item in batch:
        os.close(item.fd)
        item.fd = -1


def _stage(path: Path, data: bytes) -> _Staged:
    """The temporary file of ``path``, written (not yet synced), beside its target."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    directory = target.parent if str(target.parent) else Path(".")
    if kind_of(directory, error=OutputError) is not Kind.FOLDER:
        raise OutputError(f"cannot write {path}: the folder {directory} does not exist")
    _replaceable(path, target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{_truncated(target.name)}.", suffix=".tmp", dir=directory
    )
    try:
        # mkstemp makes the file private (0600); a calendar is meant to be served and
        # shared, so give it the mode of the file it replaces, or the usual umask mode.
        os.fchmod(fd, _mode_for(target))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:  # a full disk: not staged, so the caller's cleanup would not see it
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return _Staged(path, target, directory, Path(tmp_name), fd)


def _replaceable(path: Path, target: Path) -> None:
    """Only a regular file (or nothing) may be renamed over."""
    kind = kind_of(target, error=OutputError)
    if kind not in (Kind.MISSING, Kind.FILE):
        raise OutputError(f"cannot write {path}: it is {kind.value}")


def _truncated(name: str) -> str:
    """At most ``_TEMP_NAME_BYTES`` of ``name`` in UTF-8, never cutting a character in two."""
    raw = name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES]
    return raw.decode("utf-8", "ignore") or "tourctl"


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

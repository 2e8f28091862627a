"""Atomic writes: whole files or none, with the modes people expect of a published file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tourctl.errors import OutputError, UsageError
from tourctl.fsutil import atomic_write


def test_new_file_gets_umask_mode_not_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "cal.ics"
        atomic_write(target, b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"data"


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new"


def test_no_overwrite_refuses_and_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"mine")
    with pytest.raises(UsageError, match="already exists"):
        atomic_write(target, b"theirs", overwrite=False)
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "x.ics", b"x")


# --- what a path is, and writing without destroying (issue 11) ----------------------------


def test_kind_of_names_what_is_there_and_refuses_impossible_names(tmp_path: Path) -> None:
    from tourctl.fsutil import Kind, kind_of

    (tmp_path / "f").write_bytes(b"")
    os.mkfifo(tmp_path / "p")
    assert kind_of(tmp_path / "f") is Kind.FILE
    assert kind_of(tmp_path) is Kind.FOLDER
    assert kind_of(tmp_path / "p") is Kind.FIFO
    assert kind_of(tmp_path / "missing") is Kind.MISSING
    assert kind_of(tmp_path / "f" / "below") is Kind.MISSING  # ENOTDIR: nothing there either
    with pytest.raises(OutputError, match="too long"):
        kind_of(tmp_path / ("x" * 300), error=OutputError)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(UsageError, match="symbolic links"):
        kind_of(tmp_path / "loop")


def test_temporary_names_stay_short_for_any_legal_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    seen: list[str] = []
    real = tempfile.mkstemp

    def spy(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        seen.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    name = "ü" * 125 + ".ics"  # 254 bytes: legal, and a temporary name after it would not be
    assert len(name.encode()) == 254
    atomic_write(tmp_path / name, b"x")
    assert seen and all(len(n.encode()) <= 50 for n in seen)
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.ics"
    link.symlink_to(real.name)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ics", "real.ics"]


def test_write_output_writes_a_fifo_in_place(tmp_path: Path) -> None:
    import threading

    from tourctl.fsutil import write_output

    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, b"calendar" * 10_000)
    reader.join(timeout=10)
    assert got == [b"calendar" * 10_000]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_atomic_write_never_renames_over_a_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="named pipe"):
        atomic_write(fifo, b"x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device node needs root")
def test_write_output_writes_a_character_device_in_place(tmp_path: Path) -> None:
    from tourctl.fsutil import write_output

    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    write_output(null, b"anything")
    assert stat.S_ISCHR(null.stat().st_mode)
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with pytest.raises(OutputError, match="No space left"):
        write_output(full, b"x")


def test_same_content_compares_without_reading_a_different_size(tmp_path: Path) -> None:
    from tourctl.fsutil import same_content

    path = tmp_path / "f"
    path.write_bytes(b"a" * 3_000_000)
    assert same_content(path, b"a" * 3_000_000)
    assert not same_content(path, b"a" * 2_999_999 + b"b")
    assert not same_content(path, b"a" * 10)
    assert not same_content(tmp_path / "missing", b"")


def test_many_files_are_each_written_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    from tourctl.fsutil import _BATCH, atomic_write_all

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    items = [(tmp_path / "ab"[i % 2] / f"{i}.ics", f"event {i}\n".encode()) for i in range(300)]
    assert len(items) > 2 * _BATCH  # several batches
    (tmp_path / "a" / "0.ics").write_bytes(b"old")
    atomic_write_all(items)
    for path, data in items:
        assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.rglob(".*")) == []


def test_a_refused_target_among_many_writes_none_of_them(tmp_path: Path) -> None:
    from tourctl.fsutil import atomic_write_all

    (tmp_path / "taken.ics").mkdir()  # a folder where a file should go
    items = [(tmp_path / f"{i}.ics", b"x") for i in range(5)] + [(tmp_path / "taken.ics", b"y")]
    with pytest.raises(OutputError, match=r"taken\.ics"):
        atomic_write_all(items)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.ics"]


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A real full file system (a 64 KB tmpfs; needs root, as CI runs): the write fails in
    words, the old file stays, and no half-written temporary file is left behind."""
    import subprocess

    from tourctl.fsutil import atomic_write_all

    tiny = tmp_path / "tiny"
    tiny.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(tiny)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (tiny / "kept.ics").write_bytes(b"old")
        with pytest.raises(OutputError, match="cannot write"):
            atomic_write_all([(tiny / "kept.ics", b"x" * 200_000)])
        assert (tiny / "kept.ics").read_bytes() == b"old"
        assert sorted(p.name for p in tiny.iterdir()) == ["kept.ics"]
    finally:
        subprocess.run(["umount", "-l", str(tiny)], check=False)  # -l: even if a file is open

"""``validate --watch``: re-validates on save, clears a terminal between runs, ends on Ctrl-C.

The end-to-end tests run the installed ``tourctl`` in a subprocess, write the
plan the way an editor saves it and send SIGINT as Ctrl-C does. The deadlines
below are time-outs for a loaded machine, not performance figures.
"""

from __future__ import annotations

import os
import pty
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import PLANS, invoke, tourctl_executable
from tourctl.watch import CLEAR_SCREEN, snapshot, wait_for_change

STARTER = (PLANS / "valid" / "starter.yaml").read_text(encoding="utf-8")
BROKEN = STARTER.replace("    venue: first-venue\n", "    venue: first-venu\n")
START_DEADLINE = 60.0
"""The first run includes start-up, on a machine that may be busy with other test runs."""
CHANGE_DEADLINE = 10.0


class Lines:
    """A stream's lines as they arrive, read by a thread so a test can wait with a deadline."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        try:
            for raw in iter(stream.readline, b""):
                self._queue.put(raw.decode("utf-8", "replace"))
        except OSError:  # a terminal whose other side has closed (EIO): the end, like EOF
            pass
        finally:
            self._queue.put(None)

    def wait_for(self, wanted: Callable[[str], bool], deadline: float) -> str:
        end = time.monotonic() + deadline
        while (left := end - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"not seen within {deadline} s; got {self.seen!r}")

    def wait_for_end(self, deadline: float) -> None:
        """Until the stream ends (so its reader is done with it before it is closed)."""
        end = time.monotonic() + deadline
        while (left := end - time.monotonic()) > 0:
            line = self._queue.get(timeout=left)
            if line is None:
                return
            self.seen.append(line)
        raise AssertionError(f"the stream did not end within {deadline} s")


def save(path: Path, text: str) -> None:
    """Save as many editors do: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def watching(plan: Path, **popen: object) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("FORCE_COLOR", None)
    with subprocess.Popen(
        [tourctl_executable(), "validate", str(plan), "--watch", "--today", "2026-01-01"],
        env=env,
        **popen,  # type: ignore[call-overload]
    ) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def test_watch_picks_up_a_save_and_stops_on_sigint(tmp_path: Path) -> None:
    plan = tmp_path / "tour.yaml"
    plan.write_text(STARTER, encoding="utf-8")
    with watching(plan, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        out, err = Lines(process.stdout), Lines(process.stderr)
        out.wait_for(lambda line: "1 plan checked: no problems found" in line, START_DEADLINE)
        err.wait_for(lambda line: "watching 1 plan" in line, CHANGE_DEADLINE)
        save(plan, BROKEN)
        found = out.wait_for(lambda line: "error[unknown-venue]" in line, CHANGE_DEADLINE)
        assert "did you mean 'first-venue'?" in found
        out.wait_for(lambda line: "1 error" in line, CHANGE_DEADLINE)
        save(plan, STARTER)  # fixed again
        out.wait_for(lambda line: "no problems found" in line, CHANGE_DEADLINE)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=CHANGE_DEADLINE) == 130
        err.wait_for(lambda line: line.strip() == "stopped watching", CHANGE_DEADLINE)
        out.wait_for_end(CHANGE_DEADLINE)
        err.wait_for_end(CHANGE_DEADLINE)
        log = "".join(err.seen)
        assert "Traceback" not in log
        assert "error:" not in log  # ending a watch is how it is meant to end


def test_watch_clears_a_terminal_between_runs(tmp_path: Path) -> None:
    plan = tmp_path / "tour.yaml"
    plan.write_text(STARTER, encoding="utf-8")
    leader, follower = pty.openpty()
    with os.fdopen(leader, "rb", buffering=0) as terminal:
        try:
            with watching(plan, stdout=follower, stderr=subprocess.DEVNULL) as process:
                screen = Lines(terminal)
                screen.wait_for(lambda line: "no problems found" in line, START_DEADLINE)
                save(plan, BROKEN)
                screen.wait_for(lambda line: "unknown-venue" in line, CHANGE_DEADLINE)
                process.send_signal(signal.SIGINT)
                assert process.wait(timeout=CHANGE_DEADLINE) == 130
        finally:
            os.close(follower)
        screen.wait_for_end(CHANGE_DEADLINE)
    text = "".join(screen.seen)
    assert text.startswith(CLEAR_SCREEN)
    assert text.count(CLEAR_SCREEN) >= 2  # once before each run


def test_watch_needs_files_not_stdin() -> None:
    result = invoke("validate", "-", "--watch", input=STARTER)
    assert result.returncode == 2
    assert "--watch needs plan files" in result.stderr


# --- the polling, without processes -----------------------------------------------------


class FakeClock:
    """``sleep`` for ``wait_for_change``: runs one scripted edit per call, then returns."""

    def __init__(self, edits: list[Callable[[], object]]) -> None:
        self.edits = edits
        self.calls = 0

    def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.edits:
            self.edits.pop(0)()
        elif self.calls > 50:
            raise AssertionError("no change was ever reported")


def test_a_save_is_reported_once_the_file_holds_still(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("a", encoding="utf-8")
    seen = snapshot([str(plan)])
    # nothing, then a first write, a second write, then quiet: one change, the last.
    clock = FakeClock([lambda: None, lambda: plan.write_text("ab"), lambda: plan.write_text("abc")])
    now = wait_for_change([str(plan)], seen, sleep=clock)
    assert now == snapshot([str(plan)]) != seen
    assert clock.calls == 4  # quiet, write, write, still


@pytest.mark.parametrize("edit", ["delete", "replace"])
def test_a_deleted_or_replaced_file_is_a_change(tmp_path: Path, edit: str) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("a", encoding="utf-8")
    seen = snapshot([str(plan)])

    def change() -> None:
        if edit == "delete":
            plan.unlink()
        else:
            save(plan, "a")  # same bytes, a new inode: what a rename-over save looks like

    now = wait_for_change([str(plan)], seen, sleep=FakeClock([change]))
    assert now != seen
    assert (now[0] is None) == (edit == "delete")

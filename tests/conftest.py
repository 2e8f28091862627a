"""Shared test helpers: run ``tourctl`` in-process (fast), or the installed one as a user would.

``invoke`` runs a command through ``tourctl.cli.run`` in this process, with its
own stdin/stdout/stderr, working folder and environment, and answers like
``subprocess.run``. ``run_tourctl`` runs the installed console script in a
subprocess: the true end-to-end tests (exit codes the shell sees, signals,
closed streams, start-up) use it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOURS = ROOT / "tours"
PLANS = Path(__file__).resolve().parent / "plans"


def tourctl_executable() -> str:
    """The console script installed beside this interpreter (what a user runs)."""
    candidate = Path(sys.executable).parent / "tourctl"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("tourctl")
    if found is None:  # pragma: no cover - the test command installs the package
        raise RuntimeError("tourctl is not installed; run ./scripts/test")
    return found


def run_tourctl(
    *args: str | Path,
    input: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [tourctl_executable(), *map(str, args)],
        input=input.encode() if isinstance(input, str) else input,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, _text(done.stdout), _text(done.stderr)
    )


def _text(raw: bytes) -> str:
    """Bytes from a pipe as ``subprocess.run(text=True)`` reads them (universal newlines)."""
    return raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


class _Std(io.TextIOWrapper):
    """A text stream over bytes, like a pipe's (not a terminal), that keeps what was written."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="", write_through=True)

    def isatty(self) -> bool:
        return False

    def value(self) -> str:
        self.flush()
        raw: bytes = self.buffer.getvalue()  # type: ignore[attr-defined]
        return _text(raw)


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def invoke(
    *args: str | Path,
    input: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``tourctl ARGS`` in this process; stdout/stderr captured as a pipe would see them.

    ``timeout`` is accepted for the same calls as ``run_tourctl``; in-process the
    suite's own per-test timeout (pytest-timeout) is what stops a hang.
    """
    from tourctl.cli import run
    from tourctl.report.streams import Streams

    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    data = input.encode() if isinstance(input, str) else (input or b"")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout, stderr = _Std(), _Std()
    argv = [str(a) for a in args]
    with contextlib.ExitStack() as stack:
        stack.enter_context(_environment(full_env))
        stack.enter_context(contextlib.chdir(cwd or Path.cwd()))
        stack.enter_context(contextlib.redirect_stdout(stdout))
        stack.enter_context(contextlib.redirect_stderr(stderr))
        old_stdin, sys.stdin = sys.stdin, stdin
        stack.callback(setattr, sys, "stdin", old_stdin)
        code = run(argv, Streams.system())
    return subprocess.CompletedProcess(["tourctl", *argv], code, stdout.value(), stderr.value())


@pytest.fixture
def tourctl() -> object:
    return invoke


def bundled_plans() -> Sequence[Path]:
    return sorted(TOURS.glob("*.yaml"))

"""Shared test helpers: run the installed ``tourctl`` as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
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
    return subprocess.run(
        [tourctl_executable(), *map(str, args)],
        input=input.decode() if isinstance(input, bytes) else input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def tourctl() -> object:
    return run_tourctl


def bundled_plans() -> Sequence[Path]:
    return sorted(TOURS.glob("*.yaml"))

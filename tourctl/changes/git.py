"""``diff --since REV``: the plan as git had it at a revision, read with git itself."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tourctl.errors import UsageError
from tourctl.load.reader import MAX_BYTES

TIMEOUT = 60.0


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("--since needs git, and git is not installed")
    try:
        return subprocess.run(
            [git, *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror or exc}") from None


def plan_at(path: str, revision: str) -> tuple[bytes, str]:
    """The bytes of the plan ``path`` at ``revision``, and how to name that version."""
    if path == "-":
        raise UsageError("--since reads the plan from git: give its path, not '-'")
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        raise UsageError(f"'{revision}' is not a git revision")
    plan = Path(path)
    if not plan.is_file():
        raise UsageError(f"{path}: no such file")
    folder = plan.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise UsageError(f"{path} is not in a git repository, so --since has nothing to read")
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    relative = plan.resolve().relative_to(root.resolve()).as_posix()
    found = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    if found.returncode != 0:
        raise UsageError(f"git knows no revision '{revision}' in {root}")
    shown = _git(["show", f"{revision}:{relative}"], root)
    if shown.returncode != 0:
        raise UsageError(f"{relative} did not exist at {revision}")
    if len(shown.stdout) > MAX_BYTES:
        raise UsageError(f"{relative} at {revision} is larger than a plan can be")
    return shown.stdout, f"{path}@{revision}"

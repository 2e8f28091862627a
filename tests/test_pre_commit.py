"""The ``tourctl-validate`` pre-commit hook, run by the real ``pre-commit`` on real commits.

A temporary git repository of plans names this checkout as its hook repository
(``repo:`` a local path, as pre-commit allows), ``pre-commit install`` puts the
hook in place, and ``git commit`` does the rest: pre-commit builds the hook's
environment with pip (tourctl from this checkout, its dependencies from the
package index) in a private cache, then runs ``tourctl validate`` on the staged
plans. Nothing outside the temporary folders is touched: git reads no user or
system configuration, pre-commit uses its own cache folder.

The checkout is copied into a repository of its own first, uncommitted changes
included (as ``pre-commit try-repo`` does), so what is tested is the working
tree, and a commit of it gives the ``rev`` pre-commit asks for.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PLANS, ROOT

pytest.importorskip("pre_commit")

STARTER = (PLANS / "valid" / "starter.yaml").read_text(encoding="utf-8")
BROKEN = STARTER.replace("    venue: first-venue\n", "    venue: first-venu\n")
TYPO_LINE = BROKEN.splitlines().index("    venue: first-venu") + 1
INSTALL_TIMEOUT = 900
"""pip installs tourctl and its dependencies into the hook's environment on first use."""


def git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def hermetic_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))
    }
    return {
        **env,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Organizer",
        "GIT_AUTHOR_EMAIL": "organizer@example.org",
        "GIT_COMMITTER_NAME": "Organizer",
        "GIT_COMMITTER_EMAIL": "organizer@example.org",
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # pip's download cache may be the user's: it holds packages, not configuration.
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        "NO_COLOR": "1",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }


def snapshot_of_checkout(target: Path, env: dict[str, str]) -> str:
    """This checkout's working tree (tracked and new files, not ignored ones) as a repo; its rev."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", env=env)
    git(target, "add", "-A", env=env)
    git(target, "commit", "-q", "-m", "snapshot of the working tree", env=env)
    return git(target, "rev-parse", "HEAD", env=env).strip()


@pytest.fixture(scope="module")
def plans_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of tourctl")
    base = tmp_path_factory.mktemp("pre-commit")
    home = base / "home"
    home.mkdir()
    env = hermetic_env(home)
    hooks = base / "tourctl-hooks"
    hooks.mkdir()
    rev = snapshot_of_checkout(hooks, env)
    repo = base / "plans"
    repo.mkdir()
    git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: tourctl-validate\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    git(repo, "add", ".pre-commit-config.yaml", env=env)
    git(repo, "commit", "-q", "--no-verify", "-m", "pre-commit", env=env)
    return repo, env


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )


def commits(repo: Path, env: dict[str, str]) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD", env=env).strip())


@pytest.mark.timeout(INSTALL_TIMEOUT + 120)
def test_valid_plans_commit_and_broken_ones_are_refused(
    plans_repo: tuple[Path, dict[str, str]],
) -> None:
    repo, env = plans_repo
    (repo / "tours").mkdir()
    (repo / "tours" / "berlin.yaml").write_text(STARTER, encoding="utf-8")
    git(repo, "add", "tours/berlin.yaml", env=env)
    done = commit(repo, env, "Berlin")
    shown = done.stdout + done.stderr  # git commit shows the hook's report on stderr
    assert done.returncode == 0, shown
    assert re.search(r"^tourctl validate\.+Passed$", shown, re.MULTILINE), shown
    assert commits(repo, env) == 2

    # Two broken plans in one commit: refused, with both findings and one summary
    # (one run of tourctl for all of them).
    (repo / "tours" / "berlin.yaml").write_text(BROKEN, encoding="utf-8")
    (repo / "tours" / "prague.yaml").write_text(BROKEN, encoding="utf-8")
    git(repo, "add", "tours", env=env)
    refused = commit(repo, env, "broken")
    shown = refused.stdout + refused.stderr
    assert refused.returncode != 0, shown
    assert re.search(r"^tourctl validate\.+Failed$", shown, re.MULTILINE), shown
    assert "hook id: tourctl-validate" in shown
    for plan in ("tours/berlin.yaml", "tours/prague.yaml"):
        finding = f"{plan}:{TYPO_LINE}:12: error[unknown-venue] no venue has the id 'first-venu'"
        assert finding in shown
    assert shown.count("plans checked") == 1
    assert "2 plans checked: 2 errors, 2 warnings" in shown
    assert commits(repo, env) == 2  # nothing was committed
    git(repo, "reset", "-q", "--hard", env=env)
    git(repo, "clean", "-qfd", env=env)


@pytest.mark.timeout(INSTALL_TIMEOUT + 120)
def test_yaml_that_is_not_a_plan_is_left_alone(plans_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = plans_repo
    (repo / "config").mkdir(exist_ok=True)
    (repo / "config" / "site.yaml").write_text("title: not a plan\n", encoding="utf-8")
    git(repo, "add", "config/site.yaml", env=env)
    before = commits(repo, env)
    done = commit(repo, env, "site settings")
    shown = done.stdout + done.stderr
    assert done.returncode == 0, shown
    assert re.search(r"^tourctl validate\.+\(no files to check\)Skipped$", shown, re.M), shown
    assert commits(repo, env) == before + 1


def test_hook_manifest_is_what_pre_commit_accepts() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "tourctl-validate"
    assert hook["entry"] == "tourctl validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True

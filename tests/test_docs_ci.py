"""docs/ci.md: its configuration files are YAML that says what the page says they do.

The page is copied from by people setting up a repository; a typo in it ends
in a broken pipeline somewhere else. Every ``yaml`` block must parse, and the
complete workflows must wire the commands and secrets as described.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)


def _block(first_line: str) -> dict[Any, Any]:
    (found,) = [b for b in BLOCKS if b.startswith(first_line)]
    loaded: dict[Any, Any] = yaml.safe_load(found)
    return loaded


def test_every_yaml_block_parses() -> None:
    assert len(BLOCKS) >= 5
    for block in BLOCKS:
        # Fragments (a hook's options, one step) are indented as in their file.
        yaml.safe_load(block if not block.startswith(" ") else _dedent(block))


def _dedent(block: str) -> str:
    indent = min(len(line) - len(line.lstrip()) for line in block.splitlines() if line.strip())
    return "\n".join(line[indent:] for line in block.splitlines())


def test_pre_commit_config_names_the_hook() -> None:
    config = _block("# .pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == ["tourctl-validate"]


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_github_workflow_validates_pull_requests_and_publishes_main() -> None:
    workflow = _block("# .github/workflows/tours.yml")
    assert {"pull_request", "push"} <= set(workflow[True])  # YAML 1.1 reads `on:` as true
    validate, publish = workflow["jobs"]["validate"], workflow["jobs"]["publish"]
    assert "tourctl validate tours/*.yaml --format github" in _runs(validate)
    assert publish["needs"] == "validate"
    assert "refs/heads/main" in publish["if"]
    assert "tourctl publish" in _runs(publish)
    keyed = [step for step in publish["steps"] if "TOURCTL_FEED_KEY" in step.get("env", {})]
    assert keyed and keyed[0]["env"]["TOURCTL_FEED_KEY"] == "${{ secrets.TOURCTL_FEED_KEY }}"
    assert "tourctl feeds" not in _runs(publish)  # secret addresses never go to a log


def test_gitlab_pipeline_uploads_the_code_quality_report() -> None:
    pipeline = _block("# .gitlab-ci.yml")
    job = pipeline["tour-plans"]
    (command,) = [line for line in job["script"] if "tourctl validate" in line]
    assert "--format gitlab > gl-code-quality-report.json" in command
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    assert any("tourctl publish" in line for line in pipeline["publish-feeds"]["script"])

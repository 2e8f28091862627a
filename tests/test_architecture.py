"""The shape of the code: no import cycles, one registry of codes, formats from reporters.

These are the seams the features build on; each test says what would have to
change for it to fail, so a shortcut through a seam shows up here first.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tourctl.codes import CODES
from tourctl.report import REGISTRY, formats, reporter

PACKAGE = ROOT / "tourctl"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every tourctl module ``path`` imports at run time, at module level or in a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
        for inner in ast.iter_child_nodes(node):
            visit(inner)

    visit(tree)
    return {module for module in found if module in known and module != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycles_in_the_package() -> None:
    graph = _graph()
    assert graph.get("tourctl.cli"), "the graph reader found nothing"
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_core_modules_do_not_import_outputs_or_the_cli() -> None:
    """load → model → checks → view know nothing of reporters, calendars or the CLI."""
    graph = _graph()
    core = [m for m in graph if m.startswith(("tourctl.load", "tourctl.model", "tourctl.checks"))]
    core += ["tourctl.view.audience", "tourctl.pipeline", "tourctl.timing", "tourctl.findings"]
    for module in core:
        outputs = {m for m in graph[module] if m.startswith(("tourctl.report", "tourctl.export"))}
        assert not outputs and "tourctl.cli" not in graph[module], (module, outputs)


def test_only_the_cli_and_the_streams_touch_the_process_streams() -> None:
    allowed = {"tourctl/cli.py", "tourctl/report/streams.py"}
    for path in PACKAGE.rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"sys\.(stdout|stderr|stdin)\b", text), relative
        assert "print(" not in re.sub(r"\.print\(", "", text), relative


def _documented_codes() -> dict[str, str]:
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \|", text, re.M))


def test_the_code_registry_and_the_docs_list_the_same_codes() -> None:
    documented = _documented_codes()
    registered = {code: severity.value for code, severity in CODES.items()}
    assert documented == registered


@pytest.mark.parametrize("command", sorted(REGISTRY))
def test_each_commands_format_choices_are_its_reporters(command: str) -> None:
    from typer.main import get_command

    from tourctl.cli import app

    click_command = get_command(app).commands[command]  # type: ignore[attr-defined]
    option = next(p for p in click_command.params if p.name == "format")
    choices = {member.value for member in option.type_descriptor.annotation}
    assert choices == set(REGISTRY[command]) == {f.value for f in formats(command)}
    for fmt in REGISTRY[command]:
        chosen = reporter(command, fmt)
        assert callable(chosen.report) and callable(chosen.refused)

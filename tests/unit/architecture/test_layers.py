"""The folders of `sayso` form layers: no folder-level import cycles, and the framework is bare.

Imports are read from the source (every `import`, at module level or deferred inside a function,
except those only for type checkers), so a cycle hidden in a deferred import is caught too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src" / "sayso"
BASE = {"constants", "errors", "config", "registry", "events", "languages", "__init__"}
"""Modules and folders every layer may use."""


def _folder(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "sayso" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                lines.add(getattr(child, "lineno", -1))
    return lines


def folder_imports() -> dict[str, set[str]]:
    """folder -> folders it imports (runtime imports; type-checking-only ones left out)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).parts
        here = relative[0].removesuffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", -1) in skip:
                continue
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names[:1] if isinstance(node, ast.ImportFrom) else names:
                folder = _folder(name)
                if folder is None and isinstance(node, ast.ImportFrom) and node.module == "sayso":
                    folder = _folder(names[1]) if len(names) > 1 else None
                if folder and folder != here:
                    graph[here].add(folder)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in BASE:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_folder_level_import_cycles() -> None:
    assert _cycle(folder_imports()) is None


@pytest.mark.parametrize(
    ("folder", "allowed"),
    [
        ("runtime", {"events", "errors"}),
        ("events", {"constants"}),
        ("audio", {"constants", "errors", "events", "config"}),
        ("asr", {"constants", "errors", "events", "config", "registry", "runtime", "audio"}),
        ("understanding", {"constants", "errors", "events", "config", "runtime", "data"}),
        ("wake", {"constants", "errors", "config", "registry"}),
    ],
)
def test_lower_layers_know_nothing_of_higher_ones(folder: str, allowed: set[str]) -> None:
    # `languages` (one spelling per language code) is a base module like `constants`.
    used = folder_imports()[folder] - {"languages"}
    assert used <= allowed, used - allowed


def test_the_graph_is_read_from_the_source() -> None:
    graph = folder_imports()
    assert "understanding" in graph["app"] and "runtime" in graph["app"]  # the reader works

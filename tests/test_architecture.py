"""The tree shows the flow: each stage imports only the stages before it, and no module imports itself back.

Every import counts, at module level or inside a function (a deferred import hides a cycle, it does not
remove it). Stage order is docs/architecture.md's.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "pipeline"
# What a stage may import: itself, the basics, and the stages listed before it.
ORDER = ("common", "types", "errors", "settings", "run", "excel", "inbox", "reading", "checks", "decide", "template",
         "documents", "outputs", "top")
TOP = ("cli", "cli_parser", "report", "file_check", "history_check", "__init__", "__main__")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "top"
    return "top" if parts[1] in TOP else parts[1]


def imports() -> dict[str, set[str]]:
    """pipeline module -> the pipeline modules it imports (anywhere in its code)."""
    found: dict[str, set[str]] = {}
    modules = {_module(p) for p in ROOT.rglob("*.py")}
    for path in ROOT.rglob("*.py"):
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets.add(node.module)
                targets.update(f"{node.module}.{a.name}" for a in node.names)
        found[_module(path)] = {t for t in targets if t in modules and t != _module(path)}
    return found


def test_stages_import_only_earlier_stages() -> None:
    rank = {stage: i for i, stage in enumerate(ORDER)}
    wrong = sorted(f"{m} -> {t}" for m, ts in imports().items() for t in ts
                   if _stage(m) != "top" and rank[_stage(t)] > rank[_stage(m)])
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_checker_sees_a_deferred_import(tmp_path: Path) -> None:
    code = "def f():\n    from pipeline.report import run_report\n"
    tree = ast.parse(code)
    assert any(isinstance(n, ast.ImportFrom) and n.module == "pipeline.report" for n in ast.walk(tree))

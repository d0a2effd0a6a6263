"""The packages stand in one direction, ontologies <- scrapers <- kg <- web, with no
import loop between the project's modules.

Read from the source with `ast`, so an import inside a function (or under `if
TYPE_CHECKING:`) counts as much as one at the top: hiding an import in a function
keeps the dependency, only later.
`from pkg import mod` depends on pkg/mod.py; `from pkg import name` on pkg/__init__.py.
Importing a submodule also runs its package's __init__, but that is not counted: a
package that gathers its own submodules would otherwise always be a loop.
"""

from __future__ import annotations

import ast
from collections import deque
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).parent.parent
LAYERS = ("ontologies", "scrapers", "kg", "web")  # each may import only itself and those before


def _modules() -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path) -> dict[str, int]:
    """The project modules `module` imports, each with the line of its first import."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        targets = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                while parts and ".".join(parts) not in MODULES:
                    parts.pop()
                if parts:
                    targets.append(".".join(parts))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    targets.append(f"{source}.{alias.name}")
                elif source in MODULES:
                    targets.append(source)
        for target in targets:
            if target != module:
                found.setdefault(target, node.lineno)
    return found


GRAPH = {module: _imported(module, path) for module, path in MODULES.items()}


def _where(module: str, target: str) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{GRAPH[module][target]}"


def test_every_layer_imports_only_itself_and_those_below():
    rank = {package: i for i, package in enumerate(LAYERS)}
    upward = [f"{_where(module, target)}: {module} imports {target}"
              for module, targets in GRAPH.items() for target in targets
              if rank[target.split(".")[0]] > rank[module.split(".")[0]]]
    assert not upward, f"imports against the layers {' <- '.join(LAYERS)}:\n" + "\n".join(upward)


def _cycle_through(start: str) -> list[str] | None:
    """The shortest import path from `start` back to itself, if there is one."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for target in GRAPH[module]:
            if target == start:
                path = [module]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target not in came_from:
                came_from[target] = module
                queue.append(target)
    return None


def test_no_import_cycle():
    cycles, seen = [], set()
    for module in sorted(GRAPH):
        if module in seen:
            continue
        cycle = _cycle_through(module)
        if cycle:
            seen.update(cycle)
            steps = [f"  {a} -> {b} ({_where(a, b)})" for a, b in pairwise(cycle)]
            cycles.append("\n".join(steps))
    assert not cycles, "import cycles:\n" + "\n\n".join(cycles)


def test_the_graph_sees_the_imports_it_should():
    """A parser that found nothing would pass both tests above."""
    assert "kg.store" in GRAPH["kg.ingest"]  # at the top of the module
    assert "ontologies" in GRAPH and "web" in GRAPH  # packages are modules too
    assert "kg.exports" in GRAPH["kg.cli"]  # inside a function: `export` imports it
    assert "web.ratelimit" in GRAPH["web.sparql"]  # `from web import ratelimit`

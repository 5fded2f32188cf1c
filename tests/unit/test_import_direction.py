"""Imports flow one way (docs/architecture.md): timeline_kg <- loaders <- graph_service, all may read queries; inside
graph_service, the operations tools (cli, local_neo4j) sit beside the service, and the service's derivations and
stores sit below its routers. Checked on the source, every import statement, including those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# module prefix -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "queries": ("timeline_kg", "loaders", "graph_service"),
    "timeline_kg": ("loaders", "graph_service"),
    "loaders": ("graph_service",),
    # the local server manager knows nothing of the service or the CLI
    "graph_service.local_neo4j": (
        "graph_service.app",
        "graph_service.routers",
        "graph_service.stores",
        "graph_service.cli",
    ),
    # the service never reaches for its operations tools
    "graph_service.app": ("graph_service.cli", "graph_service.local_neo4j"),
    "graph_service.routers": ("graph_service.cli", "graph_service.local_neo4j", "graph_service.app"),
    "graph_service.deps": ("graph_service.cli", "graph_service.local_neo4j", "graph_service.routers"),
    # stores and the derivations they share sit below the routers
    **{
        f"graph_service.{below}": (
            "graph_service.cli",
            "graph_service.local_neo4j",
            "graph_service.app",
            "graph_service.routers",
            "graph_service.deps",
        )
        for below in (
            "stores",
            "shaping",
            "paging",
            "path_ranking",
            "channel_history",
            "timelinejs",
            "models",
            "errors",
        )
    },
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


PACKAGES = ("queries", "timeline_kg", "loaders", "graph_service")
SOURCES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _violations(module: str, path: Path) -> list[str]:
    rules = [banned for prefix, banned in FORBIDDEN.items() if _within(module, prefix)]
    return [
        f"{path}:{line} imports {name}"
        for line, name in _imports(path)
        for banned in rules
        for target in banned
        if _within(name, target)
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path: Path) -> None:
    wrong = _violations(_module_name(path), path)
    assert not wrong, "\n".join(wrong)


def test_a_wrong_import_is_caught_even_inside_a_function(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f() -> None:\n    from graph_service.stores import base\n")
    assert _violations("loaders.m", source) == [
        f"{source}:2 imports graph_service.stores",
        f"{source}:2 imports graph_service.stores.base",
    ]
    assert _violations("graph_service.routers.m", source) == []
    assert {_module_name(p).split(".")[0] for p in SOURCES} == set(PACKAGES)

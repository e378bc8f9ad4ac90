"""The layers of docs/architecture.md, kept by the imports themselves.

Every import in the package counts: at the top of a module, inside a function
(lazy) and under `if TYPE_CHECKING:`. A module may import its own layer or a
lower one, never a higher one, and the imports form no cycle. The renderers
and the diff are siblings: neither imports the other, so each can change alone.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sopc"

# lowest first; a unit is a module or a package (with everything below it)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("sopc", "sopc.errors", "sopc.findings", "sopc.resources", "sopc.progress",
     "sopc.parallel", "sopc.cache", "sopc.files", "sopc.memory", "sopc.i18n"),
    ("sopc.load",),
    ("sopc.model",),
    ("sopc.sources", "sopc.project"),
    ("sopc.flow", "sopc.change"),
    ("sopc.rules", "sopc.pipeline"),
    ("sopc.results",),
    ("sopc.render", "sopc.diff", "sopc.report", "sopc.output", "sopc.buildstate", "sopc.snapshot",
     "sopc.serve", "sopc.ingest", "sopc.lsp"),
    ("sopc.commands",),
    ("sopc.cli", "sopc.readers", "sopc.__main__"),
)  # fmt: skip
SIBLINGS = (  # units of one layer that never import each other
    ("sopc.render", "sopc.diff"),
    ("sopc.render", "sopc.report"),
    ("sopc.diff", "sopc.report"),
    ("sopc.serve", "sopc.render"),
    ("sopc.serve", "sopc.diff"),
    ("sopc.serve", "sopc.report"),
    *(("sopc.ingest", unit) for unit in ("sopc.render", "sopc.diff", "sopc.report", "sopc.serve")),
    *(("sopc.lsp", unit) for unit in ("sopc.diff", "sopc.report", "sopc.serve", "sopc.ingest")),
)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def unit_of(module: str) -> str:
    """The longest unit of LAYERS that holds `module` (`sopc` holds only itself)."""
    units = [u for layer in LAYERS for u in layer]
    holders = [u for u in units if module == u or (u != "sopc" and module.startswith(u + "."))]
    if not holders:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")
    return max(holders, key=len)


def layer_of(module: str) -> int:
    unit = unit_of(module)
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def imports_of(module: str) -> set[str]:
    """Every sopc module that `module` imports, wherever the import stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # `from sopc.rules import change` imports the module sopc.rules.change
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_the_walk_sees_the_package() -> None:
    assert len(MODULES) > 60
    assert "sopc.commands.build" in GRAPH["sopc.cli"]  # imported inside the command
    assert "sopc.rules.change" in GRAPH["sopc.rules"]  # `from sopc.rules import change`


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_import(module: str) -> None:
    upward = sorted(m for m in GRAPH[module] if layer_of(m) > layer_of(module))
    assert not upward, f"{module} (layer {layer_of(module)}) imports a higher layer: {upward}"


def test_siblings_stay_apart() -> None:
    crossing = [
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        for pair in SIBLINGS
        if {unit_of(module), unit_of(target)} == set(pair)
    ]
    assert crossing == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: any with two modules is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert cycles(GRAPH) == []


def test_a_cycle_would_be_seen() -> None:
    """The guard guarded: a cycle through three modules is found, and the walk reads
    imports inside functions and under TYPE_CHECKING."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    source = PACKAGE / "render" / "charts.py"
    assert "from sopc.render.graphviz import" in source.read_text(encoding="utf-8")
    assert "sopc.render.graphviz" in GRAPH["sopc.render.charts"]  # inside a function
    registry = (PACKAGE / "rules" / "registry.py").read_text(encoding="utf-8")
    assert "if TYPE_CHECKING:\n    from sopc.rules.context import SopContext" in registry
    assert "sopc.rules.context" in GRAPH["sopc.rules.registry"]  # for its types only


def test_the_architecture_page_lists_the_layers() -> None:
    """docs/architecture.md's table names each unit in its own layer's row."""
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if re.match(r"^\| \d+ ", line)]
    assert len(rows) == len(LAYERS)
    for number, (row, layer) in enumerate(zip(rows, LAYERS, strict=True)):
        assert row.startswith(f"| {number} "), row
        for unit in layer:
            name = "sopc" if unit == "sopc" else unit.removeprefix("sopc.")
            shown = f"`{name}/`" if (PACKAGE / name).is_dir() else f"`{name}`"
            assert shown in row, f"{unit} is not in layer {number} of docs/architecture.md"


def third_party_imports(path: Path) -> set[str]:
    """The top-level packages a module imports, wherever the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_language_server_imports_pygls() -> None:
    """pygls and lsprotocol take half a second to import: the server's two modules
    alone may, so `sopc --help` and every other command never pay for them."""
    users = {
        name
        for name, path in MODULES.items()
        if third_party_imports(path) & {"pygls", "lsprotocol"}
    }
    assert users == {"sopc.lsp.server", "sopc.lsp.handlers"}

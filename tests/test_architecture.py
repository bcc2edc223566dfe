"""The package's architecture, guarded: every import points down the layers, no module imports
itself round a cycle, and the top level stays small. docs/development.md draws the same layers.

The graph is built from the source (module-level and function-level imports, `from x import y`
where y is a module counted as an import of x.y); imports under `if TYPE_CHECKING:` are left out
for cycles (they never run) but kept for layers (a type is a dependency too). The registry loads
the built-in plugins by name (plugins.registry.BUILTIN_PLUGINS), as it loads anyone's: that is
the hook mechanism, not an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "report_tool"

#: Bottom to top: a module imports from its own layer and the layers below. A module's layer is
#: that of the longest name listed that it is, or lies inside.
LAYERS: tuple[tuple[str, ...], ...] = (
    # the vocabulary every layer speaks, importing nothing above it: errors, writing files safely,
    # the hook markers, issues and their catalogue, the Convention's dates, names of states, cell
    # references and dates typed as text
    (
        "report_tool.__init__",
        "report_tool.errors",
        "report_tool.output",
        "report_tool.plugins.hookspecs",
        "report_tool.validation.issues",
        "report_tool.validation.catalogue",
        "report_tool.domain.treaty_dates",
        "report_tool.domain.names",
        "report_tool.workbook.cell_references",
        "report_tool.workbook.text_dates",
    ),
    # reading and typing cells, the schema, the blank workbook; the registry that merges sheets
    ("report_tool.workbook", "report_tool.plugins"),
    # the checks and the validation pipeline; treaty dates, status, the model, names
    ("report_tool.validation", "report_tool.domain"),
    # what is made from a validated workbook: the reports, the comparison, the annotated copy
    ("report_tool.report", "report_tool.diff", "report_tool.xlsxedit"),
    # the entry points
    ("report_tool.cli", "report_tool.api", "report_tool.desktop", "report_tool.__main__"),
)
MAX_TOP_LEVEL_MODULES = 12


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package's __init__ as report_tool.x.__init__)."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts)] = path
    return names


def _package_of(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported name is: itself, its package's __init__, or the module it lies in."""
    while name:
        for candidate in (name, f"{name}.__init__"):
            if candidate in modules:
                return candidate
        name = name.rpartition(".")[0]
    return None


def imports(modules: dict[str, Path]) -> dict[str, dict[str, bool]]:
    """module -> {imported module: whether the import runs (is not under TYPE_CHECKING)}."""
    graph: dict[str, dict[str, bool]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        typing_only = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
            for statement in block.body
            for node in ast.walk(statement)
        }
        found: dict[str, bool] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = _package_of(name).split(".")
                    base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
                wanted = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for imported in wanted:
                target = _target(imported, modules) if imported.startswith("report_tool") else None
                if target is not None and target != name:
                    found[target] = found.get(target, False) or id(node) not in typing_only
        graph[name] = found
    return graph


def layer_of(name: str) -> int:
    best, layer = "", -1
    for index, names in enumerate(LAYERS):
        for prefix in names:
            inside = name == prefix or (name.startswith(prefix + ".") and not prefix.endswith("__init__"))
            if inside and len(prefix) > len(best):
                best, layer = prefix, index
    return layer


def cycles(graph: dict[str, dict[str, bool]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), among imports that run."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target, runs in graph.get(node, {}).items():
            if not runs:
                continue
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """The guard itself: a function-level import, an import of a module by name and a relative one."""
    package = tmp_path / "report_tool"
    (package / "a").mkdir(parents=True)
    sources = {
        "__init__.py": "",
        "a/__init__.py": "",
        "a/one.py": "def f():\n    from report_tool.a import two\n",
        "a/two.py": "from . import three\n",
        "a/three.py": "import report_tool.a.one\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from report_tool.a import one\n",
    }
    for name, text in sources.items():
        (package / name).write_text(text)
    modules = {
        ".".join(path.relative_to(tmp_path).with_suffix("").parts): path for path in package.rglob("*.py")
    }
    graph = imports(modules)
    assert cycles(graph) == [["report_tool.a.one", "report_tool.a.three", "report_tool.a.two"]]
    assert graph["report_tool.b"] == {"report_tool.a.one": False}


def test_no_import_cycles():
    assert cycles(imports(module_names())) == []


def test_every_module_has_a_layer():
    assert [name for name in module_names() if layer_of(name) < 0] == []


def test_imports_point_down_the_layers():
    graph = imports(module_names())
    upward = [
        f"{name} ({layer_of(name)}) imports {target} ({layer_of(target)})"
        for name, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_the_top_level_stays_small():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top

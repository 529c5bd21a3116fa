"""The import contract of src/marsad: no import cycle, and packages import only the layers below.

Every `import` and `from … import` of every module counts, at module level and inside
functions (an import inside a function hides a dependency; it does not remove it), including
those under `if TYPE_CHECKING:`.

The layers, lowest first (a package may import only what ALLOWED lists for it, all of it
lower down):

    util, schema, marsad, web               shared helpers, record types, the version, static files
    text                                    normalisation
    knowledge                               word lists, the clitic inventory, actors
    geo, inputs                             places, distance; reading input files
    extract                                 the engine: article → events
    store, evaluation                       the database; scoring the engine on gold data
    fusion                                  de-duplication and incidents, over the store
    service                                 extract → store → fuse, in one place
    api, scale, feeds                       HTTP, bulk/cluster ingest, live feeds
    cli                                     the commands, over everything
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "marsad"

# The honest edges of today's code (plus `util`, which any layer may use). A new edge is a
# design decision: add it here, in the layer order, or move the code.
LOW = {"util", "schema", ROOT}
ALLOWED: dict[str, set[str]] = {
    "util": set(),
    "schema": set(),
    ROOT: set(),
    "web": set(),  # the dashboard's static files, served by the API
    "text": {"util"},
    "knowledge": {"text", "util", "schema"},
    # The clitic inventory (knowledge/morphology.py): the article in place keys, in decoding checks.
    "inputs": {"knowledge", "text", "util"},
    "geo": {"knowledge", "text", "util"},
    "extract": {"text", "knowledge", "geo", *LOW},
    "store": {"text", *LOW},  # never extract, never fusion
    "evaluation": {"extract", "inputs", "text", "knowledge", "geo", *LOW},
    "fusion": {"store", "text", "knowledge", "geo", *LOW},
    "service": {"fusion", "store", "extract", "inputs", *LOW},
    # geo: the reviewer's place picker and the map's labels read the gazetteer (api/places.py).
    "api": {"service", "fusion", "store", "inputs", "geo", "text", *LOW},
    "scale": {"service", "fusion", "store", "extract", "inputs", "text", *LOW},
    "feeds": {"service", "fusion", "store", "inputs", "text", *LOW},
    # The composition root: the commands may use any layer.
    "cli": {
        "api",
        "scale",
        "feeds",
        "service",
        "fusion",
        "store",
        "evaluation",
        "extract",
        "knowledge",
        "geo",
        "inputs",
        "text",
        *LOW,
    },
}
TIERS: list[set[str]] = [
    {"util", "schema", ROOT, "web"},
    {"text"},
    {"knowledge"},
    {"geo", "inputs"},
    {"extract"},
    {"store", "evaluation"},
    {"fusion"},
    {"service"},
    {"api", "scale", "feeds"},
    {"cli"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / ROOT).rglob("*.py"))}


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module name imported anywhere in `tree` (absolute; relative imports resolved),
    with `from X import y` also giving X.y (a submodule, when it is one)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


Source = tuple[str, bool]  # (the module's text, whether it is a package's __init__)


def module_graph(sources: dict[str, Source]) -> dict[str, set[str]]:
    """module -> the marsad modules it imports."""
    known = set(sources)
    return {
        module: {
            name
            for name in imported_names(ast.parse(text), module, is_package)
            if name in known and name != module
        }
        for module, (text, is_package) in sources.items()
    }


def read_sources() -> dict[str, Source]:
    return {m: (p.read_text(encoding="utf-8"), p.name == "__init__.py") for m, p in all_modules().items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def package_edges(graph: dict[str, set[str]]) -> dict[tuple[str, str], list[str]]:
    """(package, imported package) -> the module imports that make the edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for module, targets in graph.items():
        for target in targets:
            a, b = package_of(module), package_of(target)
            if a != b:
                edges.setdefault((a, b), []).append(f"{module} -> {target}")
    return edges


def violations(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{a} may not import {b}: {', '.join(sorted(why))}"
        for (a, b), why in sorted(package_edges(graph).items())
        if b not in ALLOWED.get(a, set())
    ]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return module_graph(read_sources())


def test_every_package_has_a_place_in_the_contract(graph: dict[str, set[str]]) -> None:
    packages = {package_of(m) for m in graph}
    assert packages <= set(ALLOWED), f"packages without a layer: {sorted(packages - set(ALLOWED))}"
    assert set(ALLOWED) == set().union(*TIERS)


def test_the_contract_only_points_down() -> None:
    tier = {p: i for i, names in enumerate(TIERS) for p in names}
    upward = [(a, b) for a, targets in ALLOWED.items() for b in targets if tier[b] >= tier[a]]
    assert not upward, f"allowed edges that do not go to a lower layer: {upward}"


def test_no_import_cycle_between_modules(graph: dict[str, set[str]]) -> None:
    assert cycles(graph) == []


def test_no_import_cycle_between_packages(graph: dict[str, set[str]]) -> None:
    packages: dict[str, set[str]] = {}
    for a, b in package_edges(graph):
        packages.setdefault(a, set()).add(b)
    assert cycles(packages) == []


def test_packages_import_only_the_layers_below(graph: dict[str, set[str]]) -> None:
    assert violations(graph) == []


def test_the_store_knows_neither_the_engine_nor_fusion(graph: dict[str, set[str]]) -> None:
    imported = {t for m, targets in graph.items() if package_of(m) == "store" for t in targets}
    assert not {t for t in imported if package_of(t) in {"extract", "fusion", "service"}}


def test_the_checker_sees_an_import_hidden_in_a_function() -> None:
    """The contract can fail: a store module that imports fusion inside a function breaks it."""
    sources = read_sources()
    sources["marsad.store.sneaky"] = (
        "def f():\n    from marsad.fusion import fuse\n    return fuse\n",
        False,
    )
    broken = module_graph(sources)
    assert any(v.startswith("store may not import fusion") for v in violations(broken))
    assert not any("marsad.store.sneaky" in c for c in cycles(broken))  # an upward edge, no cycle yet
    text, _ = sources["marsad.fusion.passes"]
    sources["marsad.fusion.passes"] = (text + "\nfrom marsad.store.sneaky import f\n", False)
    assert any("marsad.store.sneaky" in c for c in cycles(module_graph(sources)))

"""The shape of the code: the import graph between apps, and who may use whose names.

Built from the source with ``ast`` (nothing is imported), over ``commonground/`` without tests
and migrations. Imports under ``if TYPE_CHECKING:`` count too: a type is a dependency.

- No cycle between apps: each app may use the ones below it, never the other way round.
  The foundation (``FOUNDATION``) counts as one layer; see its comment.
- ``lib`` is below every app: it imports none of them.
- No module uses another module's private (underscore) names: what is shared gets a public
  name (``from x import _helper`` and ``x._helper`` both fail here).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "commonground"


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _package(path: Path) -> list[str]:
    return ["commonground", *path.relative_to(ROOT).parent.parts]


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module an ``import from`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = _package(path)[: len(_package(path)) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "commonground" else None


def _app_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else "(project)"


def _imports(path: Path, tree: ast.Module) -> Iterator[tuple[str, list[str]]]:
    """(module, names imported from it) for every import of our own code in a file."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            if module.startswith("commonground"):
                yield module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("commonground"):
                    yield alias.name, []


def _app_graph() -> dict[str, dict[str, set[str]]]:
    """app -> app it imports -> the files that do."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path, tree in _sources():
        source = _app_of(path)
        for module, names in _imports(path, tree):
            targets = {_app(module)}
            if module == "commonground":
                targets = set(names)
            for target in targets - {None, source}:
                assert target is not None
                graph[source][target].add(str(path.relative_to(ROOT.parent)))
    return graph


def _cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


# The foundation: users belong to regions and branches cover councils (accounts → register),
# the register's pages check users and write audit rows (register → accounts, audit), audit
# rows name users (audit → accounts), and jobs belong to users and run the register's
# imports. They are one layer: none of them imports any app above it (tested below).
# ``imports`` is the import framework (runs, locks, progress, rejected rows) that the
# register's, places' and people's importers run on: machinery, so part of the foundation.
FOUNDATION = frozenset({"accounts", "audit", "imports", "jobs", "register"})


def _layered(graph: dict[str, dict[str, set[str]]]) -> dict[str, dict[str, set[str]]]:
    """The graph with the foundation as one node."""

    def node(app: str) -> str:
        return "foundation" if app in FOUNDATION else app

    layered: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source, targets in graph.items():
        for target, files in targets.items():
            if node(source) != node(target):
                layered[node(source)][node(target)] |= files
    return layered


def test_the_foundation_imports_no_app_above_it():
    graph = _app_graph()
    above = {
        f"{app} -> {target}: {sorted(files)[:3]}"
        for app in FOUNDATION
        for target, files in graph.get(app, {}).items()
        if target not in FOUNDATION | {"lib"}
    }
    assert above == set()


def test_no_import_cycle_between_apps():
    graph = _layered(_app_graph())
    cycles = _cycles(graph)
    detail = [
        f"{a} -> {b}: {sorted(graph[a][b])[:3]}"
        for group in cycles
        for a in group
        for b in graph[a]
        if b in group
    ]
    assert cycles == [], "\n".join(detail)


def test_lib_imports_no_app():
    graph = _app_graph()
    assert {app: sorted(files) for app, files in graph.get("lib", {}).items()} == {}


def test_no_module_uses_another_modules_private_names():
    found = []
    for path, tree in _sources():
        where = str(path.relative_to(ROOT.parent))
        modules: set[str] = set()
        for module, names in _imports(path, tree):
            for name in names:
                if name.startswith("_") and not name.startswith("__"):
                    found.append(f"{where}: from {module} import {name}")
                else:
                    modules.add(name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr != "_meta"  # Django's public model options
            ):
                found.append(f"{where}: {node.value.id}.{node.attr}")
    assert found == []


# Every module's name for its own kind of thing: Django's command and migration classes are
# named by Django (one per file, found by the file's path), so they repeat by design.
REPEATED_BY_DJANGO = frozenset({"Command", "Migration"})


def _top_level_classes() -> dict[str, list[str]]:
    """Class name → the files (tests included, migrations not) that define it at top level."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.relative_to(ROOT).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name not in REPEATED_BY_DJANGO:
                where[node.name].append(str(path.relative_to(ROOT.parent)))
    return where


def test_no_two_top_level_classes_share_a_name():
    """``Row``, ``Target``, ``Entry``: one name, one thing, so a reader (and grep) never has to
    ask which one. Nested classes (``Meta``, ``Config``) do not count; test modules do."""
    shared = {name: files for name, files in _top_level_classes().items() if len(files) > 1}
    assert shared == {}


def test_the_class_name_check_sees_classes_in_every_app():
    found = _top_level_classes()
    assert found["Entry"] and found["Person"] and found["Charter"]
    assert "Meta" not in found and "Command" not in found


def test_a_next_address_is_checked_in_one_place():
    """Redirects to a page's ``next`` go through ``lib.redirects.safe_next``: a view that
    checks (or forgets to check) the address itself could follow one off the site."""
    others = [
        str(path.relative_to(ROOT))
        for path, tree in _sources()
        if path.relative_to(ROOT).as_posix() != "lib/redirects.py"
        for node in ast.walk(tree)
        if (isinstance(node, ast.Name) and node.id == "url_has_allowed_host_and_scheme")
        or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == "next"
        )
    ]
    assert others == []

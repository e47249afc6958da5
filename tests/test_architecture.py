"""The core, the report builders and the command line never import Qt; imports point down the
layers and form no cycle."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str) -> list[str]:
    path = ROOT / package
    names = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        if ".migrations." in info.name or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_core_and_reports_import_without_qt():
    modules = _modules("gridapp") + _modules("reports") + _modules("cli")
    assert "gridapp.services.stats" in modules and "gridapp.demo.build" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(','.join(qt))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"


def test_no_qt_import_statement_in_core_sources():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)", re.M)
    offenders = [str(p.relative_to(ROOT)) for package in ("gridapp", "reports", "cli")
                 for p in (ROOT / package).rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# --- import direction and cycles -------------------------------------------------------------
#
# Layers, lowest first; a module imports its own layer or lower ones, never higher (imports
# inside functions count). The table models are declarations built on the store's
# ``SyncModel``: they sit above the store, which writes only the tables below it (local
# state, outbox, field versions, conflicts, peers, accounts, the audit trail).
LAYERS = (
    ("primitives", ("gridapp=", "gridapp.clock", "gridapp.errors", "gridapp.engines", "gridapp.files",
                    "gridapp.idnumber", "gridapp.jsonfile", "gridapp.keyring", "gridapp.memo", "gridapp.paths",
                    "gridapp.pinyin", "gridapp.plaintext", "gridapp.categories", "gridapp.vocab", "gridapp.cardlife",
                    "gridapp.sortkeys", "gridapp.queryrows",
                    "gridapp.models.base", "gridapp.models.sync", "gridapp.models.accounts", "gridapp.models.audit",
                    "gridapp.sync=", "gridapp.sync.crypto", "gridapp.sync.package", "gridapp.sync.faults")),
    ("store", ("gridapp.store", "gridapp.privacy")),
    ("models", ("gridapp.models",)),
    ("services", ("gridapp.services", "gridapp.sync", "gridapp.db", "gridapp.settings", "gridapp.demo",
                  "gridapp.migrations")),
    ("reports", ("reports",)),
    ("front ends", ("forms", "cli", "gridapp.__main__")),
)
# (a name ending in "=" is that module alone, not the modules inside it)
# ``python -m gridapp`` starts the command line: the one module of the core that may import
# a front end (it is the program's entry point, imported by nothing).
ENTRY_POINTS = {"gridapp.__main__": {"cli"}}


def _module_files() -> dict[str, Path]:
    found = {}
    for package in ("gridapp", "forms", "reports", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _import_graph() -> dict[str, set[str]]:
    """{module: the gridapp/forms/reports/cli modules it imports}, from the sources, with the
    imports inside functions."""
    import ast

    files = _module_files()
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets.add(base)
                targets.update(f"{base}.{a.name}" for a in node.names)
        resolved = set()
        for target in targets:
            while target and target not in files:
                target = target.rpartition(".")[0]
            if target and target != name:
                resolved.add(target)
        graph[name] = resolved
    return graph


def _layer(module: str) -> int:
    best, rank = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact = prefix.endswith("=")
            prefix = prefix.rstrip("=")
            if (module == prefix or not exact and module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    return rank


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_module_has_a_layer():
    assert [m for m in _import_graph() if _layer(m) is None] == []


def test_imports_point_down_the_layers():
    """front ends → reports → services → models → store → primitives: the store never asks a
    service, a service never a report or a form."""
    graph = _import_graph()
    upward = sorted(f"{m} ({LAYERS[_layer(m)][0]}) imports {t} ({LAYERS[_layer(t)][0]})"
                    for m, targets in graph.items() for t in targets
                    if _layer(t) > _layer(m) and not any(t == e or t.startswith(e + ".")
                                                         for e in ENTRY_POINTS.get(m, ())))
    assert upward == []


def test_the_store_is_what_every_write_goes_through():
    graph = _import_graph()
    assert "gridapp.store.journal" in graph["gridapp.store.synced"]
    assert {"gridapp.store.audit", "gridapp.store.outbox"} <= graph["gridapp.store.journal"]
    tables = [m for m in graph if m.startswith("gridapp.models.") and _layer(m) == 2]
    assert tables and all("gridapp.store.synced" in graph[m] for m in tables)


def test_no_import_cycles():
    assert _cycles(_import_graph()) == []


def test_cycle_finder_sees_a_cycle_through_a_function_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_audit_entries_are_written_by_the_services():
    """Exports, prints, restores and syncs record their audit entry in the service that both
    front ends call, so the GUI and the command line cannot differ: only the services, the
    sync layer and the store itself import the audit-trail writer."""
    graph = _import_graph()
    writers = sorted(m for m, targets in graph.items() if "gridapp.store.audit" in targets
                     and not m.startswith(("gridapp.services.", "gridapp.sync.", "gridapp.store.")))
    assert writers == []


def test_one_cancelled():
    """A task the user stopped is ``gridapp.errors.Cancelled`` wherever it is raised."""
    pattern = re.compile(r"^class Cancelled\b", re.M)
    found = [str(p.relative_to(ROOT)) for package in ("gridapp", "forms", "reports", "cli") if (ROOT / package).exists()
             for p in (ROOT / package).rglob("*.py") for _ in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert found == ["gridapp/errors.py"]

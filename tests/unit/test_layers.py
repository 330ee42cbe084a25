"""The package's layers import one way, and no module imports itself round a cycle.

Read from the source with ``ast`` (nothing is imported), so a new import that breaks
the layering fails here with the offending file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "oit"

# Each layer may import itself and the layers listed for it; nothing else of ours.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "checker": {"core"},
    "pages": {"core"},
    "search": {"core"},
    "officer": {"core", "pages"},
    "build": {"core", "checker", "pages", "search"},
    # publishing sends a built site to its host and freezes it (oit publish, oit snapshot)
    "publishing": {"core", "checker", "pages", "officer", "build"},
    # the officer's paperwork made from the site's data (oit report, oit import procurement)
    "paperwork": {"core", "checker", "pages", "search", "officer"},
    # the officer's local web console (oit console): an adapter like cli, over the same layers
    "console": {"core", "checker", "pages", "search", "officer", "build", "publishing", "paperwork"},
    "cli": {"core", "checker", "pages", "search", "officer", "build", "publishing", "paperwork", "console"},
}
MAX_TOP_LEVEL_MODULES = 12


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every ``oit``/``site_checks`` module named by an import in ``path`` (lazy ones too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            # ``from oit.pages import citizen`` names a module too
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] in {"oit", "site_checks"}]


def _modules() -> dict[str, Path]:
    paths = [*PACKAGE.rglob("*.py"), *(ROOT / "site_checks").rglob("*.py")]
    return {_module_name(path): path for path in paths}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "oit" and len(parts) > 1 and parts[1] in ALLOWED else None


def test_layers_import_one_way() -> None:
    modules = _modules()
    offenders = []
    for name, path in sorted(modules.items()):
        layer = _layer(name)
        if layer is None:
            continue
        for target, line in _imports(path):
            other = _layer(target)
            if target in modules and other is None and target not in {"oit"}:
                offenders.append(f"{path.relative_to(ROOT)}:{line} {layer} imports {target}, outside the layers")
            elif other is not None and other != layer and other not in ALLOWED[layer]:
                offenders.append(f"{path.relative_to(ROOT)}:{line} {layer} imports {target} ({other})")
    assert offenders == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: sorted({t for t, _ in _imports(path) if t in modules and t != name})
             for name, path in modules.items()}
    # Tarjan's strongly connected components: any component of more than one module is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_few_modules_directly_in_the_package() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_hooks_stay_thin() -> None:
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in (ROOT / "hooks").glob("*.py"))
    assert lines <= 150, f"hooks/ has {lines} lines; move logic into oit/ where `oit generate` shares it"


def test_core_imports_no_mkdocs_anywhere_in_the_domain() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names if n.split(".")[0] in {"mkdocs", "material"}]
    assert offenders == []

"""The house: every module imports only its own room and the floors below; no import circles.

The rooms, from the ground up (docs/architecture.md draws them). A module may import modules of
its own room, of rooms on its own floor listed before it, and of lower floors — at module level
or inside a function alike. ``compliance/__init__.py`` (the lazy public facade) and
``__main__`` stand outside the house.
"""

from __future__ import annotations

import ast
from pathlib import Path

import compliance

PACKAGE = Path(compliance.__file__).resolve().parent

#: Floors, each a list of rooms in the order they may depend on each other.
FLOORS: list[list[str]] = [
    ["errors", "enums", "lazy", "files", "i18n", "questions", "models"],  # 1: shapes, errors, files, wording
    ["ruleset", "answers", "examples"],  # 2: what the law asks; what the vendor said
    ["checking", "timeline"],  # 3: findings and verdicts; dated things at a glance
    ["documents", "packs"],  # 4: files for people and for audit
    ["service", "cli"],  # 5: front doors (the CLI starts the service)
]
RANK = {room: (floor, pos) for floor, rooms in enumerate(FLOORS) for pos, room in enumerate(rooms)}
OUTSIDE = {"compliance", "compliance.__main__"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The compliance modules ``path`` imports (resolved to absolute names)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("compliance"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("compliance"))
        elif top_level_only and isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks do not run
            continue
    return {m for m in found if m != name}


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def test_every_room_is_on_a_floor():
    rooms = {_room(m) for m in MODULES if m not in OUTSIDE}
    assert rooms <= set(RANK), f"rooms without a floor (add them to FLOORS and docs/architecture.md): {rooms - set(RANK)}"


def test_no_module_imports_upwards():
    upward = []
    for module, path in MODULES.items():
        if module in OUTSIDE:
            continue
        mine = RANK[_room(module)]
        for target in _imports(path, top_level_only=False):
            if target in OUTSIDE or _room(target) is None:
                continue
            theirs = RANK[_room(target)]
            if theirs > mine:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports from a higher floor or a later room:\n" + "\n".join(sorted(upward))


def test_no_import_circles():
    graph = {m: {t for t in _imports(p, top_level_only=True) if t in MODULES} for m, p in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
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
            # a package and the submodules its __init__ re-exports are one unit, not a circle
            if len(component) > 1 and not _package_and_children(component):
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, f"import circles: {cycles}"


def _package_and_children(component: list[str]) -> bool:
    packages = [m for m in component if MODULES[m].name == "__init__.py"]
    return len(packages) == 1 and all(m == packages[0] or m.startswith(packages[0] + ".") for m in component)


def test_the_check_itself_sees_imports():
    """The scanner finds relative, absolute and function-level imports (so it can fail)."""
    found = _imports(PACKAGE / "cli" / "rules_cmd.py", top_level_only=False)
    assert "compliance.cli.common" in found and "compliance.enums" in found  # relative, top level
    assert "compliance.errors" in found  # relative, inside a function
    assert "compliance.cli.coercion" in _imports(PACKAGE / "cli" / "main.py", top_level_only=True)
    lazy = _imports(PACKAGE / "checking" / "batch.py", top_level_only=False)
    assert "compliance.answers.vendors" in lazy  # imported inside a function

"""The package's imports flow one way: scenario -> plan -> check / model -> consumers -> cli.

Every import counts, also those inside functions and under ``if TYPE_CHECKING:``, and importing
a submodule counts as importing its parent packages too (Python runs their ``__init__``). The
graph is read from the source with :mod:`ast`, so a cycle is found before it bites at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "planner"

# Which part of the package may import which (a part: a sub-package or a top-level module).
# Nothing in the library imports ``cli``; ``cli`` (and ``python -m planner``) may import all.
ALLOWED: dict[str, set[str]] = {
    # planner/__init__.py: the public API, each name imported lazily from its home (and for
    # type checkers only, from ``api`` and the modules of the types it names).
    "planner": {
        "api",
        "scenario",
        "plan",
        "check",
        "isolated",
        "fit",
        "book",
        "advise",
        "rollover",
        "export",
        "archive",
    },
    "exitcodes": set(),
    "scenario": set(),
    "plan": {"scenario"},
    "check": {"scenario", "plan"},
    "model": {"scenario", "plan"},
    "solving": {"scenario", "plan", "check", "model"},
    # The one solve of every caller (``planner.isolated.solve``), here or in a child process:
    # nothing above it imports ``solving``, so no caller can skip it.
    "isolated": {"scenario", "plan", "model", "solving"},
    # Generated pins are checked so that they are valid by construction.
    "generate": {"scenario", "plan", "check"},
    "archive": {"scenario", "plan"},
    "export": {"scenario", "plan", "check"},
    "whatif": {"scenario", "plan", "check", "model", "isolated"},
    "nightly": {
        "exitcodes",
        "scenario",
        "plan",
        "check",
        "model",
        "isolated",
        "archive",
        "export",
    },
    "rollover": {"scenario", "plan"},
    "fit": {"scenario", "plan", "check", "model", "nightly"},
    "advise": {"scenario", "plan", "check", "model", "isolated", "whatif", "fit"},
    # The front desk's booking: a fit, written into the scenario, archived and published.
    "book": {
        "exitcodes",
        "scenario",
        "plan",
        "check",
        "model",
        "archive",
        "export",
        "nightly",
        "fit",
    },
    # The public API's functions: the one door into everything below (never ``cli``).
    "api": {
        "exitcodes",
        "scenario",
        "plan",
        "check",
        "model",
        "isolated",
        "generate",
        "archive",
        "export",
        "whatif",
        "nightly",
        "rollover",
        "fit",
        "advise",
        "book",
    },
    # Accounts and the audit trail of the web app, kept in the archive's database.
    "accounts": {"archive"},
    # A spa kept loaded for a long-running front end: reads and writes as the commands do.
    "live": {
        "exitcodes",
        "scenario",
        "plan",
        "check",
        "model",
        "isolated",
        "archive",
        "export",
        "nightly",
        "fit",
        "book",
        "advise",
        "rollover",
        "whatif",
        "api",
    },
}
LIBRARY = set(ALLOWED)
# The web front end (``planner serve``) stands on the library, like ``cli``, and imports no
# command-line module; ``cli`` may start it.
ALLOWED["web"] = {"planner", *LIBRARY} - {"solving"}
ALLOWED["cli"] = {"planner", "web", *LIBRARY} - {"solving"}
ALLOWED["__main__"] = {"cli"}

# Known exceptions, each named with why; an entry must go as soon as the code no longer needs it
# (the test fails on a stale entry). There are none today.
KNOWN_MODEL_EDGES: dict[tuple[str, str], str] = {}
KNOWN_MODEL_PRIVATE_IMPORTS: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Import:
    """One import statement's target, as found in the source of ``module``."""

    module: str
    target: str
    names: tuple[str, ...]
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def part_of(module: str) -> str:
    """The sub-package or top-level module ``module`` belongs to (``planner`` for the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "planner"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(module: str) -> Iterator[Import]:
    """Every import of a ``planner`` module in ``module``'s source, wherever it stands."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "planner":
                    yield Import(module, alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            if source.split(".")[0] != "planner":
                continue
            names = tuple(alias.name for alias in node.names)
            submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in MODULES]
            yield Import(module, source, names, node.lineno)
            for sub in submodules:
                yield Import(module, sub, (), node.lineno)


def _with_parents(target: str) -> list[str]:
    """``target`` and the packages Python initialises to import it (the root excluded)."""
    parts = target.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts) + 1)]


def edges() -> dict[str, set[str]]:
    """Module -> the planner modules it makes Python import (its own packages excluded)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for module in MODULES:
        own = set(_with_parents(module))
        for found in imports_of(module):
            for target in _with_parents(found.target):
                if target in MODULES and target not in own:
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_part_of_the_package_has_a_place_in_the_layers() -> None:
    assert {part_of(m) for m in MODULES} == set(ALLOWED)


def test_imports_only_reach_down_the_layers() -> None:
    wrong = []
    for module, targets in edges().items():
        for target in sorted(targets):
            if (module, target) in KNOWN_MODEL_EDGES:
                continue
            source, goal = part_of(module), part_of(target)
            if source != goal and goal not in ALLOWED[source]:
                wrong.append(f"{module} imports {target} ({source} may not import {goal})")
    assert wrong == []


def test_the_library_never_imports_the_command_line() -> None:
    offenders = [
        f"{module} imports {target}"
        for module, targets in edges().items()
        for target in targets
        if part_of(target) == "cli" and part_of(module) not in ("cli", "__main__")
    ]
    assert offenders == []


def test_no_import_cycles_between_modules() -> None:
    graph = edges()
    for module, target in KNOWN_MODEL_EDGES:
        graph[module].discard(target)
    assert cycles(graph) == []


def test_no_private_name_is_imported_from_another_module() -> None:
    private = {
        (found.module, found.target, name): found.line
        for module in MODULES
        for found in imports_of(module)
        for name in found.names
        if name.startswith("_") and not name.startswith("__")
    }
    unknown = sorted(
        f"{m}:{line} imports {name} from {t}"
        for (m, t, name), line in private.items()
        if (m, t, name) not in KNOWN_MODEL_PRIVATE_IMPORTS
    )
    assert unknown == []


def test_the_known_model_exceptions_are_still_needed() -> None:
    # Remove an entry from the lists above as soon as the model no longer needs it.
    graph = edges()
    stale = [edge for edge in KNOWN_MODEL_EDGES if edge[1] not in graph[edge[0]]]
    found = {(f.module, f.target, name) for m in MODULES for f in imports_of(m) for name in f.names}
    stale += [entry for entry in KNOWN_MODEL_PRIVATE_IMPORTS if entry not in found]
    assert stale == []


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    # The reader itself: lazy imports must count, or a cycle could hide in a function.
    solve_cmd = {f.target for f in imports_of("planner.cli.solve_cmd")}
    assert {"planner.model", "planner.archive"} <= solve_cmd  # both inside functions
    # planner.model's names load lazily: their modules are imported under TYPE_CHECKING only.
    assert "planner.model.search.solve" in {f.target for f in imports_of("planner.model")}

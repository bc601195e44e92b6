"""Layers run one way (docs: DESIGN.md, "Architecture"): ``core`` imports no app, and an
app imports only apps in a lower tier, never one beside or above it, at module level or
inside a function. Apps above reach down through registries in ``core``
(:mod:`familienrathaus.core.registries` and the ``register`` functions next to what they
serve), filled in each app's ``AppConfig.ready()``.

Every module is parsed with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "familienrathaus"

# Lowest first. An app may import ``core`` and the apps of lower tiers only.
TIERS: list[set[str]] = [
    {"core"},
    {"search"},  # the full-text engine, knows no content type
    {"partners"},
    {"offers"},
    {"guide"},  # the printed guide of offers
    {"events", "holidays", "places", "postcards"},
    {"lottery", "news", "surveys", "concerns", "employers", "welcome"},
    {"newsletter", "ideas"},  # ideas link to workshops (events) and survey results
    {"network"},  # the workshop's feed shows sent Infobrief editions
    {"reports"},  # reads every app through its selectors, owns no content
    {"directory"},  # the install's directory: listed alliances' public offers and events
    {"library"},  # the template library: reaches the kinds' apps through core.library
]
TIER = {app: level for level, apps in enumerate(TIERS) for app in apps}

# Modules that still import our code inside a function (being reworked elsewhere at the
# time of writing); remove a line once its module is clean. Nothing may be added.
STILL_HIDING_IMPORTS: set[str] = set()


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str
    function: str | None  # the enclosing function, None at module level

    def __str__(self) -> str:
        where = f"in {self.function}()" if self.function else "at module level"
        return f"{self.path.relative_to(PACKAGE.parent)}:{self.line} imports {self.module} {where}"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _app_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imports(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.Import):
                found.extend(Import(path, child.lineno, a.name, function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append(Import(path, child.lineno, child.module, function))
                found.extend(
                    Import(path, child.lineno, f"{child.module}.{a.name}", function)
                    for a in child.names
                    if child.module == "familienrathaus"
                )
            elif (name := _import_module_call(child)) is not None:
                found.append(Import(path, child.lineno, name, function))
            visit(child, inner)

    visit(tree, None)
    return found


def _import_module_call(node: ast.AST) -> str | None:
    """The module of ``importlib.import_module("familienrathaus.…")`` (or ``__import__``)
    with a written-out name: the same import, only harder to see."""
    if not (isinstance(node, ast.Call) and node.args):
        return None
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = node.args[0]
    if called in {"import_module", "__import__"} and isinstance(first, ast.Constant):
        return str(first.value)
    return None


def _imported_app(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "familienrathaus" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in TIER else None


def _violations() -> list[str]:
    problems = []
    for path in _modules():
        app = _app_of(path)
        if app not in TIER:
            continue
        for item in _imports(path):
            other = _imported_app(item.module)
            if other is None or other == app:
                continue
            if app == "core":
                problems.append(f"core imports an app: {item}")
            elif TIER[other] >= TIER[app]:
                problems.append(
                    f"{app} (tier {TIER[app]}) imports {other} (tier {TIER[other]}): {item}"
                )
    return problems


def test_every_app_has_a_tier() -> None:
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps <= set(TIER), f"add to TIERS: {sorted(apps - set(TIER))}"


def test_core_imports_no_app_and_apps_import_only_lower_tiers() -> None:
    assert _violations() == []


def test_no_import_of_our_code_hides_inside_a_function() -> None:
    """An import inside a function hides a cycle; Django's ``AppConfig.ready()`` is the
    one place where an app imports its own modules late (when the apps are loaded)."""
    hidden = [
        str(item)
        for path in _modules()
        if str(path.relative_to(PACKAGE)) not in STILL_HIDING_IMPORTS
        for item in _imports(path)
        if item.function not in (None, "ready") and item.module.startswith("familienrathaus")
    ]
    assert hidden == []


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from familienrathaus.offers import models\n")
    assert [(i.module, i.function) for i in _imports(probe)] == [("familienrathaus.offers", "f")]


def test_the_check_sees_import_module_with_a_written_out_name(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import importlib\n"
        "def f():\n"
        "    return importlib.import_module('familienrathaus.events.selectors')\n"
    )
    assert [(i.module, i.function) for i in _imports(probe)] == [
        ("importlib", None),
        ("familienrathaus.events.selectors", "f"),
    ]


@pytest.mark.parametrize(
    ("module", "app"),
    [
        ("familienrathaus.offers.models", "offers"),
        ("familienrathaus.core", "core"),
        ("django.db", None),
    ],
)
def test_imported_app(module: str, app: str | None) -> None:
    assert _imported_app(module) == app


# A module is read whole by whoever changes it: past this size, split it by topic. Demo
# data (long lists of made-up rows) and migrations are exempt.
MAX_LINES = 600


def test_no_module_of_ours_is_over_600_lines() -> None:
    too_long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in _modules()
        if path.name != "demo.py"
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules: {too_long}"

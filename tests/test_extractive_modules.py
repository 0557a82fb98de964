"""The extractive composer's package: modules with one job each, a docstring saying it, no import cycle among them."""
import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bot" / "extractive"
MODULES = {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.glob("*.py")}


def _siblings(tree: ast.Module) -> set[str]:
    """The package's modules that `tree` imports (`from .units import ...`, `from . import scoring`)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.update([node.module] if node.module else [alias.name for alias in node.names])
    return found & set(MODULES)


def test_the_package_has_its_parts():
    assert {"composer", "units", "scoring", "fit", "framing", "subjects", "yes_no", "selection"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_says_what_it_is_for(name):
    assert ast.get_docstring(MODULES[name]), name


def test_the_modules_import_one_another_without_a_cycle():
    graph = {name: _siblings(tree) - {"__init__"} for name, tree in MODULES.items() if name != "__init__"}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {exc.args[1]}")
    assert order[-1] == "composer" and "composer" in _siblings(MODULES["__init__"])   # it puts the parts together

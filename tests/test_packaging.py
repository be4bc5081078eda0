"""Everything Podium imports at run time is a declared runtime dependency.

`make demo` installs only the runtime dependencies; a package that arrives only with the dev
extras (pm4py brings many) would pass the tests and break the demo on a fresh machine.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "podium").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"podium"}


def declared_runtime_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {Requirement(r).name.lower().replace("_", "-") for r in project["dependencies"]}


def test_every_runtime_import_is_a_declared_dependency() -> None:
    owners = packages_distributions()
    declared = declared_runtime_distributions()
    undeclared = {
        module: owners.get(module, ["?"])
        for module in imported_top_level_modules()
        if not {d.lower().replace("_", "-") for d in owners.get(module, [])} & declared
    }
    assert not undeclared, f"imported by src/ but not in [project.dependencies]: {undeclared}"


def test_pm4py_is_never_a_runtime_dependency() -> None:
    assert "pm4py" not in declared_runtime_distributions()

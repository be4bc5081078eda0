"""`make test` runs the examples in src/podium's docstrings (STYLE.md rule 3): an example is
documentation, and a run that never executes it lets it drift from the code."""

from __future__ import annotations

import pytest


def test_the_default_run_collects_the_doctests_in_src(pytestconfig: pytest.Config) -> None:
    assert "src/podium" in pytestconfig.getini("testpaths")
    assert pytestconfig.option.doctestmodules
    assert pytestconfig.getoption("importmode") == "importlib"

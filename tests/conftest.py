"""Test-wide fixtures: the test clock (tests/support/clock.py), fast password hashing and the
two-supplier world (tests/support/world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from tests.support.clock import TEST_NOW
from tests.support.rolled_back import module_transaction
from tests.support.world import PASSWORD, World, build_world


@pytest.fixture(autouse=True, scope="session")
def _test_clock_for_the_session() -> Iterator[None]:
    """Session- and module-scoped fixtures (the authorization matrix's world, loaded demos)
    build their rows on the test day too."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _test_clock(_test_clock_for_the_session: None) -> Iterator[None]:
    """Every test starts at TEST_NOW, whatever ran before it, and the clock ticks from there."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that do not test hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture(scope="module")
def _module_world_rows(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def module_world(_module_world_rows: World, db: Any) -> World:
    """The world built once for the module (tests/support/rolled_back.py), each test in a
    savepoint within its transaction: for modules of many tests that only read the world's
    rows and users (the fuzzing of every API operation). Its Python objects are shared by the
    module's tests: a test that changes one builds its own `world`."""
    return _module_world_rows


@pytest.fixture
def password() -> str:
    """The password of every user in the test world."""
    return PASSWORD


# The modules one worker runs whole under `make pytest` (`--dist loadgroup`), each with its
# group: those on the loaded demo's home (tests/cli/conftest.py: one worker loads it once a run)
# and those that load the demo once for the module (seconds of processor time, for a few tests),
# so that the demo is loaded once a run rather than once on each worker that draws one of their
# tests. pytest-xdist 3.8 marks a group by renaming the test, which pytest 9 no longer honours;
# the scheduler below reads this table instead, and collection fails for a module missing
# from it.
ONE_WORKER_MODULES = {
    "tests/cli/test_changes_cli.py": "demo_home",
    "tests/cli/test_governance_cli.py": "demo_home",
    "tests/cli/test_simulate.py": "demo_home",
    "tests/apps/cockpit/test_exports.py": "tests/apps/cockpit/test_exports.py",
    "tests/apps/cockpit/test_packs.py": "tests/apps/cockpit/test_packs.py",
    "tests/apps/cockpit/test_reviews.py": "tests/apps/cockpit/test_reviews.py",
    "tests/apps/cockpit/test_stored_verdicts.py": "tests/apps/cockpit/test_stored_verdicts.py",
    "tests/apps/goals/test_demo_credits.py": "tests/apps/goals/test_demo_credits.py",
    "tests/site/test_as_code.py": "tests/site/test_as_code.py",
    "tests/site/test_demo.py": "tests/site/test_demo.py",
}
# The module-scoped fixtures that load the demo for their module.
DEMO_FOR_THE_MODULE = frozenset({"_demo_rows", "_demo", "_demo_document", "_first_load"})


def pytest_itemcollected(item: pytest.Item) -> None:
    """A module on the demo's home or loading the demo for the module is in
    ONE_WORKER_MODULES, under the group its marker names."""
    module = item.nodeid.split("::")[0]
    marker = item.get_closest_marker("xdist_group")
    if marker is not None:
        wanted = str(marker.args[0])
    elif DEMO_FOR_THE_MODULE.intersection(getattr(item, "fixturenames", ())):
        wanted = module
    else:
        return
    if ONE_WORKER_MODULES.get(module) != wanted:
        raise pytest.UsageError(
            f"{module}: add {module!r}: {wanted!r} to ONE_WORKER_MODULES in tests/conftest.py"
        )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup`: tests shared out one by one, except the modules of
    ONE_WORKER_MODULES, each group to one worker."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModuleGroups(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return ONE_WORKER_MODULES.get(nodeid.split("::")[0], nodeid)

    return ModuleGroups(config, log)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """After the fuzzing suites, say how many requests they made and how they were answered."""
    from tests.support import fuzzing

    for line in fuzzing.summary():
        terminalreporter.write_line(line)

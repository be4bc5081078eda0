"""Every permission lives in an app's `rules.py`: services, views, API operations and tables ask
a named rule (`platform.access.require` / `may`) and never test a role or a right themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "podium"
ASKS_DIRECTLY = re.compile(r"\.has_perm\(")
# The acting user's role, read directly, or a role named by its value.
TESTS_A_ROLE = re.compile(
    r"""((user|actor)\.role\b|getattr\(\w+, "role"|role_of\(|"""
    r"""["'](integrator_admin|integrator_analyst|party_manager|party_member)["'])"""
)


# Modules of the site that name roles as data, never to decide what someone may do.
NAMES_ROLES_AS_DATA = {
    "site/api.py": "/api/v1/me tells the caller their role",
    "site/demo.py": "creates the demo's people with their roles and describes them",
    "site/demo_forums.py": "seats each demo party's manager in its forums",
}


def _app_sources() -> list[Path]:
    """Every module of the apps and of the site (the home page, navigation, API composition)."""
    apps = [
        p
        for p in (SRC / "apps").rglob("*.py")
        if "migrations" not in p.parts and p.name not in {"rules.py", "choices.py"}
    ]
    site = [
        p
        for p in (SRC / "site").rglob("*.py")
        if str(p.relative_to(SRC)) not in NAMES_ROLES_AS_DATA
    ]
    return sorted(apps + site)


def test_the_site_is_scanned_too() -> None:
    scanned = {str(p.relative_to(SRC)) for p in _app_sources()}
    assert {"site/home.py", "site/navigation.py", "site/views.py"} <= scanned
    assert all((SRC / name).is_file() for name in NAMES_ROLES_AS_DATA)


@pytest.mark.parametrize("path", _app_sources(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_app_module_decides_a_permission_itself(path: Path) -> None:
    text = path.read_text()
    direct = [line for line in text.splitlines() if ASKS_DIRECTLY.search(line)]
    roles = [line for line in text.splitlines() if TESTS_A_ROLE.search(line)]
    assert not direct, f"{path.name} asks has_perm directly: {direct}"
    assert not roles, f"{path.name} tests a role itself: {roles}"


def test_every_rule_has_a_refusal_that_names_who_may() -> None:
    from podium.platform import access

    rules = dict(access._REFUSALS)
    assert {"ecosystem.edit", "governance.edit", "governance.run_forum"} <= set(rules)
    for name, refusal in rules.items():
        assert refusal.endswith("."), name
        assert len(refusal) > 15, name

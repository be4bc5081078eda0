"""Every form and every write endpoint, fuzzed with hostile values: no answer is a server error,
a refused write leaves the database exactly as it was, and after the fuzzing every page, list,
detail, feed and export still answers as the authorization matrix says it should — so nothing a
write accepted can make a later page fail ("stored, then 500").

The writes and a valid body for each come from the authorization matrix
(tests/authorization/entries/), so a new form or endpoint is fuzzed as soon as the matrix lists
it. Each example replaces one field of the valid body with a hostile value: text a page cannot
show or a header cannot carry, numbers beyond what columns and dates can hold, days outside the
calendar, wrong types. The integrator admin sends them, so every check behind the right to
write is reached. Bounded and derandomised: the same requests on every run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from tests.authorization.support import Entry
from tests.authorization.test_matrix import API, MODULES, PAGES, _request, _text
from tests.support import fuzzing
from tests.support.rolled_back import module_transaction
from tests.support.world import build_world

EXAMPLES = 25
HOSTILE_TEXT = [
    "",
    " ",
    "x" * 5000,
    "Board\r\nX-Injected: yes",
    "tab\there",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "\u202egnp.exe",
    "😀" * 40,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "NHL/CLD/2024",
    "a//b",
    "new",
    "Europe",
    "Etc",
    "Mars/Olympus",
    "FREQ=SECONDLY",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "0001-01-01T00:00",
    "yesterday",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1" + "0" * 40,
    "1e309",
    "NaN",
    "-0.001",
    "100.0001",
    "XXX",
    "null",
]
HOSTILE_JSON = [
    None,
    True,
    -1,
    0,
    2**31,
    2**63,
    -(2**63) - 1,
    10**30,
    1e308,
    -0.0,
    [],
    {},
    ["x" * 200],
    [None],
    {"nested": {"deeper": ["x"]}},
]


def _writes() -> list[Any]:
    cases = []
    for key, entry in PAGES.items():
        if entry.method == "post" and entry.body is not None:
            cases.append(pytest.param("page", key, entry, id=f"page:{key}"))
    for key, entry in API.items():
        if key.split(" ", 1)[0] in {"POST", "PATCH", "PUT"} and entry.body is not None:
            cases.append(pytest.param("api", key, entry, id=f"api:{key}"))
    return cases


@pytest.fixture(scope="module")
def _world_rows(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The matrix world, built once for the module and rolled back at the end."""
    with module_transaction(django_db_blocker):
        world = build_world()
        for module in MODULES:
            if (build := getattr(module, "build", None)) is not None:
                build(world)
        yield world


@pytest.fixture
def world(_world_rows: Any, db: Any) -> Any:
    return _world_rows


def fingerprint() -> str:
    """Every row of every Podium table (and the audit trail), as one digest; but the bodies
    kept as received (`operations.RawPayload`), which a refused request logs on purpose."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model._meta.label.startswith(("ecosystem.", "governance.", "operations.")) and (
            model._meta.label not in {"platform.AuditEvent", "accounts.User"}
        ):
            continue
        if model._meta.label == "operations.RawPayload":
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(model._meta.label.encode())
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


def _hostile(field: str, body: dict[str, Any], kind: str) -> st.SearchStrategy[Any]:
    text = st.sampled_from(HOSTILE_TEXT)
    if kind == "page":
        return text | st.lists(text, min_size=2, max_size=3)
    return text | st.sampled_from(HOSTILE_JSON)


def _fuzz(admin: Client, world: Any, kind: str, key: str, entry: Entry) -> None:
    """`EXAMPLES` hostile bodies for one write; what it accepts stays in the world."""
    kwargs = entry.own(world) if entry.own else None
    valid = entry.body(world)  # type: ignore[misc]
    fields = sorted(valid)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one(data: Any) -> None:
        field = data.draw(st.sampled_from(fields), label="field")
        value = data.draw(_hostile(field, valid, kind), label="value")
        body = {**valid, field: value}
        before = fingerprint()
        hostile = Entry(**{**entry.__dict__, "body": lambda w: body})
        response = _request(admin, world, kind, key, hostile, kwargs)
        fuzzing.count("forms-and-writes", response.status_code)
        assert response.status_code < 500, (key, field, value, response.status_code)
        # a page accepts with a redirect, or with the page of what it made (a new token's)
        accepted = (
            response.status_code in {200, 201, 204}
            if kind == "api"
            else (response.status_code in {201, 302})
        )
        if not accepted:
            assert fingerprint() == before, f"{key} refused {field}={value!r} but wrote"

    one()


def _sweep(world: Any) -> None:
    """Every page, export and feed of the matrix answers as the matrix says, for the integrator
    and for a supplier's member."""
    for role in ("integrator_admin", "party_member"):
        client = Client()
        client.force_login(world.users[role])
        for key, entry in PAGES.items():
            if entry.method != "get" or entry.public:
                continue
            own = entry.own(world) if entry.own else None
            response = _request(client, world, "page", key, entry, own)
            fuzzing.count("pages-after-the-fuzz", response.status_code)
            assert response.status_code < 500, (role, key)
            body = _text(response) if response.status_code == 200 else ""
            if "export=csv" in body:
                export = client.get(reverse(key, kwargs=own or None), {"export": "csv"})
                fuzzing.count("pages-after-the-fuzz", export.status_code)
                assert export.status_code == 200, (role, key, "export=csv")
                _text(export)
        for key, entry in API.items():
            if not key.startswith("GET "):
                continue
            own = entry.own(world) if entry.own else None
            response = _request(client, world, "api", key, entry, own)
            fuzzing.count("pages-after-the-fuzz", response.status_code)
            assert response.status_code < 500, (role, key)
            json.loads(response.content or b"null")


@pytest.mark.django_db
def test_hostile_writes_are_refused_cleanly_or_stored_usably(world: Any) -> None:
    """One test, so that what the fuzz stored is still there when every page is swept (each
    test's writes are rolled back at its end)."""
    admin = Client()
    admin.force_login(world.users["integrator_admin"])
    writes = _writes()
    assert len(writes) >= 30
    for case in writes:
        _fuzz(admin, world, *case.values)
    _sweep(world)

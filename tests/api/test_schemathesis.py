"""Every operation of the OpenAPI document, fuzzed by schemathesis from the document itself, as the
integrator's admin and as a supplier's manager: no answer is a server error, every answer matches
what the document says (status codes, content types, bodies), and an answer the document does
not list fails the test. Bounded: a fixed number of examples per operation, derandomised, so a
run is the same on every machine."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from tests.support import fuzzing
from tests.support.wsgi import DjangoApp

from podium.site.api import api

pytestmark = pytest.mark.django_db(transaction=False)
EXAMPLES = 12
CSRF = "a" * 32  # a CSRF secret; the session cookies of the logged-in user travel beside it

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
APP = DjangoApp(on_status=lambda status: fuzzing.count("schemathesis", status))


def _session(world: Any, role: str) -> dict[str, str]:
    client = Client()
    client.force_login(world.users[role])
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: CSRF,
    }


@pytest.mark.parametrize("role", ["integrator_admin", "party_manager"])
@SCHEMA.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_documented(case: Any, module_world: Any, role: str) -> None:
    case.call_and_validate(
        app=APP,
        headers={"X-CSRFToken": CSRF},
        cookies=_session(module_world, role),
        checks=CHECKS,
    )

"""The TMF621 API fuzzed by schemathesis from the official TMF621 v5.0.1 document (and from
Podium's own description of it): the operations Podium serves — trouble tickets, hub subscriptions and
the listeners of the events Podium reads — answer every generated request as the standard says:
no server error, a status the document lists, a body of the documented shape (TroubleTicket,
Hub, or the TMF Error), with a supplier's bearer token."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from tests.support import fuzzing
from tests.support.clock import TEST_NOW
from tests.support.tmf621 import document as tmf621_document
from tests.support.wsgi import DjangoApp

from podium.apps.operations.api.exchange import tmf_api
from podium.apps.operations.services import credentials
from podium.core.tmf621_events import LISTENER_PATHS

pytestmark = pytest.mark.django_db
EXAMPLES = 15
SERVED = {
    ("POST", "/troubleTicket"),
    ("GET", "/troubleTicket"),
    ("GET", "/troubleTicket/{id}"),
    ("PATCH", "/troubleTicket/{id}"),
    ("POST", "/hub"),
    ("GET", "/hub/{id}"),
    ("DELETE", "/hub/{id}"),
    *(("POST", f"/listener/{path}") for path in LISTENER_PATHS),
}
BASE = "http://testserver/tmf-api/troubleTicket/v5"
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]

OFFICIAL = schemathesis.openapi.from_dict(tmf621_document()).include(
    name=[f"{method} {path}" for method, path in sorted(SERVED)]
)
OURS = schemathesis.openapi.from_dict(tmf_api.get_openapi_schema())
APP = DjangoApp(on_status=lambda status: fuzzing.count("tmf621-schemathesis", status))


@pytest.fixture
def token(module_world: Any) -> str:
    """Supplier A's tool's token (once per operation, whatever the number of examples), on the
    world built once for the module."""
    credential, token = credentials.create_credential(
        acting_user=None, party=module_world.supplier_a, name="fuzzing tool", now=TEST_NOW
    )
    credential.requests_per_minute = 100_000  # the fuzzing is one busy tool, not a flood
    credential.save()
    return token


SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@OFFICIAL.parametrize()
@SETTINGS
def test_the_official_document_holds_for_what_podium_serves(case: Any, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    case.call_and_validate(app=APP, base_url=BASE, headers=headers, checks=CHECKS)


@OURS.parametrize()
@SETTINGS
def test_podiums_own_description_holds(case: Any, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    case.call_and_validate(
        app=APP, base_url="http://testserver", headers=headers, checks=[checks.not_a_server_error]
    )

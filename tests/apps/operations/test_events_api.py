"""`POST /api/v1/events` over the test client: the three body forms, the summary, the same
request thrice stored once, and hostile bodies — wrong types, unknown fields, 20 MB, too many
events, another party's ticket — answered with the place of each problem, changing nothing and
kept as they came."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import (
    IntegrationCredential,
    RawPayload,
    RequestCount,
    Ticket,
    TicketEvent,
)
from podium.apps.operations.services import credentials, tickets
from podium.core import tmf621

pytestmark = pytest.mark.django_db
URL = "/api/v1/events"
EVENTS = [
    {"case_id": "A-1", "timestamp": "2026-11-30T09:00:00Z", "activity": "New", "party": "alpha"},
    {"case_id": "A-1", "timestamp": "2026-11-30T10:00:00Z", "activity": "In Progress"},
    {"case_id": "A-2", "timestamp": "2026-11-30T09:30:00Z", "activity": "New", "team": "Desk"},
]


@pytest.fixture
def token(world: Any) -> str:
    return credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha monitoring", now=TEST_NOW
    )[1]


def _post(
    token: str | None, body: Any, content_type: str = "application/json", **extra: Any
) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post(
        URL + extra.pop("query", ""), data=data, content_type=content_type, **headers
    )


def _fingerprint() -> str:
    """Every operations row but the kept payloads (a refused request adds one on purpose), the
    tokens (whose last use is noted) and their request counts (a refused request counts)."""
    digest = hashlib.sha256()
    for model in apps.get_app_config("operations").get_models():
        if model not in (RawPayload, IntegrationCredential, RequestCount):
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def test_a_json_array_is_stored_and_summed_up(world: Any, token: str) -> None:
    response = _post(token, EVENTS)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 2,
        "updated": 0,
        "stored": 3,
        "skipped": 0,
        "rejected_events": 0,
        "rejected": [],
        "written": True,
    }
    ticket = Ticket.objects.get(external_owner="alpha", external_id="A-1")
    assert (ticket.status, ticket.raised_by) == ("inProgress", world.supplier_a)
    payload = RawPayload.objects.get(channel="events")
    assert (payload.status_code, payload.outcome, payload.credential.name) == (
        200,
        "created",
        "Alpha monitoring",
    )
    assert json.loads(payload.body) == EVENTS
    assert ticket.events.filter(payload=payload).count() == 2


def test_an_object_names_the_owner_of_its_events(token: str) -> None:
    response = _post(token, {"owner": "alpha-snow", "events": EVENTS})
    assert response.status_code == 200, response.content
    assert set(
        Ticket.objects.filter(external_owner="alpha-snow").values_list("external_id", flat=True)
    ) == {
        "A-1",
        "A-2",
    }


def test_ndjson_names_the_line_of_each_rejection(token: str) -> None:
    lines = [json.dumps(EVENTS[0]), "", json.dumps({**EVENTS[1], "timestamp": "soon"}), "{oops"]
    response = _post(token, "\n".join(lines), "application/x-ndjson")
    assert response.status_code == 422
    body = response.json()
    assert [(r["index"], r["line"], r["field"]) for r in body["rejected"]] == [
        (1, 3, "timestamp"),
        (2, 4, "$"),
    ]
    assert [d["loc"] for d in body["detail"]] == [
        ["body", "payload", 1, "timestamp"],
        ["body", "payload", 2],
    ]
    assert (body["written"], body["stored"]) == (False, 0)
    assert not Ticket.objects.filter(external_id="A-1").exists()


def test_the_same_request_three_times_is_stored_once(token: str) -> None:
    answers = [_post(token, EVENTS).json() for _ in range(3)]
    assert [(a["created"], a["stored"], a["skipped"]) for a in answers] == [
        (2, 3, 0),
        (0, 0, 3),
        (0, 0, 3),
    ]
    assert TicketEvent.objects.filter(ticket__external_owner="alpha").count() == 3
    assert list(RawPayload.objects.order_by("id").values_list("outcome", flat=True)) == [
        "created",
        "unchanged",
        "unchanged",
    ]


def test_partial_stores_the_valid_events(token: str) -> None:
    body = [*EVENTS, {**EVENTS[0], "case_id": "A-3", "party": "nobody"}]
    response = _post(token, body, query="?partial=true")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["stored"], answer["rejected"]) == (
        3,
        [{"index": 3, "line": None, "field": "party", "message": "unknown party: nobody"}],
    )


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ([{**EVENTS[0], "case_id": 42}], ["body", "payload", 0, "case_id"]),
        ([{**EVENTS[0], "timestamp": 1767225600}], ["body", "payload", 0, "timestamp"]),
        ([{**EVENTS[0], "timestamp": "2026-11-30 09:00"}], ["body", "payload", 0, "timestamp"]),
        ([{**EVENTS[0], "colour": "red"}], ["body", "payload", 0, "colour"]),
        ([EVENTS[0], ["not", "an", "event"]], ["body", "payload", 1]),
        ([{**EVENTS[0], "activity": "Frobnicated"}], ["body", "payload", 0, "activity"]),
        ([{**EVENTS[0], "team": "Desk\r\nX-Injected: yes"}], ["body", "payload", 0, "team"]),
        ([{**EVENTS[0], "resource": "a\u0000b"}], ["body", "payload", 0, "resource"]),
        ([{**EVENTS[0], "party": "x" * 5000}], ["body", "payload", 0, "party"]),
        ({"events": EVENTS, "extra": 1}, ["body", "payload", "extra"]),
        ({"events": "all of them"}, ["body", "payload", "events"]),
        ({"owner": 7, "events": EVENTS}, ["body", "payload", "owner"]),
        ({"owner": "\ud800", "events": EVENTS}, ["body", "payload", "owner"]),
        (
            {"events": [{**EVENTS[0], "owner": "o", "title": "\udfff"}]},
            ["body", "payload", "events", 0, "title"],
        ),
        (42, ["body", "payload"]),
    ],
)
def test_a_hostile_body_is_a_422_naming_the_place_and_changes_nothing(
    token: str, body: Any, loc: list[Any]
) -> None:
    before = _fingerprint()
    response = _post(token, body)
    assert response.status_code == 422, response.content
    assert loc in [d["loc"] for d in response.json()["detail"]]
    assert _fingerprint() == before
    assert RawPayload.objects.get().outcome == "rejected"


def test_a_20_mb_body_is_a_json_413_kept_and_changing_nothing(token: str) -> None:
    before = _fingerprint()
    events = [{**EVENTS[0], "case_id": f"B-{i}", "title": "x" * 190} for i in range(80_000)]
    body = json.dumps(events)
    assert len(body) > 20_000_000
    response = _post(token, body)
    assert response.status_code == 413
    assert "10 MiB" in response.json()["detail"]
    assert _fingerprint() == before
    payload = RawPayload.objects.get()
    assert (payload.status_code, payload.outcome, payload.body) == (413, "rejected", "")


def test_more_than_10000_events_is_a_413(token: str) -> None:
    event = {"case_id": "C", "timestamp": "2026-11-30T09:00:00Z", "activity": "New"}
    response = _post(token, [event] * 10_001)
    assert response.status_code == 413
    assert "10,000 events" in response.json()["detail"]
    assert not Ticket.objects.filter(external_id="C").exists()


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("case,time", "text/csv", 415),
        (b"\xff\xfe", "application/json", 400),
    ],
)
def test_a_body_that_is_no_json_is_refused(
    token: str, body: Any, content_type: str, status: int
) -> None:
    response = _post(token, body, content_type)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_another_partys_ticket_cannot_be_reached_by_its_case_id(world: Any, token: str) -> None:
    body = {
        "@type": "TroubleTicket",
        "description": "WAN down",
        "severity": "Major",
        "ticketType": "incident",
        "externalIdentifier": [{"owner": "beta-snow", "id": "INC0012"}],
        "lastUpdate": "2026-11-30T09:00:00Z",
    }
    change = tmf621.read_ticket(body, creating=True, owner="beta")
    theirs = tickets.receive_ticket(party=world.supplier_b, change=change, now=TEST_NOW).ticket
    before = _fingerprint()
    hostile = {"case_id": "INC0012", "owner": "beta-snow", "timestamp": "2026-11-30T12:00:00Z",
               "activity": "Closed", "party": "alpha"}  # fmt: skip
    for query in ("", "?partial=true"):
        response = _post(token, [hostile], query=query)
        assert response.json()["rejected"][0]["field"] == "case_id"
        assert _fingerprint() == before
    theirs.refresh_from_db()
    assert theirs.status == "acknowledged"


def test_a_party_user_sends_for_their_party_and_an_auditor_may_not(world: Any) -> None:
    member = Client()
    member.force_login(world.users["party_member"])
    response = member.post(URL, data=json.dumps(EVENTS), content_type="application/json")
    assert response.status_code == 200
    assert (
        Ticket.objects.get(external_owner="alpha", external_id="A-1").raised_by == world.supplier_a
    )
    auditor = Client()
    auditor.force_login(world.users["auditor"])
    refused = auditor.post(URL, data=json.dumps(EVENTS), content_type="application/json")
    assert refused.status_code == 403
    assert "integrator's staff" in refused.json()["detail"]
    assert (
        Client().post(URL, data=json.dumps(EVENTS), content_type="application/json").status_code
        == 401
    )


def test_a_token_over_its_rate_answers_429_with_retry_after(token: str) -> None:
    IntegrationCredential.objects.update(requests_per_minute=1)
    assert _post(token, EVENTS).status_code == 200
    response = _post(token, EVENTS)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "retry after" in response.json()["detail"]

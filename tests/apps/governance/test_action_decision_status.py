"""Moving actions and decisions along from the pages and the API."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from podium.apps.governance.models import Action, Decision
from podium.apps.governance.services import forums as services
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


@dataclass
class Board:
    forum: Any
    meeting: Any
    action: Any
    decision: Any
    other_action: Any
    other_decision: Any


def _forum(world: Any, slug: str, name: str, party: Any, action: str) -> tuple[Any, ...]:
    forum = services.ensure_forum(
        acting_user=None,
        slug=slug,
        name=name,
        kind="tactical_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    services.set_membership(acting_user=None, forum=forum, party=party, role="member")
    meeting = services.schedule_meeting(acting_user=None, forum=forum, starts_at=FIRST)
    decision = services.record_decision(
        acting_user=None, forum=forum, meeting=meeting, title=f"{name} plan", status="proposed"
    )
    act = services.add_action(
        acting_user=None,
        forum=forum,
        meeting=meeting,
        title=action,
        owner_party=party,
        due_on=dt.date(2026, 2, 1),
    )
    return forum, meeting, act, decision


@pytest.fixture
def board(world: Any) -> Board:
    forum, meeting, action, decision = _forum(
        world, "alpha-review", "Alpha service review", world.supplier_a, "Patch the alpha cluster"
    )
    _, _, other_action, other_decision = _forum(
        world, "beta-board", "Beta carrier board", world.supplier_b, "Replace beta routers"
    )
    return Board(forum, meeting, action, decision, other_action, other_decision)


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


# -- decisions: the service -------------------------------------------------------------------


def test_deciding_sets_the_day_and_is_audited(world: Any, board: Board) -> None:
    admin = world.users["integrator_admin"]
    decided = services.set_decision_status(
        acting_user=admin, decision=board.decision, status="decided", today=TODAY
    )
    assert decided.status == "decided"
    assert decided.decided_on == TODAY
    event = AuditEvent.objects.get(action="governance.decision.status_changed")
    assert event.before == {"status": "proposed", "decided_on": None}
    assert event.after == {"status": "decided", "decided_on": "2026-03-02"}
    # deciding again is a no-op; a decided decision can be superseded but not withdrawn
    services.set_decision_status(acting_user=admin, decision=decided, status="decided", today=TODAY)
    with pytest.raises(ValidationError):
        services.set_decision_status(
            acting_user=admin, decision=decided, status="withdrawn", today=TODAY
        )
    superseded = services.set_decision_status(
        acting_user=admin, decision=decided, status="superseded", today=TODAY
    )
    assert superseded.status == "superseded"
    assert superseded.decided_on == TODAY
    with pytest.raises(ValidationError):
        services.set_decision_status(
            acting_user=admin, decision=superseded, status="proposed", today=TODAY
        )
    assert AuditEvent.objects.filter(action="governance.decision.status_changed").count() == 2


def test_a_given_decision_day_wins_and_withdrawing_keeps_it_empty(world: Any, board: Board) -> None:
    admin = world.users["integrator_admin"]
    decided = services.set_decision_status(
        acting_user=admin,
        decision=board.decision,
        status="decided",
        today=TODAY,
        decided_on=dt.date(2026, 2, 10),
    )
    assert decided.decided_on == dt.date(2026, 2, 10)
    withdrawn = services.set_decision_status(
        acting_user=admin, decision=board.other_decision, status="withdrawn", today=TODAY
    )
    assert withdrawn.decided_on is None
    with pytest.raises(ValidationError):
        services.set_decision_status(
            acting_user=admin, decision=board.decision, status="bogus", today=TODAY
        )


def test_only_the_integrator_or_the_chair_moves_decisions(world: Any, board: Board) -> None:
    for role in ("integrator_analyst", "auditor", "party_manager", "party_member"):
        with pytest.raises(PermissionDenied):
            services.set_decision_status(
                acting_user=world.users[role],
                decision=board.decision,
                status="decided",
                today=TODAY,
            )
    services.set_membership(
        acting_user=None, forum=board.forum, party=world.supplier_a, role="chair"
    )
    decided = services.set_decision_status(
        acting_user=world.users["party_manager"],
        decision=board.decision,
        status="decided",
        today=TODAY,
    )
    assert decided.status == "decided"


# -- decisions: pages and API -----------------------------------------------------------------


def test_decision_log_shows_controls_to_those_who_run_the_forum(world: Any, board: Board) -> None:
    url = reverse("governance:decision_list")
    control = f'hx-post="{reverse("governance:decision_status", args=[board.decision.reference])}"'
    assert control in _client(world, "integrator_admin").get(url).content.decode()
    for role in ("auditor", "integrator_analyst", "party_manager", "party_member"):
        page = _client(world, role).get(url).content.decode()
        assert "hx-post=" not in page, role
    # the CSV keeps plain statuses
    csv = b"".join(_client(world, "integrator_admin").get(url + "?export=csv").streaming_content)
    assert b"<form" not in csv
    assert b"Proposed" in csv


def test_decision_status_by_htmx_swaps_the_control(world: Any, board: Board) -> None:
    url = reverse("governance:decision_status", args=[board.decision.reference])
    response = _client(world, "integrator_admin").post(
        url, {"status": "decided", "back": "list"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Saved" in body
    assert '<option value="decided" selected>' in body
    decision = Decision.objects.get(pk=board.decision.pk)
    assert decision.status == "decided"
    assert decision.decided_on is not None


def test_decision_status_without_javascript_goes_back(world: Any, board: Board) -> None:
    client = _client(world, "integrator_admin")
    url = reverse("governance:decision_status", args=[board.decision.reference])
    back = client.post(url, {"status": "withdrawn", "back": "forum"})
    assert back["Location"] == reverse("governance:forum_detail", args=[board.forum.slug])
    refused = client.post(url, {"status": "decided", "back": "meeting"})
    assert refused["Location"] == reverse("governance:meeting_detail", args=[board.meeting.pk])
    assert Decision.objects.get(pk=board.decision.pk).status == "withdrawn"
    assert client.post(url, {"status": "nonsense"}).status_code == 400


def test_decision_status_refuses_others(world: Any, board: Board) -> None:
    url = reverse("governance:decision_status", args=[board.decision.reference])
    for role in ("auditor", "integrator_analyst", "party_manager", "party_member"):
        assert _client(world, role).post(url, {"status": "decided"}).status_code == 403
    foreign = reverse("governance:decision_status", args=[board.other_decision.reference])
    assert _client(world, "party_manager").post(foreign, {"status": "decided"}).status_code == 404
    assert Decision.objects.get(pk=board.decision.pk).status == "proposed"


def test_api_patches_a_decision(world: Any, board: Board) -> None:
    url = f"/api/v1/governance/decisions/{board.decision.reference}"
    client = _client(world, "integrator_admin")
    response = client.patch(
        url,
        data=json.dumps({"status": "decided", "decided_on": "2026-02-20"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "decided"
    assert response.json()["decided_on"] == "2026-02-20"
    wrong = client.patch(
        url, data=json.dumps({"status": "withdrawn"}), content_type="application/json"
    )
    assert wrong.status_code == 422
    member = _client(world, "party_member").patch(
        url, data=json.dumps({"status": "superseded"}), content_type="application/json"
    )
    assert member.status_code == 403


# -- actions: pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_of",
    [
        lambda b: reverse("governance:action_list"),
        lambda b: reverse("governance:forum_detail", args=[b.forum.slug]),
        lambda b: reverse("governance:meeting_detail", args=[b.meeting.pk]),
    ],
    ids=["list", "forum", "meeting"],
)
def test_action_controls_only_for_the_owning_party_and_the_integrator(
    world: Any, board: Board, url_of: Any
) -> None:
    url = url_of(board)
    marker = f'data-action-status="{board.action.pk}"'
    for role in ("integrator_admin", "party_manager", "party_member"):
        assert marker in _client(world, role).get(url).content.decode(), role
    for role in ("auditor", "integrator_analyst"):
        assert marker not in _client(world, role).get(url).content.decode(), role


def test_a_party_user_marks_their_action_done_by_htmx(world: Any, board: Board) -> None:
    url = reverse("governance:action_status", args=[board.action.pk])
    response = _client(world, "party_member").post(
        url, {"status": "done", "back": "list"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Saved: Done" in body
    assert Action.objects.get(pk=board.action.pk).status == "done"
    event = AuditEvent.objects.get(action="governance.action.status_changed")
    assert event.after == {"status": "done"}


def test_action_status_without_javascript_returns_to_the_page(world: Any, board: Board) -> None:
    client = _client(world, "party_manager")
    url = reverse("governance:action_status", args=[board.action.pk])
    for back, where in (
        ("meeting", reverse("governance:meeting_detail", args=[board.meeting.pk])),
        ("forum", reverse("governance:forum_detail", args=[board.forum.slug])),
        ("list", reverse("governance:action_list")),
    ):
        response = client.post(url, {"status": "in_progress", "back": back})
        assert response["Location"] == where


def test_action_status_refuses_auditors_and_other_parties(world: Any, board: Board) -> None:
    url = reverse("governance:action_status", args=[board.action.pk])
    assert _client(world, "auditor").post(url, {"status": "done"}).status_code == 403
    assert _client(world, "other_party_member").post(url, {"status": "done"}).status_code == 404
    foreign = reverse("governance:action_status", args=[board.other_action.pk])
    assert _client(world, "party_member").post(foreign, {"status": "done"}).status_code == 404
    assert Action.objects.get(pk=board.action.pk).status == "open"


def test_an_htmx_status_change_reports_as_a_toast_and_a_page_post_as_a_message(
    world: Any, board: Board
) -> None:
    url = reverse("governance:action_status", args=[board.action.pk])
    client = _client(world, "party_member")
    swapped = client.post(url, {"status": "in_progress", "back": "list"}, HTTP_HX_REQUEST="true")
    trigger = json.loads(swapped["HX-Trigger"])
    assert trigger["podium:toast"]["toasts"] == [
        {"message": f"“{board.action.title}” is now in progress.", "level": "success"}
    ]
    # the toast is not shown a second time on the next page
    assert (
        "is now in progress" not in client.get(reverse("governance:action_list")).content.decode()
    )
    page = client.post(url, {"status": "done", "back": "list"}, follow=True)
    assert "HX-Trigger" not in page
    assert f"“{board.action.title}” is now done." in page.content.decode()

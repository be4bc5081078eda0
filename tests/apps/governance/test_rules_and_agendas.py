"""Rules written once: audit only real changes, the action lifecycle, each viewer's share of an
agenda, one error convention in the API, the forum's own wall clock for its first meeting."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.api import problems

from podium.apps.governance.choices import ActionStatus, DecisionStatus
from podium.apps.governance.models import Forum
from podium.apps.governance.selectors import forums as selectors
from podium.apps.governance.services import forums as services
from podium.core import forums as lifecycle
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)
NEAR_BETA_NOTICE = dt.datetime(2026, 9, 20, 9, 0, tzinfo=dt.UTC)  # C-BETA-1: notice 2026-10-02


@pytest.fixture
def joint(world: Any) -> Forum:
    """A forum both suppliers sit in, chaired by the integrator."""
    forum = services.ensure_forum(
        acting_user=None,
        slug="joint",
        name="Joint board",
        kind="operational_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    for party in (world.supplier_a, world.supplier_b):
        services.set_membership(acting_user=None, forum=forum, party=party, role="member")
    return forum


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lifecycles_name_the_same_statuses_as_the_choices() -> None:
    assert set(lifecycle.DECISION_TRANSITIONS) == set(DecisionStatus.values)
    assert set(lifecycle.ACTION_TRANSITIONS) == set(ActionStatus.values)
    for moves in (*lifecycle.DECISION_TRANSITIONS.values(), *lifecycle.ACTION_TRANSITIONS.values()):
        assert set(moves) <= set(DecisionStatus.values) | set(ActionStatus.values)


def test_preparing_again_audits_nothing_unless_the_agenda_changed(world: Any, joint: Any) -> None:
    meeting = services.prepare_next_meeting(acting_user=None, forum=joint, now=NEAR_BETA_NOTICE)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    services.prepare_next_meeting(acting_user=None, forum=joint, now=NEAR_BETA_NOTICE)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == actions

    services.add_action(
        acting_user=None,
        forum=joint,
        title="New work",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 10, 1),
    )
    services.prepare_next_meeting(acting_user=None, forum=joint, now=NEAR_BETA_NOTICE)
    refreshed = AuditEvent.objects.filter(action="governance.meeting.agenda_refreshed")
    assert refreshed.count() == 1

    services.mark_held(acting_user=None, meeting=meeting)
    services.add_action(
        acting_user=None,
        forum=joint,
        title="After the meeting",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 10, 5),
    )
    held = services.prepare_next_meeting(acting_user=None, forum=joint, now=NEAR_BETA_NOTICE)
    assert held.pk == meeting.pk
    assert refreshed.count() == 1  # a held meeting keeps its agenda, and nothing is audited
    assert "After the meeting" not in json.dumps(held.agenda)


def test_action_status_follows_the_lifecycle_everywhere(world: Any, joint: Any) -> None:
    action = services.add_action(
        acting_user=None,
        forum=joint,
        title="Patch",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 10, 1),
    )
    services.set_action_status(acting_user=None, action=action, status="cancelled")
    with pytest.raises(ValidationError, match="can become open, not done"):
        services.set_action_status(acting_user=None, action=action, status="done")
    api = _client(world.users["party_member"]).patch(
        f"/api/v1/governance/actions/{action.pk}",
        data=json.dumps({"status": "in_progress"}),
        content_type="application/json",
    )
    assert problems(api)["body.payload.status"].startswith("A cancelled action can become open")
    page = _client(world.users["party_member"]).post(
        reverse("governance:action_status", args=[action.pk]), {"status": "done"}, follow=True
    )
    assert "A cancelled action can become open, not done." in page.content.decode()
    action.refresh_from_db()
    assert action.status == "cancelled"


def test_each_viewer_reads_only_their_share_of_a_shared_agenda(world: Any, joint: Any) -> None:
    meeting = services.prepare_next_meeting(acting_user=None, forum=joint, now=NEAR_BETA_NOTICE)
    notices = "Notice deadlines and ends within 90 days"

    def notice_texts(user: Any) -> list[str]:
        agenda = selectors.agenda_visible_to(user, meeting)
        (section,) = [s for s in agenda.sections if s.title == notices]
        return [item.text for item in section.items]

    assert any("C-BETA-1" in t for t in notice_texts(world.users["auditor"]))
    assert any("C-BETA-1" in t for t in notice_texts(world.users["other_party_member"]))
    assert notice_texts(world.users["party_member"]) == []
    body = _client(world.users["party_manager"]).get(
        reverse("governance:meeting_detail", args=[meeting.pk])
    )
    assert body.status_code == 200
    assert "C-BETA-1" not in body.content.decode()
    api = _client(world.users["party_manager"]).get("/api/v1/governance/forums/joint/meetings")
    assert "C-BETA-1" not in api.content.decode()
    assert (
        "C-BETA-1"
        in _client(world.users["auditor"])
        .get("/api/v1/governance/forums/joint/meetings")
        .content.decode()
    )


def test_an_agenda_stored_before_items_said_what_they_are_about_is_kept_for_the_integrator(
    world: Any, joint: Any
) -> None:
    meeting = services.schedule_meeting(
        acting_user=None,
        forum=joint,
        starts_at=FIRST,
        agenda=[{"title": "Notices", "items": [{"kind": "notice", "text": "C-BETA-1 soon"}]}],
    )
    assert not selectors.agenda_visible_to(world.users["party_member"], meeting).sections[0].items
    assert selectors.agenda_visible_to(world.users["auditor"], meeting).sections[0].items


def test_unknown_rows_in_a_body_are_422_with_their_place_and_unknown_urls_404(
    world: Any,
) -> None:
    admin = _client(world.users["integrator_admin"])
    from podium.apps.governance.services import escalation

    escalation.publish_ladder_version(
        acting_user=None,
        key="alpha",
        name="Alpha",
        party="alpha",
        steps=[escalation.StepInput("operational", 30, "business", "alpha", "on_call", "phone")],
    )
    body = {
        "name": "Alpha",
        "party": "alpha",
        "steps": [
            {
                "level": "operational",
                "wait_minutes": 10,
                "wait_kind": "business",
                "party": "nobody",
                "contact_role": "on_call",
                "channel": "phone",
            }
        ],
    }
    response = admin.post(
        "/api/v1/governance/ladders/alpha/versions",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert problems(response) == {"body.payload.steps.0.party": "unknown party: nobody"}
    missing = admin.post(
        "/api/v1/governance/ladders/nothing/versions",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found"}
    letter = admin.post(
        "/api/v1/governance/raci",
        data=json.dumps(
            {
                "service": "web-shop",
                "activity": "incident-resolution",
                "party": "nobody",
                "role": "R",
            }
        ),
        content_type="application/json",
    )
    assert problems(letter) == {"body.payload.party": "unknown party: nobody"}


def test_the_first_meeting_is_read_on_the_forums_wall_clock(world: Any) -> None:
    admin = world.users["integrator_admin"]
    admin.time_zone = "Asia/Kolkata"
    admin.save()
    response = _client(admin).post(
        reverse("governance:forum_create"),
        {
            "name": "UTC forum",
            "kind": "working_group",
            "cadence": "FREQ=WEEKLY;BYDAY=MO",
            "first_meeting_at": "2026-03-02T10:00",
            "duration_minutes": "60",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302
    forum = Forum.objects.get(name="UTC forum")
    assert forum.first_meeting_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    edit = _client(admin).get(reverse("governance:forum_edit", args=[forum.slug]))
    assert 'value="2026-03-02T10:00"' in edit.content.decode()


def _create_forum(admin: Any, name: str, first: str, zone: str) -> Any:
    return _client(admin).post(
        reverse("governance:forum_create"),
        {
            "name": name,
            "kind": "working_group",
            "cadence": "FREQ=WEEKLY;BYDAY=SU",
            "first_meeting_at": first,
            "duration_minutes": "60",
            "time_zone": zone,
        },
    )


def test_a_time_the_viewers_clocks_skip_is_taken_on_the_forums_clock(world: Any) -> None:
    """02:30 on 8 March 2026 does not exist in New York; it does in Amsterdam."""
    admin = world.users["integrator_admin"]
    admin.time_zone = "America/New_York"
    admin.save()
    response = _create_forum(admin, "Night shift", "2026-03-08T02:30", "Europe/Amsterdam")
    assert response.status_code == 302
    forum = Forum.objects.get(name="Night shift")
    assert forum.first_meeting_at == dt.datetime(2026, 3, 8, 1, 30, tzinfo=dt.UTC)


def test_a_time_the_forums_clocks_skip_is_refused_next_to_the_field(world: Any) -> None:
    admin = world.users["integrator_admin"]
    response = _create_forum(admin, "Skipped", "2026-03-29T02:30", "Europe/Amsterdam")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["first_meeting_at"] == [
        "2026-03-29 02:30 does not exist in Europe/Amsterdam: the clocks skip it"
    ]
    assert not Forum.objects.filter(name="Skipped").exists()


def test_a_time_the_forums_clocks_pass_twice_is_the_first_passing(world: Any) -> None:
    admin = world.users["integrator_admin"]
    response = _create_forum(admin, "Twice", "2026-10-25T02:30", "Europe/Amsterdam")
    assert response.status_code == 302
    forum = Forum.objects.get(name="Twice")
    assert forum.first_meeting_at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("first", ["1920-01-04T10:00", "2045-01-01T10:00"])
def test_a_first_meeting_a_cadence_cannot_start_from_is_refused(world: Any, first: str) -> None:
    admin = world.users["integrator_admin"]
    response = _create_forum(admin, "Long ago", first, "UTC")
    assert response.status_code == 200
    (message,) = response.context["form"].errors["first_meeting_at"]
    assert message.startswith("A first meeting is at most 50 years ago (from 1976-12-01)")
    assert not Forum.objects.filter(name="Long ago").exists()
    with pytest.raises(ValidationError) as caught:
        services.ensure_forum(
            acting_user=None,
            slug="long-ago",
            name="Long ago",
            kind="working_group",
            first_meeting_at=dt.datetime(1920, 1, 4, 10, 0, tzinfo=dt.UTC),
        )
    assert "first_meeting_at" in caught.value.message_dict


def test_preparing_a_meeting_twice_creates_it_once(world: Any, joint: Any) -> None:
    client = _client(world.users["integrator_admin"])
    first = client.post("/api/v1/governance/forums/joint/meetings")
    again = client.post("/api/v1/governance/forums/joint/meetings")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert joint.meetings.count() == 1

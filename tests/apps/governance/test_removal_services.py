"""Deleting an activity or a forum and retiring a ladder: audited with what was there,
integrator admins only, and refused (naming what still uses it) while records depend on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from podium.apps.governance.models import (
    Activity,
    EscalationLadder,
    Forum,
    ForumMembership,
    Meeting,
)
from podium.apps.governance.services import escalation, forums, raci
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
NON_ADMINS = ["integrator_analyst", "auditor", "party_manager", "party_member"]


def _spare_activity() -> Activity:
    return raci.ensure_activity(acting_user=None, code="spare", name="Spare", position=900)


def _ladder(world: Any, wait: int = 30) -> EscalationLadder:
    ladder, _ = escalation.publish_ladder_version(
        acting_user=None,
        key="alpha",
        name="Alpha",
        party=world.supplier_a.slug,
        steps=[
            escalation.StepInput(
                "operational", wait, "calendar", world.supplier_a.slug, "service_manager", "email"
            )
        ],
    )
    return ladder


def _forum(world: Any) -> Forum:
    forum = forums.ensure_forum(
        acting_user=None, slug="spare-board", name="Spare board", kind="tactical_board"
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    forums.schedule_meeting(
        acting_user=None, forum=forum, starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    )
    return forum


def test_delete_activity_audits_what_it_was(world: Any) -> None:
    activity = _spare_activity()
    raci.delete_activity(acting_user=world.users["integrator_admin"], activity=activity)
    assert not Activity.objects.filter(code="spare").exists()
    event = AuditEvent.objects.get(action="governance.activity.deleted")
    assert event.before["code"] == "spare"
    assert event.before["position"] == 900
    assert event.actor == world.users["integrator_admin"]


def test_delete_activity_is_refused_while_letters_use_it(world: Any) -> None:
    activity = _spare_activity()
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.supplier_a, role="R"
    )
    with pytest.raises(ValidationError) as caught:
        raci.delete_activity(acting_user=None, activity=activity)
    message = " ".join(caught.value.messages)
    assert "Activity spare cannot be deleted: 1 RACI letter still use" in message
    assert f"R {world.supplier_a.slug} on service {world.service_a.slug}" in message
    assert Activity.objects.filter(code="spare").exists()
    assert not AuditEvent.objects.filter(action="governance.activity.deleted").exists()


def test_retire_ladder_keeps_the_versions_and_the_next_publish_starts_a_new_one(
    world: Any,
) -> None:
    first = _ladder(world)
    retired = escalation.retire_ladder(acting_user=world.users["integrator_admin"], key="alpha")
    assert retired.pk == first.pk
    assert not EscalationLadder.objects.filter(key="alpha", is_current=True).exists()
    assert EscalationLadder.objects.filter(key="alpha").count() == 1
    event = AuditEvent.objects.get(action="governance.ladder.retired")
    assert event.before["version"] == 1
    assert event.before["is_current"] is True
    assert event.before["steps"][0][0] == "operational"
    assert event.after == {"is_current": False}
    with pytest.raises(ValidationError, match="Ladder alpha has no current version to retire"):
        escalation.retire_ladder(acting_user=None, key="alpha")
    again = _ladder(world)
    assert again.version == 2
    assert again.is_current


def test_delete_forum_takes_its_members_and_meetings_along(world: Any) -> None:
    forum = _forum(world)
    pk = forum.pk
    forums.delete_forum(acting_user=world.users["integrator_admin"], forum=forum)
    assert not Forum.objects.filter(pk=pk).exists()
    assert not ForumMembership.objects.filter(forum_id=pk).exists()
    assert not Meeting.objects.filter(forum_id=pk).exists()
    event = AuditEvent.objects.get(action="governance.forum.deleted")
    assert event.before["slug"] == "spare-board"
    assert event.before["members"] == [{"party": world.integrator.slug, "role": "chair"}]
    assert event.before["meetings"] == 1


def test_delete_forum_is_refused_while_it_has_decisions_or_actions(world: Any) -> None:
    forum = _forum(world)
    forums.record_decision(acting_user=None, forum=forum, title="Adopt the charter")
    forums.add_action(
        acting_user=None,
        forum=forum,
        title="Send the charter",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as caught:
        forums.delete_forum(acting_user=None, forum=forum)
    message = " ".join(caught.value.messages)
    assert "Forum spare-board cannot be deleted: it still has 1 decision(s) and 1 action(s)" in (
        message
    )
    assert "decision D-SPARE-BOARD-001" in message
    assert "action 'Send the charter'" in message
    assert Forum.objects.filter(slug="spare-board").exists()
    assert not AuditEvent.objects.filter(action="governance.forum.deleted").exists()


@pytest.mark.parametrize("role", NON_ADMINS)
def test_only_integrator_admins_delete_or_retire(world: Any, role: str) -> None:
    activity, forum = _spare_activity(), _forum(world)
    _ladder(world)
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        raci.delete_activity(acting_user=user, activity=activity)
    with pytest.raises(PermissionDenied):
        escalation.retire_ladder(acting_user=user, key="alpha")
    with pytest.raises(PermissionDenied):
        forums.delete_forum(acting_user=user, forum=forum)
    assert Activity.objects.filter(code="spare").exists()
    assert EscalationLadder.objects.get(key="alpha").is_current
    assert Forum.objects.filter(slug="spare-board").exists()

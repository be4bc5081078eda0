"""Ladder versioning: a new version leaves the old one intact, is audited, and needs the right."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from podium.apps.governance.models import EscalationLadder
from podium.apps.governance.selectors import escalation as selectors
from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.core.escalation import EscalationState, decide
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def _steps(world: Any, first_wait: int) -> list[StepInput]:
    return [
        StepInput(
            "operational", first_wait, "calendar", world.supplier_a.slug, "service_manager", "email"
        ),
        StepInput(
            "strategic", 240, "calendar", world.integrator.slug, "service_manager", "meeting"
        ),
    ]


def test_new_version_keeps_the_old_one(world: Any) -> None:
    admin = world.users["integrator_admin"]
    v1, created = publish_ladder_version(
        acting_user=admin,
        key="alpha",
        name="Alpha",
        party=world.supplier_a.slug,
        steps=_steps(world, 30),
    )
    assert created
    assert v1.version == 1
    same, created = publish_ladder_version(
        acting_user=admin,
        key="alpha",
        name="Alpha",
        party=world.supplier_a.slug,
        steps=_steps(world, 30),
    )
    assert not created
    assert same.pk == v1.pk
    v2, created = publish_ladder_version(
        acting_user=admin,
        key="alpha",
        name="Alpha",
        party=world.supplier_a.slug,
        steps=_steps(world, 15),
        change_note="faster",
    )
    assert created
    assert v2.version == 2
    v1.refresh_from_db()
    assert not v1.is_current
    assert v2.is_current
    assert [s.wait_minutes for s in v1.steps.order_by("position")] == [30, 240]
    assert [s.wait_minutes for s in v2.steps.order_by("position")] == [15, 240]
    assert AuditEvent.objects.filter(action="governance.ladder.version_published").count() == 2
    diff = selectors.version_diff(v1, v2)
    assert any(line.startswith("-1.") and "30 min" in line for line in diff)
    assert any(line.startswith("+1.") and "15 min" in line for line in diff)


def test_snapshot_feeds_the_engine(world: Any) -> None:
    ladder, _ = publish_ladder_version(
        acting_user=None, key="alpha", name="Alpha", steps=_steps(world, 30)
    )
    snap = selectors.snapshot(ladder)
    assert (snap.key, snap.version, len(snap.steps)) == ("alpha", 1, 2)
    nxt = decide(snap, EscalationState(ladder.created_at), ladder.created_at)
    assert nxt is not None
    assert nxt.step.party == world.supplier_a.slug


@pytest.mark.parametrize("role", ["integrator_analyst", "auditor", "party_manager"])
def test_only_integrator_admins_publish(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        publish_ladder_version(
            acting_user=world.users[role], key="alpha", name="Alpha", steps=_steps(world, 30)
        )
    assert not EscalationLadder.objects.exists()


def test_new_version_form_publishes(world: Any) -> None:
    publish_ladder_version(acting_user=None, key="alpha", name="Alpha", steps=_steps(world, 30))
    client = Client()
    client.force_login(world.users["integrator_admin"])
    data = {
        "name": "Alpha",
        "party": "",
        "service": "",
        "change_note": "one step",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-level": "operational",
        "steps-0-wait_minutes": "10",
        "steps-0-wait_kind": "business",
        "steps-0-party": world.supplier_a.slug,
        "steps-0-contact_role": "service_manager",
        "steps-0-channel": "phone",
    }
    response = client.post("/governance/ladders/alpha/new-version/", data)
    assert response.status_code == 302
    current = EscalationLadder.objects.get(key="alpha", is_current=True)
    assert current.version == 2
    assert current.steps.count() == 1
    page = client.get("/governance/ladders/alpha/").content.decode()
    assert "Version 2" in page
    assert "Version 1" in page
    assert "Alpha Cloud lead" in page  # the contact who holds the step's role today

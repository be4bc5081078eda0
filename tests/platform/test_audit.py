"""Services write explicit audit entries inside their transaction, and only for real changes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from podium.apps.ecosystem import services as eco
from podium.apps.ecosystem.services import DependencyCycleError
from podium.apps.governance.services import forums
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_creating_and_changing_a_party_is_audited_with_before_and_after(world: Any) -> None:
    admin = world.users["integrator_admin"]
    eco.ensure_party(acting_user=admin, slug="gamma", name="Gamma SaaS", kind="saas_vendor")
    created = AuditEvent.objects.get(action="ecosystem.party.created", target_label="Gamma SaaS")
    assert created.actor == admin
    assert created.after["kind"] == "saas_vendor"

    eco.ensure_party(acting_user=admin, slug="gamma", name="Gamma SaaS", kind="software_vendor")
    updated = AuditEvent.objects.get(action="ecosystem.party.updated", target_label="Gamma SaaS")
    assert updated.before["kind"] == "saas_vendor"
    assert updated.after["kind"] == "software_vendor"


def test_an_unchanged_ensure_writes_no_audit_entry(world: Any) -> None:
    before = AuditEvent.objects.count()
    eco.ensure_party(acting_user=None, slug="alpha", name="Alpha Cloud", kind="cloud_provider")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["integrator_analyst", "auditor", "party_manager", "party_member"])
def test_only_an_integrator_admin_changes_the_ecosystem(world: Any, role: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        eco.ensure_party(
            acting_user=world.users[role], slug="delta", name="Delta", kind="consultancy"
        )
    assert AuditEvent.objects.count() == before


def test_a_dependency_cycle_is_rejected_and_nothing_is_written(world: Any) -> None:
    eco.add_dependency(acting_user=None, source=world.component_a, target=world.component_b)
    with pytest.raises(DependencyCycleError, match="cycle"):
        eco.add_dependency(acting_user=None, source=world.component_b, target=world.component_a)
    assert list(world.component_b.depends_on.all()) == []


def test_the_same_instant_written_in_another_zone_is_no_change(world: Any) -> None:
    first = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)
    forums.ensure_forum(
        acting_user=None, slug="ops", name="Ops", kind="operational_board", first_meeting_at=first
    )
    before = AuditEvent.objects.count()
    in_amsterdam = first.astimezone(ZoneInfo("Europe/Amsterdam"))
    forums.ensure_forum(acting_user=None, slug="ops", first_meeting_at=in_amsterdam)
    assert AuditEvent.objects.count() == before
    forums.ensure_forum(
        acting_user=None, slug="ops", first_meeting_at=first + dt.timedelta(hours=1)
    )
    assert AuditEvent.objects.count() == before + 1

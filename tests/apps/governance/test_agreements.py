"""The collaboration agreement: versions, acknowledgements once per party, scoped tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from podium.apps.governance.models import Acknowledgement
from podium.apps.governance.services.agreements import acknowledge_agreement, publish_agreement
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def test_versions_and_acknowledgements(world: Any) -> None:
    admin = world.users["integrator_admin"]
    v1, _ = publish_agreement(
        acting_user=admin, title="Rules", text="A.", effective_from=dt.date(2026, 1, 1)
    )
    same, created = publish_agreement(
        acting_user=admin, title="Rules", text="A.", effective_from=dt.date(2026, 1, 1)
    )
    assert not created
    assert same.pk == v1.pk
    v2, created = publish_agreement(
        acting_user=admin, title="Rules", text="A.\nB.", effective_from=dt.date(2026, 6, 1)
    )
    assert created
    assert v2.version == 2
    manager = world.users["party_manager"]
    acknowledge_agreement(acting_user=manager, agreement=v1, at=AT)
    _, again = acknowledge_agreement(acting_user=manager, agreement=v1, at=AT)
    assert not again
    assert Acknowledgement.objects.filter(party=world.supplier_a).count() == 1
    assert AuditEvent.objects.filter(action="governance.agreement.acknowledged").count() == 1
    with pytest.raises(PermissionDenied):
        acknowledge_agreement(acting_user=world.users["party_member"], agreement=v2, at=AT)
    with pytest.raises(PermissionDenied):
        publish_agreement(
            acting_user=manager, title="Mine", text="x", effective_from=dt.date(2026, 1, 1)
        )


def test_page_shows_only_ones_own_acknowledgement_row(world: Any) -> None:
    v1, _ = publish_agreement(
        acting_user=None, title="Rules", text="A.", effective_from=dt.date(2026, 1, 1)
    )
    client = Client()
    client.force_login(world.users["party_manager"])
    page = client.get("/governance/agreement/").content.decode()
    assert "Acknowledge version 1" in page
    assert world.supplier_b.name not in page
    client.post(f"/governance/agreement/{v1.version}/acknowledge/")
    page = client.get("/governance/agreement/").content.decode()
    assert "Your party acknowledged this version." in page
    history = client.get("/governance/agreement/history/").content.decode()
    assert "+A." in history

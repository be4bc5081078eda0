"""The demo's governance: ladders with a version history, five forums, overdue actions, and an
agreement that not every party acknowledged in its latest version; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.apps.changes.choices import CAB_FORUM_SLUG
from podium.apps.governance.models import (
    Acknowledgement,
    Action,
    CollaborationAgreement,
    EscalationLadder,
    Forum,
    Meeting,
)
from podium.core.synthetic import generate_ecosystem
from podium.platform.models import AuditEvent
from podium.site.demo import load_demo

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def test_demo_governance() -> None:
    spec = generate_ecosystem(end=END, months=1)
    load_demo(spec)
    # the five forums of the governance demo, and the change calendar's advisory board
    assert Forum.objects.count() == 6
    assert Forum.objects.filter(slug=CAB_FORUM_SLUG, kind="process_forum").exists()
    assert set(Forum.objects.values_list("kind", flat=True)) == {
        "strategic_board",
        "tactical_board",
        "operational_board",
        "process_forum",
        "working_group",
    }
    assert EscalationLadder.objects.filter(version=2).exists()
    assert all(3 <= ladder.steps.count() <= 4 for ladder in EscalationLadder.objects.all())
    assert Meeting.objects.filter(status="held").exclude(minutes="").exists()
    assert Action.objects.filter(due_on__lt=END, status="open").exists()
    v1, v2 = CollaborationAgreement.objects.order_by("version")
    assert Acknowledgement.objects.filter(agreement=v2).count() < (
        Acknowledgement.objects.filter(agreement=v1).count()
    )
    audits = AuditEvent.objects.count()
    load_demo(spec)
    assert AuditEvent.objects.count() == audits

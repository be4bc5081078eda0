"""The demo's shared goals: objectives with metric-bound and manual key results, check-ins
over six months measured by the engine over the demo's history; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.apps.goals.models import CheckIn, Contribution, KeyResult, Objective
from podium.core.synthetic import generate_ecosystem
from podium.platform.models import AuditEvent
from podium.site.demo import load_demo

pytestmark = pytest.mark.django_db
END = dt.date(2026, 10, 31)


def test_demo_goals() -> None:
    spec = generate_ecosystem(end=END, months=6)
    load_demo(spec)
    assert Objective.objects.count() == 2
    metric_bound = KeyResult.objects.exclude(metric="manual")
    assert metric_bound.count() == 4
    assert KeyResult.objects.filter(metric="manual").count() == 2
    span = CheckIn.objects.order_by("at")
    assert (span.last().at - span.first().at).days >= 130  # type: ignore[union-attr]
    # every metric-bound check-in was measured by the engine, none typed
    assert not CheckIn.objects.filter(key_result__in=metric_bound, computed=False).exists()
    ping = KeyResult.objects.get(metric="ping_pong_share")
    assert ping.current_value is not None
    assert ping.current_value > 0
    assert Contribution.objects.filter(key_result=ping).exists()
    manual = CheckIn.objects.filter(key_result__metric="manual")
    assert manual.exists()
    assert not manual.filter(value__isnull=True).exists()
    audits = AuditEvent.objects.count()
    load_demo(spec)
    assert AuditEvent.objects.count() == audits

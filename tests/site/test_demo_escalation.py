"""The demo's escalation drill: opened once, its ticket climbs two steps of its ladder within
three minutes of the demo starting (the sweep as the worker runs it, at pinned instants), and
breaches only later."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import Escalation
from podium.apps.operations.services import escalations
from podium.site.demo_escalation import open_escalation_drill

pytestmark = pytest.mark.django_db


def _drill(world: Any, now: dt.datetime) -> Any:
    return open_escalation_drill(
        party=world.supplier_a,
        service=world.service_a,
        component=world.component_a,
        integrator=world.integrator,
        now=now,
    )


def test_the_drill_climbs_two_steps_within_three_minutes(world: Any) -> None:
    drill = _drill(world, TEST_NOW)
    assert drill.created
    ticket = drill.ticket
    assert ticket.escalation_ladder.key == "escalation-drill"
    fired: list[tuple[str, dt.timedelta]] = []
    for seconds in range(0, 181, 15):  # a sweep every 15 s, as the worker's chain runs them
        at = TEST_NOW + dt.timedelta(seconds=seconds)
        escalations.sweep(now=at)
        new = Escalation.objects.filter(ticket=ticket).exclude(step__in=[s for s, _ in fired])
        for row in new.order_by("fired_at", "id"):
            fired.append((row.step, row.fired_at - TEST_NOW))
    assert [step for step, _ in fired] == ["warning", "step-1", "step-2"]
    assert fired[0][1] == fired[1][1] == dt.timedelta(0)
    assert dt.timedelta(minutes=2) <= fired[2][1] <= dt.timedelta(minutes=2, seconds=15)


def test_the_drill_is_opened_once(world: Any) -> None:
    first = _drill(world, TEST_NOW)
    again = _drill(world, TEST_NOW + dt.timedelta(hours=1))
    assert not again.created
    assert again.ticket.pk == first.ticket.pk


def test_the_demo_opens_its_drill_on_the_cloud_providers_service() -> None:
    from podium.core.synthetic import generate_ecosystem, parties
    from podium.site.demo import load_demo
    from podium.site.demo_escalation import open_demo_drill

    load_demo(generate_ecosystem(end=dt.date(2026, 6, 30), months=1))
    drill = open_demo_drill(now=TEST_NOW)
    assert drill is not None
    assert drill.created
    assert drill.ticket.current_party.slug == parties.CLOUD
    assert drill.ticket.priority == "P1"
    assert drill.ticket.sla_policy["calendar"] is None or drill.ticket.sla_policy["calendar"].get(
        "always_open"
    )
    escalations.sweep(now=TEST_NOW)
    assert set(drill.ticket.escalations.values_list("step", flat=True)) == {"warning", "step-1"}

"""Trust against ping-pong per party pair: figures from the ticket history, a reading that
says when there are too few pairs, and nothing below the survey's threshold."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.trust import run_wave

from podium.apps.trust.selectors import surveys as selectors

pytestmark = pytest.mark.django_db


def test_each_pair_with_a_shown_trust_score_gets_its_ticket_figures(world: Any) -> None:
    # INC-A went from the integrator's service desk to supplier A after 5 minutes
    run_wave("q4", [(world.integrator, world.supplier_a, (2,) * 5, "")] * 3)
    found = selectors.insight(world.users["integrator_admin"])
    [row] = found.rows
    assert {row.party_a, row.party_b} == {world.integrator, world.supplier_a}
    assert row.figures.trust == 2.0
    assert row.figures.ping_pong == 0.0
    assert row.figures.handoff_delay_hours == pytest.approx(0.08)
    assert found.ping_pong.pairs == 1
    assert "too few to conclude" in found.ping_pong.reading
    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(reverse("trust:insight")).content.decode()
    assert "Only 1 party pair has a trust score to compare" in page
    assert "<circle" in page
    api = client.get("/api/v1/trust/insight").json()
    assert [(p["trust"], p["ping_pong"]) for p in api["pairs"]] == [(2.0, 0.0)]


def test_a_pair_below_the_threshold_is_not_in_the_insight(world: Any) -> None:
    run_wave("q4", [(world.integrator, world.supplier_a, (2,) * 5, "")] * 2)
    found = selectors.insight(world.users["integrator_admin"])
    assert found.rows == ()
    assert found.ping_pong.pairs == 0

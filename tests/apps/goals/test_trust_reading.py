"""Goals read trust: a trust-index key result is the survey wave closed last before its
check-in, above the wave's threshold; the scorecard's relationship column is how the others
rated the party in the wave closed by the month's end, and it counts the kudos it received."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.trust import GOOD, run_wave, trust_key_result

from podium.apps.goals.services import objectives as services
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history
from podium.apps.trust.services import kudos

pytestmark = pytest.mark.django_db
OPENS = dt.date(2026, 10, 1)
CLOSES = dt.date(2026, 10, 15)
DURING = dt.datetime(2026, 10, 10, 10, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
LOW = (2, 2, 2, 2, 2)


@pytest.fixture
def rated(world: Any) -> Any:
    """The integrator and Alpha held one ticket; in October three of each rate the other."""
    at = dt.datetime(2026, 9, 7, 9, tzinfo=dt.UTC)
    import_ticket_history(
        acting_user=None,
        source="trust reading test",
        tickets=[
            HistoricalTicket(
                reference="INC-SHARED",
                title="Web shop slow",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P2",
                status="resolved",
                opened_at=at,
                resolved_at=at + dt.timedelta(hours=2),
                closed_at=None,
                events=(
                    HistoricalEvent(at, "acknowledged", "", world.integrator.pk, "Desk", "sd"),
                    HistoricalEvent(
                        at + dt.timedelta(hours=1),
                        "inProgress",
                        "",
                        world.supplier_a.pk,
                        "Ops",
                        "e",
                    ),
                    HistoricalEvent(
                        at + dt.timedelta(hours=2), "resolved", "", world.supplier_a.pk, "Ops", "e"
                    ),
                ),
            )
        ],
    )
    return run_wave(
        "2026-q4",
        [(world.integrator, world.supplier_a, GOOD, "Alpha restores fast")] * 3
        + [(world.supplier_a, world.integrator, LOW, "")] * 3
        + [(world.supplier_b, world.integrator, LOW, "")] * 2,
        opens_on=OPENS,
        closes_on=CLOSES,
        now=DURING,
    )


def test_a_trust_index_key_result_reads_the_wave_closed_before_its_check_in(
    world: Any, rated: Any
) -> None:
    result = trust_key_result(world, world.supplier_a)
    before = services.check_in(acting_user=None, key_result=result, at=DURING, confidence=5)
    assert (before.value, before.note) == (None, "no survey results yet")
    after = services.check_in(acting_user=None, key_result=result, at=AFTER, confidence=6)
    assert (after.value, after.basis, after.computed) == (4.0, 3, True)
    assert after.progress == pytest.approx(66.7)
    # the worker's refresh reads the same
    result.refresh_from_db()
    assert result.current_value == 4.0


def test_below_the_threshold_a_trust_index_stays_empty(world: Any, rated: Any) -> None:
    result = trust_key_result(world, world.supplier_b)  # rated by nobody
    row = services.check_in(acting_user=None, key_result=result, at=AFTER, confidence=5)
    assert row.value is None


def test_the_scorecard_shows_how_the_others_rate_a_party_and_its_kudos(
    world: Any, rated: Any
) -> None:
    kudos.give_kudos(
        acting_user=None,
        from_party=world.integrator,
        to_party=world.supplier_a,
        message="Fixed the web shop before the sale",
        at=dt.datetime(2026, 10, 20, 15, tzinfo=dt.UTC),
        ticket=world.ticket_a,
    )
    client = Client()
    client.force_login(world.users["integrator_admin"])
    october = {c["party"]: c for c in client.get("/api/v1/goals/scorecards?month=2026-10").json()}
    assert october["alpha"]["relationship"] == 4.0
    assert october["alpha"]["relationship_note"] == ""
    assert october["alpha"]["kudos_received"] == 1
    # the integrator: three of Alpha's and two of Beta's, five together (2.0), shown as a whole
    assert october["office"]["relationship"] == 2.0
    assert october["beta"]["relationship"] is None
    assert october["beta"]["relationship_note"] == "no survey results yet"
    # in September no wave had closed, and no kudos were given
    september = {c["party"]: c for c in client.get("/api/v1/goals/scorecards?month=2026-09").json()}
    assert september["alpha"]["relationship"] is None
    assert september["alpha"]["kudos_received"] == 0
    page = client.get(reverse("goals:scorecard_list"), {"month": "2026-10"}).content.decode()
    assert "4.00" in page
    # a party's users see their own party's reading
    client.force_login(world.users["party_member"])
    [mine] = client.get("/api/v1/goals/scorecards?month=2026-10").json()
    assert (mine["party"], mine["relationship"], mine["kudos_received"]) == ("alpha", 4.0, 1)
    detail = client.get(reverse("goals:scorecard_detail", args=["alpha"]), {"month": "2026-10"})
    assert "4.00" in detail.content.decode()

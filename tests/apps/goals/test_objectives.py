"""Objectives, key results and check-ins: a metric-bound value comes from the engine over the
live tickets, never from the person checking in; rights, audit and the worker's refresh."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from podium.apps.goals import tasks
from podium.apps.goals.models import CheckIn
from podium.apps.goals.services import objectives as services
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)
AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def _resolved(world: Any, reference: str, after: dt.timedelta) -> HistoricalTicket:
    party = world.supplier_a.pk
    return HistoricalTicket(
        reference=reference,
        title="Web shop slow",
        service_id=world.service_a.pk,
        component_id=world.component_a.pk,
        priority="P1",
        status="resolved",
        opened_at=MONDAY,
        resolved_at=MONDAY + after,
        closed_at=None,
        events=(
            HistoricalEvent(MONDAY, "acknowledged", "", world.integrator.pk, "Service desk", "sd"),
            HistoricalEvent(MONDAY + dt.timedelta(minutes=5), "inProgress", "", party, "Ops", "e"),
            HistoricalEvent(MONDAY + after, "resolved", "", party, "Ops", "e"),
        ),
    )


@pytest.fixture
def goal(world: Any) -> Any:
    import_ticket_history(
        acting_user=None,
        source="goals test",
        tickets=[
            _resolved(world, "INC-MET", dt.timedelta(hours=1)),
            _resolved(world, "INC-LATE", dt.timedelta(days=3)),
        ],
    )
    objective, _ = services.ensure_objective(
        acting_user=None,
        title="The web shop restores fast",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        owner=world.supplier_a,
    )
    sla, _ = services.ensure_key_result(
        acting_user=None,
        objective=objective,
        title="Web shop SLA",
        metric="sla_attainment",
        service=world.service_a,
        baseline=40,
        target=90,
        direction="increase",
    )
    manual, _ = services.ensure_key_result(
        acting_user=None,
        objective=objective,
        title="Runbooks reviewed",
        metric="manual",
        unit="runbooks",
        baseline=0,
        target=8,
        direction="increase",
    )
    return objective, sla, manual


def test_a_metric_bound_check_in_is_measured_by_the_engine(world: Any, goal: Any) -> None:
    _, sla, _ = goal
    row = services.check_in(
        acting_user=world.users["party_manager"], key_result=sla, at=AT, confidence=6
    )
    # INC-MET met its 4 h target, INC-LATE did not; INC-A still runs and does not count
    assert (row.value, row.basis, row.computed) == (50.0, 2, True)
    assert row.progress == 20.0
    sla.refresh_from_db()
    assert (sla.current_value, sla.current_progress) == (50.0, 20.0)
    assert AuditEvent.objects.filter(action="goals.check_in.recorded").count() == 1


def test_a_value_typed_for_a_metric_bound_result_is_refused(world: Any, goal: Any) -> None:
    _, sla, _ = goal
    with pytest.raises(ValidationError) as refused:
        services.check_in(acting_user=None, key_result=sla, at=AT, confidence=6, value=99.0)
    assert "value" in refused.value.message_dict
    assert not CheckIn.objects.exists()


def test_a_manual_result_takes_the_value_and_needs_it(world: Any, goal: Any) -> None:
    _, _, manual = goal
    with pytest.raises(ValidationError):
        services.check_in(acting_user=None, key_result=manual, at=AT, confidence=5)
    row = services.check_in(acting_user=None, key_result=manual, at=AT, confidence=5, value=2)
    assert (row.value, row.progress, row.computed) == (2.0, 25.0, False)


def test_confidence_is_one_to_ten_and_nothing_is_half_written(world: Any, goal: Any) -> None:
    _, _, manual = goal
    with pytest.raises(ValidationError):
        services.check_in(acting_user=None, key_result=manual, at=AT, confidence=11, value=2)
    manual.refresh_from_db()
    assert manual.current_value is None
    assert not CheckIn.objects.exists()


def test_only_the_owner_or_the_integrator_checks_in(world: Any, goal: Any) -> None:
    _, _, manual = goal
    for role in ("party_member", "integrator_analyst", "auditor", "other_party_member"):
        with pytest.raises(PermissionDenied):
            services.check_in(
                acting_user=world.users[role], key_result=manual, at=AT, confidence=5, value=1
            )


def test_a_target_behind_the_baseline_is_refused_on_its_field(world: Any, goal: Any) -> None:
    objective, _, _ = goal
    with pytest.raises(ValidationError) as refused:
        services.save_key_result(
            acting_user=None,
            objective=objective,
            key_result=None,
            fields={"title": "Backwards", "baseline": 10, "target": 5, "direction": "increase"},
        )
    assert "target" in refused.value.message_dict


def test_the_worker_refreshes_metric_bound_results_and_queues_its_next_run(
    world: Any, goal: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    _, sla, manual = goal
    changed = services.refresh_key_results(now=AT)
    assert changed == 1
    sla.refresh_from_db()
    manual.refresh_from_db()
    assert sla.current_value == 50.0
    assert sla.measured_at == AT
    assert manual.current_value is None
    assert services.refresh_key_results(now=AT) == 0  # nothing changed, no audit row
    assert AuditEvent.objects.filter(action="goals.key_result.measured").count() == 1
    assert tasks.schedule_refresh() is True
    assert tasks.schedule_refresh() is False  # a chain already queued is not doubled
    assert DBTaskResult.objects.filter(task_path=tasks.refresh_key_results.module_path).count() == 1


def test_the_objective_page_shows_the_chart_and_the_check_in_form_computes(
    world: Any, goal: Any
) -> None:
    objective, sla, _ = goal
    client = Client()
    client.force_login(world.users["party_manager"])
    services.check_in(acting_user=None, key_result=sla, at=AT - dt.timedelta(days=30), confidence=5)
    response = client.post(reverse("goals:check_in", args=[sla.pk]), {"confidence": "7"})
    assert response.status_code == 302
    page = client.get(reverse("goals:objective_detail", args=[objective.pk])).content.decode()
    assert "<svg" in page
    assert "Web shop SLA: check-ins" in page
    assert "measured by Podium" in page
    assert sla.check_ins.count() == 2


def test_the_api_measures_a_check_in_and_refuses_a_typed_value(world: Any, goal: Any) -> None:
    _, sla, _ = goal
    client = Client()
    client.force_login(world.users["integrator_admin"])
    url = f"/api/v1/goals/key-results/{sla.pk}/check-ins"
    refused = client.post(url, json.dumps({"confidence": 6, "value": 99}), "application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "value"
    made = client.post(url, json.dumps({"confidence": 6}), "application/json")
    assert made.status_code == 201
    assert made.json()["value"] == 50.0


def test_a_measurement_stores_who_contributes_and_the_party_sees_its_own_part(
    world: Any, goal: Any
) -> None:
    from podium.apps.goals.models import Contribution

    objective, sla, _ = goal
    services.check_in(acting_user=None, key_result=sla, at=AT, confidence=6)
    parts = list(Contribution.objects.filter(key_result=sla).order_by("-share"))
    # only INC-LATE breached: the desk had it five minutes, Alpha the rest
    assert [p.party.slug for p in parts] == ["alpha", "office"]
    assert round(sum(p.share for p in parts)) == 100
    assert parts[0].share > 95
    again = services.refresh_key_results(now=AT)
    assert again == 0
    assert Contribution.objects.filter(key_result=sla).count() == 2  # replaced, not added

    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(reverse("goals:party_part", args=["alpha"])).content.decode()
    assert "Web shop SLA" in page
    assert client.get(reverse("goals:party_part", args=["beta"])).status_code == 404
    detail = client.get(reverse("goals:objective_detail", args=[objective.pk])).content.decode()
    assert "Who contributes" in detail
    assert "Integrator Office" not in detail.split("Who contributes")[1].split("</table>")[0]


def test_the_scorecard_compares_parties_and_a_party_sees_only_its_own(
    world: Any, goal: Any
) -> None:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    page = client.get(reverse("goals:scorecard_list"), {"month": "2026-10"}).content.decode()
    assert "Alpha Cloud" in page
    assert "Beta Networks" in page
    assert "No survey results yet" in page
    cards = {c["party"]: c for c in client.get("/api/v1/goals/scorecards?month=2026-10").json()}
    # Alpha held INC-MET (met) and INC-LATE (missed) to their end in October
    assert (cards["alpha"]["tickets"], cards["alpha"]["sla_attainment"]) == (2, 50.0)
    assert cards["beta"]["tickets"] == 0
    assert client.get("/api/v1/goals/scorecards?month=2026-13").status_code == 422

    client.force_login(world.users["party_member"])
    mine = client.get("/api/v1/goals/scorecards?month=2026-10").json()
    assert [c["party"] for c in mine] == ["alpha"]
    assert "Beta Networks" not in client.get(reverse("goals:scorecard_list")).content.decode()
    assert client.get(reverse("goals:scorecard_detail", args=["beta"])).status_code == 404

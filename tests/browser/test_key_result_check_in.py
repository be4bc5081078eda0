"""A key-result check-in in the browser: the owner party's manager checks in on a metric-bound
result, whose value Podium measures over the live tickets (no value field to type), and on a
result checked in by hand, whose value is typed; the objective's page then shows both."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

from podium.apps.goals.services import objectives as services
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MONDAY = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)


def _resolved(world: Any, reference: str, after: dt.timedelta) -> HistoricalTicket:
    alpha = world.supplier_a.pk
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
            HistoricalEvent(MONDAY + dt.timedelta(minutes=5), "inProgress", "", alpha, "Ops", "e"),
            HistoricalEvent(MONDAY + after, "resolved", "", alpha, "Ops", "e"),
        ),
    )


def test_a_manager_checks_in_on_a_measured_and_a_manual_key_result(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    # one ticket met its target, one missed it: the engine measures 50 %
    import_ticket_history(
        acting_user=None,
        source="check-in test",
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
    services.ensure_key_result(
        acting_user=None,
        objective=objective,
        title="Web shop SLA",
        metric="sla_attainment",
        service=world.service_a,
        baseline=40,
        target=90,
        direction="increase",
    )
    services.ensure_key_result(
        acting_user=None,
        objective=objective,
        title="Runbooks reviewed",
        metric="manual",
        unit="runbooks",
        baseline=0,
        target=8,
        direction="increase",
        position=1,
    )
    base = live_server.url
    log_in(page, base, world.users["party_manager"].username, password)

    page.goto(f"{base}/goals/objectives/{objective.pk}/")
    sla = page.locator("section").filter(has=page.get_by_role("heading", name="Web shop SLA"))
    expect(sla.get_by_text("No check-ins yet.")).to_be_visible()
    sla.get_by_role("link", name="Check in").click()
    page.wait_for_url("**/check-in/")
    expect(page.get_by_text("Podium measures this result")).to_be_visible()
    expect(page.get_by_label("Value")).to_have_count(0)  # nothing to type
    page.get_by_label("Confidence (1–10)").fill("7")
    page.get_by_label("Note").fill("The late ticket was a vendor bug.")
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(f"**/goals/objectives/{objective.pk}/")
    expect(page.get_by_text("Checked in “Web shop SLA”: 50 %.")).to_be_visible()
    sla = page.locator("section").filter(has=page.get_by_role("heading", name="Web shop SLA"))
    expect(sla.get_by_text("50 % · 20 % of the way")).to_be_visible()
    row = sla.locator("table", has_text="Check-ins").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("The late ticket was a vendor bug.")
    expect(row).to_contain_text("measured by Podium")
    expect(sla.locator("figure.goal-chart svg")).to_have_count(1)

    manual = page.locator("section").filter(
        has=page.get_by_role("heading", name="Runbooks reviewed")
    )
    manual.get_by_role("link", name="Check in").click()
    page.wait_for_url("**/check-in/")
    page.get_by_label("Confidence (1–10)").fill("8")
    page.get_by_role("button", name="Check in").click()
    # a result checked in by hand needs its value: the browser keeps the form on the field
    value = page.get_by_label("Value (runbooks)")
    assert value.evaluate("field => field.validity.valueMissing") is True
    assert page.url.endswith("/check-in/")
    value.fill("2")
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(f"**/goals/objectives/{objective.pk}/")
    manual = page.locator("section").filter(
        has=page.get_by_role("heading", name="Runbooks reviewed")
    )
    expect(manual.get_by_text("2 runbooks · 25 % of the way")).to_be_visible()
    assert page.console_errors == []

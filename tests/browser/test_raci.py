"""The responsibility matrix in a browser: letters as party chips (the name on hover and in the
legend) and a highlighted finding in the grid, and
"who do I call?" finding a service with its contacts and whether the party works now."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _letters(world: Any) -> None:
    from podium.apps.ecosystem import services as eco
    from podium.apps.governance.services import raci

    calendar = eco.ensure_calendar(
        acting_user=None,
        slug="alpha-hours",
        name="Alpha hours",
        time_zone="Europe/Amsterdam",
        weekly_hours={
            day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
        always_open=True,
    )
    world.supplier_a.calendar = calendar
    world.supplier_a.save()
    incident = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution", position=10
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident, party=world.supplier_a, role="R"
    )


def test_grid_shows_letters_and_a_highlighted_finding(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    _letters(world)
    log_in(page, live_server.url, world.users["integrator_analyst"].username, password)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("Governance", exact=True).click()
    nav.get_by_role("link", name="Responsibility matrix", exact=True).click()
    row = page.locator(f"#service-{world.service_a.slug}")
    cell = row.locator('td[data-activity="incident-resolution"]')
    letter = cell.locator(".raci-letter")
    assert letter.locator("b").inner_text() == "R"
    chip = letter.locator("abbr.chip")
    assert (chip.inner_text(), chip.get_attribute("title")) == ("ALP", "Alpha Cloud")
    legend = page.locator(".chip-legend li", has=page.locator("abbr.chip", has_text="ALP"))
    assert "Alpha Cloud" in legend.inner_text()
    finding = cell.locator('mark[data-rule="critical-service-without-incident-accountable"]')
    expect(finding).to_be_visible()
    assert "Critical service without an Accountable" in finding.get_attribute("title")
    assert "Critical service without an Accountable" in finding.inner_text()  # read aloud too
    assert page.console_errors == []


def test_who_do_i_call_finds_a_service(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    _letters(world)
    log_in(page, live_server.url, world.users["party_member"].username, password)
    page.goto(f"{live_server.url}/governance/who-to-call/")
    page.get_by_label("Service or component").fill("web")
    page.get_by_role("button", name="Find").click()
    callee = page.locator('article.callee[data-role="R"]')
    assert "Alpha Cloud" in callee.inner_text()
    assert "lead@alpha.example" in callee.inner_text()
    assert callee.locator(".hours.open").inner_text() == "open now"
    assert page.console_errors == []

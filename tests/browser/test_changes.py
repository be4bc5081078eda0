"""A supplier's member plans a change in the browser, sees at once that it works past another
party's change on a component it depends on, and the integrator approves that other change as
the change advisory board."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in
from tests.support.changes import build_changes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_plans_a_change_and_sees_the_conflict(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    planned = build_changes(world)
    base = live_server.url
    log_in(page, base, world.users["party_member"].username, password)
    page.goto(f"{base}/changes/new/")
    page.get_by_label("Title").fill("Replace the cluster's ingress")
    page.get_by_label("Planned start").fill("2026-12-03T00:30")
    page.get_by_label("Planned end").fill("2026-12-03T01:30")
    page.get_by_label("Components touched").select_option(label=world.component_a.name)
    page.get_by_label("Submit for approval now").check()
    page.get_by_role("button", name="Save").click()

    conflicts = page.locator("#conflicts")
    expect(conflicts).to_contain_text("Dependent components")
    expect(conflicts).to_contain_text(planned.change_gamma.reference)
    expect(conflicts).to_contain_text("Kappa database depends on Alpha cluster")
    expect(conflicts).to_contain_text("Talk to Alpha Cloud and Kappa Data.")
    assert page.console_errors == []

    page.context.clear_cookies()
    log_in(page, base, world.users["integrator_admin"].username, password)
    page.goto(f"{base}/changes/c/{planned.change_gamma.reference}/")
    page.get_by_role("button", name="Approve change").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(planned.change_gamma.reference)
    expect(page.locator(".page-subtitle").first).to_contain_text("Approved")

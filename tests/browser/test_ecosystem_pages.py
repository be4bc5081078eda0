"""The integrator adds a component that depends on another through the form and finds it on the map."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_integrator_creates_a_dependent_component_and_sees_it_on_the_map(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    base = live_server.url
    log_in(page, base, world.users["integrator_admin"].username, password)

    page.goto(f"{base}/ecosystem/components/")
    page.get_by_role("button", name="New").click()  # a link styled as a button
    page.get_by_label("Name").fill("Alpha database")
    page.get_by_label("Kind").select_option("database")
    page.get_by_label("Run by").select_option(label=world.supplier_a.name)
    page.get_by_label("Depends on").select_option(label=world.component_a.name)
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"{base}/ecosystem/components/alpha-database/")
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha database"
    expect(
        page.locator("section", has_text="Depends on").get_by_text("Alpha cluster")
    ).to_be_visible()

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("Ecosystem", exact=True).click()
    nav.get_by_role("link", name="Map").click()
    node = page.locator('svg a[data-kind="component"]', has_text="Alpha database")
    expect(node).to_have_count(1)
    assert page.locator("#map-data").get_by_text("Alpha database").count() >= 1
    assert page.console_errors == []

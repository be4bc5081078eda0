"""Saved views in the browser: the integrator narrows the cockpit, saves the filters under a
name shared with everyone, comes back to the bare cockpit and reopens them from the saved
views; a supplier's member finds the view listed on its party's view, and opening it keeps the
member out of the cockpit as before."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_view_is_saved_and_reopened_with_its_filters(
    chromium: Any, live_server: Any, world: Any, password: str
) -> None:
    base = live_server.url
    service = world.service_a
    page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, world.users["integrator_admin"].username, password)
    page.goto(f"{base}/cockpit/")
    page.locator("#id_period").select_option("7d")
    page.locator("#id_service").select_option(service.slug)
    page.locator("#cockpit-filters button[type=submit]").click()
    page.wait_for_url(f"**/cockpit/?period=7d&service={service.slug}**")

    form = page.locator("#save-view")
    form.get_by_label("Save these filters as").fill("Web shop, this week")
    form.get_by_label("Shared with").select_option("everyone")
    form.get_by_role("button", name="Save view").click()
    page.wait_for_url(f"{base}/cockpit/?period=7d&service={service.slug}")
    expect(page.get_by_text("Saved Web shop, this week.")).to_be_visible()

    page.goto(f"{base}/cockpit/")
    expect(page.locator(".page-subtitle")).to_contain_text("Last 30 days")
    page.locator("#saved-views").get_by_role("link", name="Web shop, this week").click()
    page.wait_for_url(f"{base}/cockpit/?period=7d&service={service.slug}")
    expect(page.locator(".page-subtitle")).to_contain_text("Last 7 days")
    expect(page.locator(".page-subtitle")).to_contain_text(service.name)
    expect(page.locator("#id_period")).to_have_value("7d")

    # a supplier's member sees it listed, and opening it grants nothing: the cockpit is 403
    member = chromium.new_context().new_page()
    log_in(member, base, world.users["party_member"].username, password)
    member.goto(f"{base}/cockpit/party/{world.supplier_a.slug}/")
    link = member.locator("#saved-views").get_by_role("link", name="Web shop, this week")
    expect(link).to_be_visible()
    with member.expect_response(lambda r: r.url.startswith(f"{base}/cockpit/?")) as answer:
        link.click()
    assert answer.value.status == 403
    assert errors == [], errors

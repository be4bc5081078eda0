"""The cockpit and the party view in Chromium, on the demo ecosystem (a month of history up to
the day before the test day): the integrator opens the cockpit from the home page, narrows it
by a filter kept in the URL, opens a chart's "view data" and downloads its CSV, then opens a
supplier's view; the supplier's manager opens their own party's view from the home page, reads
its scorecard and downloads its CSV, and is kept out of the cockpit. Screenshots go to
``<pytest's base temp>/screenshots/`` or ``$PODIUM_SCREENSHOTS``; the README shows the
cockpit's (docs/images/cockpit.png is that picture).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import load_the_demo, log_in_to_the_demo, screenshots_folder
from tests.support.clock import TEST_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1400, "height": 900}
SCORECARD_WAIT_MS = 90_000


@pytest.fixture
def demo(live_server: Any) -> Any:
    from podium.apps.accounts.models import User

    load_the_demo(end=TEST_NOW.date() - dt.timedelta(days=1))
    return User.objects.get(username="supplier-manager")


def _downloaded_rows(page: Any, link: Any) -> list[dict[str, str]]:
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_integrator_and_supplier_manager_read_the_cockpit_and_the_party_view(
    chromium: Any, demo: Any, live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = screenshots_folder(tmp_path_factory)
    base = live_server.url
    party = demo.party
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # the integrator: home → cockpit
    log_in_to_the_demo(page, base, "integrator")
    page.locator("#overview-link").click()
    page.wait_for_url(f"{base}/cockpit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cockpit")
    expect(page.locator("#needs-attention [data-attention]").first).to_be_visible()
    expect(page.locator("#service-health tbody tr").first).to_be_visible()
    page.screenshot(path=str(folder / "cockpit-integrator.png"))

    # a filter, kept in the URL
    page.locator("#id_period").select_option("7d")
    page.locator("#cockpit-filters button[type=submit]").click()
    page.wait_for_url("**/cockpit/?period=7d**")
    expect(page.locator(".page-subtitle")).to_contain_text("Last 7 days")
    page.screenshot(path=str(folder / "cockpit-integrator-7d.png"))

    # "view data" under the trend chart, and its CSV
    chart = page.locator("#chart-service-trend")
    expect(chart.locator("svg")).to_be_visible()
    chart.get_by_text("View data").click()
    table = chart.locator("[data-view-data] table")
    expect(table).to_be_visible()
    shown = table.locator("tbody tr").count()
    rows = _downloaded_rows(page, chart.locator("a[data-csv]"))
    assert rows, "the trend's CSV holds rows"
    assert set(rows[0]) == {"service", "bucket", "attainment"}
    assert len(rows) == shown, "the CSV holds the rows the table shows"
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "cockpit-integrator-view-data.png"))

    # a supplier's view, from the cockpit
    page.locator("#party-views").get_by_role("link", name=party.name).click()
    page.wait_for_url(f"{base}/cockpit/party/{party.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(party.name)
    # the card loads after the page: four months of history through the engine
    expect(page.locator("#scorecard")).to_be_visible(timeout=SCORECARD_WAIT_MS)
    page.screenshot(path=str(folder / "party-view-integrator.png"))
    assert errors == [], errors
    context.close()

    # the supplier's manager: home → own party's view; the cockpit is not theirs
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in_to_the_demo(page, base, "supplier-manager")
    page.locator("#overview-link").click()
    page.wait_for_url(f"{base}/cockpit/party/{party.slug}/")
    expect(page.locator("#live-clocks")).to_be_visible()
    card = page.locator("#chart-scorecard-trend")
    expect(card).to_be_visible(timeout=SCORECARD_WAIT_MS)
    if card.locator("a[data-csv]").count():
        card.get_by_text("View data").click()
        expect(card.locator("[data-view-data] table")).to_be_visible()
        rows = _downloaded_rows(page, card.locator("a[data-csv]"))
        assert {r["figure"] for r in rows} <= {
            "OLA attainment",
            "SLA attainment",
            "Hand-offs taken within 1 h",
        }
    page.screenshot(path=str(folder / "party-view-supplier-manager.png"), full_page=True)
    response = page.goto(f"{base}/cockpit/")
    assert response is not None
    assert response.status == 403
    other = next(p for p in ("deskline", "meridian-networks") if p != party.slug)
    response = page.goto(f"{base}/cockpit/party/{other}/")
    assert response is not None
    assert response.status == 404
    context.close()
    assert errors == [] or all("403" in e or "404" in e for e in errors), errors

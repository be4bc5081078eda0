"""The trust map in the browser: the integrator reads every pair above the threshold with its
trend since the wave before and the ecosystem average; a supplier's engineer reads only the
pairs its own party is in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in
from tests.support.trust import run_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page: Any, party_name: str) -> Any:
    return page.locator("table.trust-map tbody tr").filter(
        has=page.get_by_role("rowheader").filter(has_text=party_name)
    )


def test_the_trust_map_shows_pairs_their_trend_and_only_ones_own_to_a_party(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    office, alpha, beta = world.integrator, world.supplier_a, world.supplier_b
    run_wave(
        "2026-q3",
        [(office, alpha, (4,) * 5, "")] * 3 + [(alpha, office, (2,) * 5, "")] * 3,
        opens_on=dt.date(2026, 9, 1),
        closes_on=dt.date(2026, 9, 14),
        now=dt.datetime(2026, 9, 5, 10, tzinfo=dt.UTC),
    )
    run_wave(
        "2026-q4",
        [(office, alpha, (5,) * 5, "")] * 3
        + [(alpha, office, (3,) * 5, "")] * 3
        + [(beta, office, (1,) * 5, "")] * 3,
    )
    base = live_server.url
    log_in(page, base, world.users["integrator_admin"].username, password)
    page.goto(f"{base}/trust/map/")
    expect(page.get_by_role("heading", name="Trust map")).to_be_visible()
    expect(page.get_by_text("Wave 2026-q4, trends since Wave 2026-q3")).to_be_visible()
    # the ecosystem average: (3 × 5 + 3 × 3 + 3 × 1) / 9 = 3.00, up from (4 + 2) / 2
    expect(page.get_by_role("heading", name="Ecosystem average: 3.00 (+0.00)")).to_be_visible()
    office_row = _row(page, "Integrator Office")
    alpha_row = _row(page, "Alpha Cloud")
    beta_row = _row(page, "Beta Networks")
    expect(office_row.locator("td.bg-green-lt")).to_have_text("5.00 (+1.00)")
    expect(alpha_row.locator("td.bg-lime-lt")).to_have_text("3.00 (+1.00)")
    expect(beta_row.locator("td.bg-red-lt")).to_have_text("1.00")  # not rated the wave before
    assert page.console_errors == []

    page.context.clear_cookies()
    log_in(page, base, world.users["party_member"].username, password)
    page.goto(f"{base}/trust/map/")
    expect(alpha_row.locator("td.bg-lime-lt")).to_have_text("3.00 (+1.00)")
    expect(office_row.locator("td.bg-green-lt")).to_have_text("5.00 (+1.00)")
    expect(page.locator("table.trust-map")).not_to_contain_text("Beta Networks")
    expect(page.get_by_role("heading", name="Ecosystem average: 3.00 (+0.00)")).to_be_visible()
    assert page.console_errors == []

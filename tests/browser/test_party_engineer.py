"""A supplier's engineer logs in, sees their party's home page, and is kept out of another party's."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_party_engineer_sees_own_party_and_not_another(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    engineer = world.users["party_member"]
    log_in(page, live_server.url, engineer.username, password)

    assert page.get_by_role("heading", level=1).inner_text() == world.supplier_a.name
    figures = {
        name: page.locator(f'[data-figure="{name}"]').inner_text()
        for name in ("parties", "services", "components", "open_tickets")
    }
    assert figures == {"parties": "1", "services": "1", "components": "1", "open_tickets": "1"}

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("Ecosystem", exact=True).click()
    nav.get_by_role("link", name="Parties", exact=True).click()
    expect(page.get_by_role("link", name=world.supplier_a.name)).to_be_visible()
    expect(page.get_by_text(world.supplier_b.name)).to_have_count(0)
    assert page.console_errors == [], "pages of one's own party load without errors"

    response = page.goto(f"{live_server.url}/ecosystem/parties/{world.supplier_b.slug}/")
    assert response is not None
    assert response.status == 404
    response = page.goto(f"{live_server.url}/operations/tickets/{world.ticket_b.reference}/")
    assert response is not None
    assert response.status == 404


def test_wrong_password_is_refused_with_a_message(page: Any, live_server: Any, world: Any) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill(world.users["party_member"].username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "/login/" in page.url


def test_log_out_from_the_user_menu(page: Any, live_server: Any, world: Any, password: str) -> None:
    log_in(page, live_server.url, world.users["integrator_admin"].username, password)
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url

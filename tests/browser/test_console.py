"""The console in a browser: menus reached and left with the keyboard, the appearance switch in
the user menu (kept for the next page), a toast for what an htmx request reports, and times
whose exact instant is on hover."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_menus_open_move_and_close_with_the_keyboard(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    log_in(page, live_server.url, world.users["party_member"].username, password)
    menu = page.locator("details.nav-menu", has_text="Ecosystem")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    assert menu.evaluate("m => m.open")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Parties"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Services"
    page.keyboard.press("Escape")
    assert not menu.evaluate("m => m.open")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    menu.locator("summary").click()
    page.locator("h1").click()  # a click outside closes it
    assert not menu.evaluate("m => m.open")
    assert page.console_errors == []


def test_the_appearance_follows_the_system_until_chosen_in_the_user_menu(
    chromium: Any, live_server: Any, world: Any, password: str
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    log_in(page, live_server.url, world.users["integrator_admin"].username, password)
    theme = "document.documentElement.dataset.bsTheme"
    assert page.evaluate(theme) == "dark"
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Light").click()
    assert page.evaluate(theme) == "light"
    assert page.get_by_role("button", name="Light").get_attribute("aria-pressed") == "true"
    page.goto(f"{live_server.url}/ecosystem/parties/")
    assert page.evaluate(theme) == "light"
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="System").click()
    assert page.evaluate(theme) == "dark"
    context.close()


def test_an_htmx_status_change_shows_a_toast(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    from podium.apps.governance.services import forums

    forum = forums.ensure_forum(
        acting_user=None, slug="alpha-review", name="Alpha review", kind="tactical_board"
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="member")
    forums.add_action(
        acting_user=None,
        forum=forum,
        title="Send the capacity plan",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 1, 2),
    )
    log_in(page, live_server.url, world.users["party_member"].username, password)
    page.goto(f"{live_server.url}/governance/actions/")
    control = page.locator("form[data-action-status]")
    control.get_by_label("Status of Send the capacity plan").select_option("in_progress")
    control.get_by_role("button", name="Set").click()
    toast = page.locator("#toasts .toast")
    toast.wait_for()
    assert toast.inner_text() == "“Send the capacity plan” is now in progress."
    due = page.locator("td time[datetime='2026-01-02']")
    assert due.inner_text() == "2026-01-02"
    assert due.get_attribute("title").endswith("ago")
    assert page.console_errors == []

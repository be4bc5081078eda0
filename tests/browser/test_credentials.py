"""The integrator makes a token for a supplier's tool on the credentials page, copies it with the
button (a script the strict CSP allows), finds it nowhere afterwards, and revokes it: the TMF621
API refuses it at once."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TMF_LIST = "/tmf-api/troubleTicket/v5/troubleTicket"


def _tmf_status(base: str, token: str) -> int:
    """What the TMF621 API answers a tool with only this token (no browser session)."""
    request = urllib.request.Request(
        f"{base}{TMF_LIST}", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_create_copy_and_revoke_a_token(
    chromium: Any, live_server: Any, world: Any, password: str
) -> None:
    base = live_server.url
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        log_in(page, base, world.users["integrator_admin"].username, password)

        nav = page.get_by_role("navigation", name="Main")
        nav.get_by_text("Operations", exact=True).click()
        nav.get_by_role("link", name="Integration credentials").click()
        page.wait_for_url(f"{base}/operations/credentials/")
        page.get_by_role("button", name="New credential").click()  # a link styled as a button
        page.get_by_label("Party").select_option(label=world.supplier_b.name)
        page.get_by_label("Name").fill("Beta ServiceNow")
        page.get_by_role("button", name="Create the token").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Token for Beta ServiceNow")
        expect(page.get_by_role("alert")).to_contain_text("it will not be shown again")
        token = page.locator("#new-secret").inner_text().strip()
        assert token.startswith("pod_")
        assert len(token) > 40
        copy = page.locator('button[data-copy="new-secret"]')
        expect(copy).to_have_text("Copy")
        expect(copy).to_be_visible()
        copy.click()
        expect(copy).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == token

        assert _tmf_status(base, token) == 200

        page.get_by_role("link", name="back to the credentials").click()
        page.wait_for_url(f"{base}/operations/credentials/")
        assert token not in page.content()
        row = page.locator("tr", has_text="Beta ServiceNow")
        expect(row).to_contain_text("Active")
        expect(row.locator("td").nth(4)).to_have_text("now")  # last used: the call above
        row.get_by_role("link", name="Revoke").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Revoke Beta ServiceNow?")
        page.get_by_role("button", name="Revoke the token").click()
        page.wait_for_url(f"{base}/operations/credentials/")
        expect(page.get_by_role("status").first).to_contain_text("refused from now on")
        expect(page.locator("tr", has_text="Beta ServiceNow")).to_contain_text("Revoked")
        assert token not in page.content()

        assert _tmf_status(base, token) == 401
        assert errors == [], "the pages load and copy without a browser error (CSP included)"
    finally:
        context.close()

"""The integrator prepares a forum's next meeting, reads the agenda, records a decision, marks
the meeting held and then marks an open action done from the forum page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_integrator_runs_a_forum_meeting(
    page: Any, live_server: Any, world: Any, password: str
) -> None:
    from podium.apps.governance.models import Action
    from podium.apps.governance.services import forums

    forum = forums.ensure_forum(
        acting_user=None,
        slug="alpha-review",
        name="Alpha service review",
        kind="tactical_board",
        cadence="FREQ=WEEKLY",
        first_meeting_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    forums.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="member")
    forums.add_action(
        acting_user=None,
        forum=forum,
        title="Send the capacity plan",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 1, 2),
    )

    base = live_server.url
    log_in(page, base, world.users["integrator_admin"].username, password)

    page.goto(f"{base}/governance/forums/alpha-review/")
    page.get_by_role("button", name="Prepare next meeting").click()
    page.wait_for_url("**/governance/meetings/*/")
    agenda = page.locator("section[aria-labelledby=agenda-heading]")
    overdue = agenda.locator("li.overdue")
    assert "Send the capacity plan" in overdue.first.inner_text()
    assert "(overdue)" in overdue.first.inner_text()

    page.get_by_text("Record a decision").click()
    page.get_by_label("Title").fill("Move the review to Thursdays")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decisions").get_by_text("Move the review to Thursdays")).to_be_visible()

    page.get_by_role("button", name="Mark held").click()
    assert page.locator("[data-status]").inner_text() == "Held"

    page.goto(f"{base}/governance/forums/alpha-review/")
    control = page.locator("form[data-action-status]")
    control.get_by_label("Status of Send the capacity plan").select_option("done")
    control.get_by_role("button", name="Set").click()
    page.get_by_role("status").filter(has_text="Saved: Done").wait_for()
    action = Action.objects.get(title="Send the capacity plan")
    assert action.status == "done"
    assert page.console_errors == []

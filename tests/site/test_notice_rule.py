"""One rule says when a contract needs notice soon (`podium.core.contract_terms`): the contract
list and page, the home page, a forum's agenda and the matrix's findings agree on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.ecosystem.filters import contract_status
from podium.apps.governance.selectors import forums as agenda
from podium.apps.governance.selectors import raci as findings
from podium.apps.governance.services import forums, raci
from podium.core.raci import CONTRACT_EXPIRING

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)  # the test clock's day


def _flagged_everywhere(world: Any) -> dict[str, bool]:
    contract = world.contract_a
    contract.refresh_from_db()
    forum = forums.ensure_forum(
        acting_user=None, slug="alpha-board", name="Alpha board", kind="tactical_board"
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="member")
    integrator = Client()
    integrator.force_login(world.users["integrator_admin"])
    listed = integrator.get(reverse("ecosystem:contract_list") + "?status=notice_soon")
    home = integrator.get(reverse("home"))
    on_agenda = [i.ref for i in agenda.notice_deadline_items(forum, TODAY)]
    found = findings.findings_visible_to(world.users["integrator_admin"], as_of=TODAY)
    return {
        "status": contract_status(contract, TODAY) == "notice_soon",
        "list": contract.reference in listed.content.decode(),
        "home": contract.reference in home.content.decode(),
        "agenda": contract.reference in on_agenda,
        "finding": any(
            f.rule == CONTRACT_EXPIRING and f.party == world.supplier_a.pk for f in found
        ),
    }


@pytest.mark.parametrize(
    ("ends_on", "notice_days", "flagged"),
    [
        (dt.date(2027, 4, 30), 90, True),  # deadline 2027-01-30: ahead, within 90 days
        (dt.date(2027, 2, 28), 120, True),  # deadline passed (2026-10-31), ends within 90 days
        (dt.date(2027, 12, 31), 400, False),  # deadline passed, ends beyond: locked in, active
        (dt.date(2027, 12, 31), 90, False),  # deadline 2027-10-02: far ahead
    ],
)
def test_every_view_flags_the_same_contracts(
    world: Any, ends_on: dt.date, notice_days: int, flagged: bool
) -> None:
    incident = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=incident, party=world.supplier_a, role="R"
    )
    world.contract_a.ends_on = ends_on
    world.contract_a.notice_period_days = notice_days
    world.contract_a.save()
    assert _flagged_everywhere(world) == dict.fromkeys(
        ("status", "list", "home", "agenda", "finding"), flagged
    )

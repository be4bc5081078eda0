"""A party's internal notes on its change reach only its own users and the integrator: never
another party through the calendar feeds (.ics, signed in or by the feed secret), the list's CSV
export, the change advisory board's agenda (every member reads it: no notes at all, even for
the integrator) or the API (pages and tools). Each check also reads the change itself, so a
channel that dropped the change would not pass for one that kept its notes home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.changes import ALPHA_NOTES, GAMMA_NOTES, advisory_board, signed_in
from tests.support.clock import TEST_NOW

from podium.apps.changes.services import approvals, changes

pytestmark = pytest.mark.django_db


def test_the_feeds_hold_another_partys_change_but_not_its_notes(world: Any, planned: Any) -> None:
    from podium.apps.accounts.services import rotate_calendar_feed_token

    kappa = planned.gamma_member
    client = signed_in(kappa)
    token = rotate_calendar_feed_token(acting_user=kappa, user=kappa)
    feeds = {
        "Alpha's feed": client.get(reverse("changes:party_changes_calendar", args=["alpha"])),
        "the web shop's feed": client.get(
            reverse("changes:service_calendar", args=[world.service_a.slug])
        ),
        "Alpha's feed by secret": Client().get(
            reverse("changes_party_feed", args=[token, "alpha"])
        ),
        "the web shop's feed by secret": Client().get(
            reverse("changes_service_feed", args=[token, world.service_a.slug])
        ),
    }
    for name, answer in feeds.items():
        body = answer.content.decode()
        assert answer.status_code == 200, name
        assert planned.change_a.reference in body, name
        assert ALPHA_NOTES not in body, name
    own = client.get(reverse("changes:party_calendar")).content.decode()
    assert planned.change_gamma.reference in own  # Kappa's own feed, its own change
    alpha = signed_in(world.users["party_member"])
    theirs = alpha.get(reverse("changes:party_changes_calendar", args=["kappa"])).content
    assert planned.change_gamma.reference.encode() in theirs
    assert GAMMA_NOTES.encode() not in theirs


def test_the_csv_export_holds_every_window_and_no_notes(world: Any, planned: Any) -> None:
    for user, foreign in (
        (planned.gamma_member, ALPHA_NOTES),
        (world.users["party_member"], GAMMA_NOTES),
        (world.users["other_party_member"], ALPHA_NOTES),
    ):
        answer = signed_in(user).get(reverse("changes:change_list") + "?export=csv")
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/csv")
        body = b"".join(answer.streaming_content).decode()  # type: ignore[attr-defined]
        assert planned.change_a.reference in body
        assert planned.change_gamma.reference in body
        assert foreign not in body


def test_the_advisory_boards_agenda_and_pack_carry_no_notes(world: Any, planned: Any) -> None:
    from podium.apps.governance.selectors.forums import agenda_for
    from podium.apps.governance.services import forums

    board = advisory_board()
    # one change awaiting approval, one failed that asked for a retrospective
    failed = approvals.decide_change(
        acting_user=world.users["integrator_admin"], change=planned.change_a, decision="approved"
    )
    for status in ("scheduled", "in_progress", "failed"):
        failed = changes.move_change(acting_user=None, change=failed, status=status)
    changes.ask_for_retrospective(
        acting_user=world.users["party_member"], change=failed, reason="Why the nodes hung"
    )
    agenda = agenda_for(board, today=TEST_NOW.date())
    texts = [i.text for s in agenda.sections for i in s.items]
    assert any(planned.change_gamma.reference in t for t in texts)  # awaiting approval
    assert any("Why the nodes hung" in t for t in texts)  # the retrospective asked for
    for text in texts:
        assert ALPHA_NOTES not in text
        assert GAMMA_NOTES not in text
    meeting = forums.schedule_meeting(
        acting_user=None, forum=board, starts_at=dt.datetime(2026, 12, 8, 9, tzinfo=dt.UTC)
    )
    pack = signed_in(world.users["integrator_admin"]).get(
        reverse("cockpit:pack", kwargs={"pk": meeting.pk})
    )
    assert pack.status_code == 200
    html = pack.content.decode()
    assert planned.change_gamma.reference in html
    assert ALPHA_NOTES not in html
    assert GAMMA_NOTES not in html


def test_the_api_gives_the_notes_to_the_implementer_and_the_integrator_only(
    world: Any, planned: Any
) -> None:
    from podium.apps.operations.services import credentials

    _, token = credentials.create_credential(
        acting_user=None, party=planned.gamma, name="Kappa CI", now=TEST_NOW
    )
    tool = Client(headers={"Authorization": f"Bearer {token}"})
    a = planned.change_a.reference
    for caller in (signed_in(planned.gamma_member), tool):
        listed = caller.get("/api/v1/changes/changes")
        one = caller.get(f"/api/v1/changes/changes/{a}")
        assert (listed.status_code, one.status_code) == (200, 200)
        assert ALPHA_NOTES not in listed.content.decode()
        assert one.json()["internal_notes"] is None
        assert one.json()["components"] == ["alpha-k8s"]
        # Kappa's own change answers with its conflicts, which name Alpha's change, not its notes
        own = caller.get(f"/api/v1/changes/changes/{planned.change_gamma.reference}").json()
        assert own["internal_notes"] == GAMMA_NOTES
        assert any(c["other"] == a for c in own["conflicts"])
        assert ALPHA_NOTES not in str(own)
    for reader in (world.users["party_member"], world.users["integrator_analyst"]):
        assert signed_in(reader).get(f"/api/v1/changes/changes/{a}").json()["internal_notes"] == (
            ALPHA_NOTES
        )

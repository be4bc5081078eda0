"""The change calendar beyond its pages: the .ics feeds per party and per service (the same
access as the party's own feed), and the change advisory board's agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.changes import ALPHA_NOTES, GAMMA_NOTES, advisory_board, signed_in

pytestmark = pytest.mark.django_db


def test_a_services_feed_holds_the_changes_on_what_it_needs(world: Any, planned: Any) -> None:
    client = signed_in(world.users["party_member"])
    url = reverse("changes:service_calendar", args=[world.service_a.slug])
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    body = answer.content.decode()
    assert f"{planned.change_a.reference} Patch the Alpha cluster" in body
    # Kappa's database needs the cluster, but the web shop does not need the database
    assert planned.change_gamma.reference not in body
    assert ALPHA_NOTES not in body
    assert "Changes on Web shop" in body
    missing = client.get(reverse("changes:service_calendar", args=["no-such-service"]))
    assert missing.status_code == 404


def test_another_partys_feed_holds_its_changes_but_never_its_notes(
    world: Any, planned: Any
) -> None:
    client = signed_in(world.users["party_member"])  # supplier A's member reads Kappa's
    body = client.get(
        reverse("changes:party_changes_calendar", args=[planned.gamma.slug])
    ).content.decode()
    assert planned.change_gamma.reference in body
    assert planned.change_a.reference not in body
    assert GAMMA_NOTES not in body
    assert client.get(reverse("changes:party_changes_calendar", args=["nobody"])).status_code == 404


def test_the_feed_secret_opens_the_service_and_party_feeds(world: Any, planned: Any) -> None:
    from podium.apps.accounts.services import rotate_calendar_feed_token

    member = world.users["party_member"]
    token = rotate_calendar_feed_token(acting_user=member, user=member)
    anonymous = Client()
    service = anonymous.get(reverse("changes_service_feed", args=[token, world.service_a.slug]))
    assert service.status_code == 200
    assert planned.change_a.reference in service.content.decode()
    party = anonymous.get(reverse("changes_party_feed", args=[token, planned.gamma.slug]))
    assert planned.change_gamma.reference in party.content.decode()
    wrong = anonymous.get(reverse("changes_service_feed", args=["x" * 40, world.service_a.slug]))
    assert wrong.status_code == 404


def test_changes_awaiting_approval_are_on_the_change_advisory_boards_agenda(
    world: Any, planned: Any
) -> None:
    from podium.apps.governance.selectors.forums import agenda_for
    from podium.apps.governance.services import forums

    board = advisory_board()
    other = forums.ensure_forum(
        acting_user=None, slug="service-review", name="Service review", kind="tactical_board"
    )
    agenda = agenda_for(board, today=dt.date(2026, 12, 1))
    section = next(s for s in agenda.sections if s.title == "Changes awaiting approval")
    texts = [item.text for item in section.items]
    a, gamma = planned.change_a.reference, planned.change_gamma.reference
    assert texts == [
        f"{a} Patch the Alpha cluster — Alpha Cloud, normal, "
        f"Wed 02 Dec 22:00–Thu 03 Dec 02:00 (UTC): dependent components with {gamma}",
        f"{gamma} Upgrade the Kappa database — Kappa Data, normal, "
        f"Wed 02 Dec 23:00–Thu 03 Dec 01:00 (UTC): dependent components with {a}",
    ]
    assert [item.party for item in section.items] == [world.supplier_a.pk, planned.gamma.pk]
    # once decided, a change leaves the agenda
    from podium.apps.changes.services import approvals

    approvals.decide_change(
        acting_user=world.users["integrator_admin"], change=planned.change_a, decision="approved"
    )
    later = agenda_for(board, today=dt.date(2026, 12, 1))
    section = next(s for s in later.sections if s.title == "Changes awaiting approval")
    assert [item.ref for item in section.items] == [gamma]
    titles = [s.title for s in agenda_for(other, today=dt.date(2026, 12, 1)).sections]
    assert "Changes awaiting approval" not in titles


def test_the_calendar_links_the_feed_of_what_it_is_filtered_by(world: Any, planned: Any) -> None:
    client = signed_in(world.users["party_member"])
    day = "day=2026-12-02"
    page = client.get(f"/changes/calendar/?{day}&service={world.service_a.slug}").content
    assert reverse("changes:service_calendar", args=[world.service_a.slug]).encode() in page
    page = client.get(f"/changes/calendar/?{day}&party=kappa").content
    assert reverse("changes:party_changes_calendar", args=["kappa"]).encode() in page
    page = client.get(f"/changes/calendar/?{day}&party=not a slug!").content
    assert reverse("changes:party_calendar").encode() in page

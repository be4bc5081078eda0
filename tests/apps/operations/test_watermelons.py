"""Watermelon alerts where people see them: per service the viewer may see, from the tickets'
kept SLA policies, naming only tickets the viewer may open; the window is the page's choice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import Ticket
from podium.apps.operations.selectors import watermelons
from podium.apps.operations.services import (
    HistoricalEvent,
    HistoricalTicket,
    clocks,
    import_ticket_history,
)

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def _ticket(
    world: Any, reference: str, service: Any, holds: list[tuple[Any, float]], start: dt.datetime
) -> None:
    """A resolved ticket held by each party for so many hours in turn, against a 3 h target
    end to end and 2 h for each party."""
    events, at = [], start
    for party, hours in holds:
        events.append(HistoricalEvent(at, "inProgress", "", party.pk, "Ops", "eng"))
        at += hours * H
    events.append(HistoricalEvent(at, "resolved", "", holds[-1][0].pk, "Ops", "eng"))
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            HistoricalTicket(
                reference=reference,
                title="Slow",
                service_id=service.pk,
                component_id=None,
                priority="P2",
                status="resolved",
                opened_at=start,
                resolved_at=at,
                closed_at=None,
                events=tuple(events),
            )
        ],
    )
    ticket = Ticket.objects.get(reference=reference)
    ticket.sla_policy = {
        "version": 1,
        "priority": "P2",
        "resolution_seconds": 3 * 3600,
        "party_targets": {
            world.integrator.slug: 7200,
            world.supplier_a.slug: 7200,
            world.supplier_b.slug: 7200,
        },
        "calendar": None,
        "pauses": ["held", "pending"],
        "stops": ["cancelled", "closed", "rejected", "resolved"],
    }
    ticket.save(update_fields=["sla_policy"])
    clocks.recompute(ticket, now=TEST_NOW)  # the verdict it keeps, under that policy


@pytest.fixture
def melons(world: Any) -> None:
    start = TEST_NOW - dt.timedelta(days=2)
    _ticket(
        world, "WM-1", world.service_a, [(world.integrator, 1.75), (world.supplier_a, 1.75)], start
    )
    _ticket(world, "RED-1", world.service_a, [(world.supplier_a, 4)], start)
    _ticket(
        world, "WM-B", world.service_b, [(world.integrator, 1.75), (world.supplier_b, 1.75)], start
    )
    _ticket(
        world,
        "WM-OLD",
        world.service_a,
        [(world.integrator, 1.75), (world.supplier_a, 1.75)],
        TEST_NOW - dt.timedelta(days=60),
    )


def test_the_integrator_sees_every_service_and_its_watermelons(world: Any, melons: None) -> None:
    found = watermelons.watermelon_alerts(world.users["integrator_analyst"], TEST_NOW)
    assert [(row.service.slug, row.alert.tickets, row.alert.breached) for row in found] == [
        ("branch-voice", ("WM-B",), 1),
        ("web-shop", ("WM-1",), 2),
    ]
    longer = watermelons.watermelon_alerts(
        world.users["integrator_analyst"], TEST_NOW, dt.timedelta(days=90)
    )
    assert [r.alert.tickets for r in longer if r.service.slug == "web-shop"] == [("WM-1", "WM-OLD")]


def test_a_party_sees_the_services_it_serves_and_names_only_its_tickets(
    world: Any, melons: None
) -> None:
    found = watermelons.watermelon_alerts(world.users["party_member"], TEST_NOW)
    assert [row.service.slug for row in found] == ["web-shop"]
    assert [t.reference for t in found[0].tickets] == ["WM-1"]
    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(reverse("operations:watermelon_list")).content.decode()
    assert "WM-1" in page
    assert "WM-B" not in page
    assert "Branch voice" not in page


def test_the_page_offers_its_windows(world: Any, melons: None) -> None:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    url = reverse("operations:watermelon_list")
    assert "WM-OLD" not in client.get(url).content.decode()
    assert "WM-OLD" in client.get(url, {"days": "90"}).content.decode()
    assert "last 30 days" in client.get(url, {"days": "12345"}).content.decode()


def test_the_tactical_board_has_the_watermelons_on_its_agenda(world: Any, melons: None) -> None:
    from podium.apps.governance.selectors.forums import agenda_for
    from podium.apps.governance.services import forums

    board = forums.ensure_forum(
        acting_user=None, slug="tactical", name="Tactical board", kind="tactical_board"
    )
    [section] = [
        s for s in agenda_for(board, today=TEST_NOW.date()).sections if s.title == "Watermelons"
    ]
    assert [(i.ref, i.about_object) for i in section.items] == [
        ("branch-voice", ("service", world.service_b.pk)),
        ("web-shop", ("service", world.service_a.pk)),
    ]
    assert section.items[1].text.startswith("Web shop: 1 of 2 tickets")


def test_the_service_page_shows_its_verdict_and_names_only_what_the_viewer_may_open(
    world: Any, melons: None
) -> None:
    _ticket(
        world,
        "WM-AB",
        world.service_a,
        [(world.integrator, 1.75), (world.supplier_b, 1.75)],
        TEST_NOW - dt.timedelta(days=2),
    )
    url = reverse("ecosystem:service_detail", args=[world.service_a.slug])
    staff = Client()
    staff.force_login(world.users["integrator_analyst"])
    page = staff.get(url).content.decode()
    assert "Watermelons, last 30 days" in page
    assert "2 of the 3 tickets that missed the end-to-end target" in page
    assert "WM-1" in page
    assert "WM-AB" in page
    assert "RED-1" not in page  # late in supplier A's hands: its own report shows it
    assert "WM-OLD" not in page  # outside the window
    party = Client()
    party.force_login(world.users["party_member"])
    page = party.get(url).content.decode()
    assert "2 of the 3 tickets" in page
    assert "WM-1" in page
    assert "WM-AB" not in page
    assert "1 ticket of other parties" in page


def test_a_service_without_breaches_says_so(world: Any) -> None:
    client = Client()
    client.force_login(world.users["integrator_analyst"])
    page = client.get(reverse("ecosystem:service_detail", args=[world.service_a.slug]))
    assert "No ticket missed the end-to-end target." in page.content.decode()

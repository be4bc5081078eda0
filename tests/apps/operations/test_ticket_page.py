"""The ticket page: a compact header with when it is due, and tabs — timeline, clocks, parties
and RACI, related — each scoped to the viewer like the ticket itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.ecosystem import services as eco
from podium.apps.governance.services import raci
from podium.apps.operations import selectors
from podium.apps.operations.services import HistoricalEvent, HistoricalTicket, import_ticket_history

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shared_ticket(world: Any) -> Any:
    """INC-AB: on Beta's WAN, handed from Alpha to Beta and back; A and B both held it."""
    events = (
        HistoricalEvent(AT, "acknowledged", "", world.integrator.pk, "Service desk", "sd"),
        HistoricalEvent(AT + dt.timedelta(hours=1), "inProgress", "", world.supplier_a.pk, "", ""),
        HistoricalEvent(AT + dt.timedelta(hours=3), "inProgress", "", world.supplier_b.pk, "", ""),
        HistoricalEvent(
            AT + dt.timedelta(hours=4), "pending", "Wait - Vendor", world.supplier_b.pk, "", ""
        ),
        HistoricalEvent(AT + dt.timedelta(hours=6), "resolved", "", world.supplier_a.pk, "", ""),
    )
    eco.ensure_contract(
        acting_user=None,
        reference="C-BETA-1",
        party=world.supplier_b,
        targets=[{"priority": "P1", "response_minutes": 15, "resolution_minutes": 240}],
    )
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            HistoricalTicket(
                reference="INC-AB",
                title="Branch voice crackles",
                service_id=world.service_b.pk,
                component_id=world.component_b.pk,
                priority="P1",
                status="resolved",
                opened_at=AT,
                resolved_at=AT + dt.timedelta(hours=6),
                closed_at=None,
                events=events,
            )
        ],
    )
    return selectors.tickets_visible_to(world.users["integrator_admin"]).get(reference="INC-AB")


def test_the_clocks_run_on_the_policy_the_ticket_kept_and_pause_while_pending(
    world: Any,
) -> None:
    ticket = _shared_ticket(world)
    assert ticket.sla_policy["contract"] == "C-BETA-1"  # beta runs the component
    clocks = selectors.ticket_clocks(
        world.users["integrator_admin"], ticket, AT + dt.timedelta(days=1)
    )
    assert clocks is not None
    assert clocks.contract.reference == "C-BETA-1"
    clock = clocks.end_to_end
    assert clock.state == "stopped"
    # 6 hours open, 2 of them pending (paused): 4 hours against a 4-hour target, around the clock
    assert (clock.elapsed_seconds, clock.target_seconds) == (4 * 3600, 240 * 60)
    assert clock.due_at == AT + dt.timedelta(hours=6)
    assert not clock.breached
    assert [(s.party.slug, s.running, s.seconds) for s in clock.segments] == [
        ("office", True, 3600.0),
        ("alpha", True, 7200.0),
        ("beta", True, 3600.0),
        ("beta", False, 7200.0),
    ]
    shares = {p.party.slug: (p.seconds, p.share) for p in clocks.time_in_hands}
    assert shares == {"office": (3600, 25), "alpha": (7200, 50), "beta": (3600, 25)}
    # every party's clock, each against its own covering target (else the end-to-end one)
    assert {p.party.slug: (p.elapsed_seconds, p.target_seconds) for p in clocks.parties} == {
        "office": (3600.0, 14400.0),
        "alpha": (7200.0, 14400.0),
        "beta": (3600.0, 14400.0),
    }
    # the page shows what the stored clocks say: the live path and the page are one
    assert ticket.clock_state["elapsed_seconds"] == clock.elapsed_seconds


def test_the_page_keeps_the_policy_the_ticket_opened_with(world: Any) -> None:
    """A target added to the contract after the ticket opened does not move its clock."""
    eco.ensure_contract(
        acting_user=None,
        reference="C-ALPHA-1",
        party=world.supplier_a,
        targets=[{"priority": "P2", "response_minutes": 15, "resolution_minutes": 60}],
    )
    ticket = selectors.tickets_visible_to(world.users["integrator_admin"]).get(
        reference=world.ticket_a.reference
    )
    clocks = selectors.ticket_clocks(world.users["integrator_admin"], ticket, AT)
    assert clocks is not None
    assert (clocks.contract, clocks.end_to_end.target_seconds) == (None, 8 * 3600.0)


def test_a_party_sees_the_end_to_end_clock_and_only_its_own_party_clock(world: Any) -> None:
    ticket = _shared_ticket(world)
    clocks = selectors.ticket_clocks(world.users["party_member"], ticket, AT + dt.timedelta(days=1))
    assert clocks is not None
    assert clocks.contract is None  # Beta's contract is not Alpha's to read
    assert (clocks.end_to_end.elapsed_seconds, clocks.end_to_end.target_seconds) == (
        4 * 3600,
        240 * 60,
    )
    assert [p.party.slug for p in clocks.parties] == ["alpha"]
    client = _client(world.users["party_member"])
    url = reverse("operations:ticket_detail", args=["INC-AB"])
    for tab in ("timeline", "clocks", "parties", "related"):
        body = client.get(url, {"tab": tab}).content.decode()
        for marker in ("C-BETA-1", 'id="clock-beta"', 'id="clock-office"', "Beta Networks's clock"):
            assert marker not in body, (tab, marker)
    body = client.get(url, {"tab": "clocks"}).content.decode()
    assert 'id="clock-end-to-end"' in body
    assert 'id="clock-alpha"' in body
    admin = _client(world.users["integrator_admin"]).get(url, {"tab": "clocks"}).content.decode()
    for marker in ("C-BETA-1", 'id="clock-beta"', 'id="clock-office"', 'id="clock-alpha"'):
        assert marker in admin, marker


def test_the_clock_tab_renders_times_in_the_viewer_s_zone(world: Any) -> None:
    ticket = _shared_ticket(world)
    user = world.users["integrator_admin"]
    user.time_zone = "Asia/Tokyo"
    user.save(update_fields=["time_zone"])
    body = (
        _client(user)
        .get(reverse("operations:ticket_detail", args=[ticket.reference]), {"tab": "clocks"})
        .content.decode()
    )
    # due 15:00 UTC is midnight in Tokyo (UTC+9)
    assert "2026-10-06 00:00" in body


@pytest.mark.parametrize("tab", ["timeline", "clocks", "parties", "related"])
def test_every_tab_of_one_s_own_ticket_shows_nothing_of_another_party(world: Any, tab: str) -> None:
    activity = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.supplier_a, role="R"
    )
    raci.assign(
        acting_user=None, obj=world.service_b, activity=activity, party=world.supplier_b, role="R"
    )
    response = _client(world.users["party_member"]).get(
        reverse("operations:ticket_detail", args=[world.ticket_a.reference]), {"tab": tab}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'aria-current="page">{dict(TABS)[tab]}' in body
    for marker in ("Beta", "INC-B", "C-BETA-1", "beta-wan", world.supplier_b.code):
        assert marker not in body, (tab, marker)


TABS = {
    "timeline": "Timeline",
    "clocks": "Clocks",
    "parties": "Parties and RACI",
    "related": "Related",
}


def test_the_tabs_show_what_they_say(world: Any) -> None:
    activity = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None, obj=world.service_a, activity=activity, party=world.supplier_a, role="R"
    )
    eco.ensure_contract(
        acting_user=None,
        reference="C-ALPHA-1",
        party=world.supplier_a,
        targets=[{"priority": "P2", "response_minutes": 15, "resolution_minutes": 240}],
    )
    client = _client(world.users["integrator_admin"])
    url = reverse("operations:ticket_detail", args=[world.ticket_a.reference])
    timeline = client.get(url).content.decode()
    assert timeline.count('<li class="handoff">') == 1  # the service desk hands it to Alpha
    assert 'title="Alpha Cloud">ALP</abbr>' in timeline
    clocks = client.get(url, {"tab": "clocks"}).content.decode()
    assert "from the SLA policy the ticket kept when it opened" in clocks  # P2 came later
    assert 'id="clock-end-to-end"' in clocks
    assert 'id="clock-alpha"' in clocks
    parties = client.get(url, {"tab": "parties"})
    assert [h.party.slug for h in parties.context["holders"]] == ["office", "alpha"]
    assert [r.activity for r in parties.context["responsibilities"]] == ["Incident resolution"]
    related = client.get(url, {"tab": "related"}).content.decode()
    assert "none you may see" in related
    assert client.get(url, {"tab": "nonsense"}).context["tab"] == "timeline"

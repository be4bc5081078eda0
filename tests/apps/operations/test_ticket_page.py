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
    eco.ensure_contract(
        acting_user=None,
        reference="C-BETA-1",
        party=world.supplier_b,
        targets=[{"priority": "P1", "response_minutes": 15, "resolution_minutes": 240}],
    )
    return selectors.tickets_visible_to(world.users["integrator_admin"]).get(reference="INC-AB")


def test_the_clock_runs_against_the_covering_contract_and_pauses_while_pending(
    world: Any,
) -> None:
    ticket = _shared_ticket(world)
    clock = selectors.ticket_clock(
        world.users["integrator_admin"], ticket, AT + dt.timedelta(days=1)
    )
    assert clock is not None
    assert clock.contract.reference == "C-BETA-1"
    assert clock.state == "stopped"
    # 6 hours open, 2 of them pending (paused): 4 hours against a 4-hour target, around the clock
    assert (clock.elapsed_seconds, clock.target_seconds) == (4 * 3600, 240 * 60)
    assert clock.due_at == AT + dt.timedelta(hours=6)
    assert not clock.breached
    shares = {p.party.slug: (p.seconds, p.share) for p in clock.parties}
    assert shares == {"office": (3600, 25), "alpha": (7200, 50), "beta": (3600, 25)}


def test_a_party_never_sees_another_party_s_contract_through_a_shared_ticket(world: Any) -> None:
    ticket = _shared_ticket(world)
    clock = selectors.ticket_clock(world.users["party_member"], ticket, AT + dt.timedelta(days=1))
    assert clock is not None
    assert (clock.contract, clock.target_seconds, clock.due_at) == (None, None, None)
    assert clock.elapsed_seconds == 4 * 3600  # wall-clock time, paused while pending
    client = _client(world.users["party_member"])
    url = reverse("operations:ticket_detail", args=["INC-AB"])
    for tab in ("timeline", "clocks", "parties", "related"):
        body = client.get(url, {"tab": tab}).content.decode()
        assert "C-BETA-1" not in body, tab
        assert "No contract target you may see" in body or tab != "clocks"


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
    assert "C-ALPHA-1 sets 4 h of business time for" in clocks
    parties = client.get(url, {"tab": "parties"})
    assert [h.party.slug for h in parties.context["holders"]] == ["office", "alpha"]
    assert [r.activity for r in parties.context["responsibilities"]] == ["Incident resolution"]
    related = client.get(url, {"tab": "related"}).content.decode()
    assert "C-ALPHA-1" in related
    assert client.get(url, {"tab": "nonsense"}).context["tab"] == "timeline"

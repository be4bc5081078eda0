"""Every list page and the responsibility matrix make a number of queries that does not grow
with the rows they show: measured with two rows of the listed kind added to the test world,
then again with ten more, for the integrator and for a party's manager (whose rows carry
per-row rights)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.support.trust import make_wave

from podium.apps.ecosystem import services as eco
from podium.apps.governance.services import escalation, forums, raci
from podium.apps.operations.services import (
    HistoricalEvent,
    HistoricalTicket,
    credentials,
    import_ticket_history,
)

pytestmark = pytest.mark.django_db
MORE = 10
AT = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


def _parties(world: Any, indices: range) -> None:
    for i in indices:
        eco.ensure_party(acting_user=None, slug=f"extra-{i}", name=f"Extra {i}", kind="consultancy")


def _services(world: Any, indices: range) -> None:
    for i in indices:
        service = eco.ensure_service(
            acting_user=None, slug=f"svc-{i}", name=f"Service {i}", criticality="high"
        )
        eco.link_service_components(
            acting_user=None, service=service, components=[world.component_a]
        )


def _components(world: Any, indices: range) -> None:
    for i in indices:
        eco.ensure_component(
            acting_user=None,
            slug=f"cmp-{i}",
            name=f"Component {i}",
            kind="database",
            run_by=world.supplier_a,
        )


def _contracts(world: Any, indices: range) -> None:
    for i in indices:
        eco.ensure_contract(
            acting_user=None,
            reference=f"C-EXTRA-{i}",
            party=world.supplier_a,
            title=f"Extra {i}",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2030, 1, 1),
            services=[world.service_a],
            targets=[{"priority": "P1", "response_minutes": 15, "resolution_minutes": 240}],
        )


def _contacts(world: Any, indices: range) -> None:
    for i in indices:
        eco.ensure_contact(
            acting_user=None, party=world.supplier_a, name=f"Person {i}", role="on_call"
        )


def _calendars(world: Any, indices: range) -> None:
    for i in indices:
        eco.save_calendar(
            acting_user=None,
            slug=f"cal-{i}",
            name=f"Calendar {i}",
            time_zone="Europe/Amsterdam",
            weekly_hours="mon-fri 09:00-17:00",
        )


def _tickets(world: Any, indices: range) -> None:
    import_ticket_history(
        acting_user=None,
        source="query counts",
        tickets=[
            HistoricalTicket(
                reference=f"INC-X{i}",
                title="More",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P3",
                status="inProgress",
                opened_at=AT,
                resolved_at=None,
                closed_at=None,
                events=(HistoricalEvent(AT, "inProgress", "", world.supplier_a.pk, "Ops", "eng"),),
            )
            for i in indices
        ],
    )


def _credentials(world: Any, indices: range) -> None:
    for i in indices:
        credentials.create_credential(
            acting_user=None, party=world.supplier_a, name=f"Tool {i}", now=AT
        )


def _notifications(world: Any, indices: range) -> None:
    from podium.apps.operations.services import notifications

    for i in indices:
        notifications.notify(
            users=[world.users["integrator_admin"], world.users["party_manager"]],
            event_type="org.podium.ticket.assigned",
            key=f"count-{i}",
            title=f"INC-A came to your party ({i})",
            link="/operations/tickets/INC-A/",
            now=AT,
        )


def _webhooks(world: Any, indices: range) -> None:
    from podium.apps.operations.services import notifications

    for i in indices:
        notifications.create_webhook(
            acting_user=None,
            party=world.supplier_a,
            callback=f"https://hooks.alpha.example/{i}",
            event_types=[],
            now=AT,
        )


def _deliveries(world: Any, indices: range) -> None:
    from podium.apps.operations.models import Delivery
    from podium.apps.operations.services import hub, notifications

    webhook, _ = notifications.create_webhook(
        acting_user=None,
        party=world.supplier_a,
        callback=f"https://hooks.alpha.example/log-{indices.start}",
        event_types=[],
        now=AT,
    )
    for i in indices:
        hub.queue(
            Delivery(
                kind="cloudevent",
                subscription=webhook,
                ticket=world.ticket_a,
                event_id=f"evt-{i}",
                event_type="org.podium.escalation.breach",
                body="{}",
                created_at=AT,
                next_attempt_at=AT,
            )
        )


def _activities(world: Any, indices: range) -> None:
    for i in indices:
        raci.ensure_activity(acting_user=None, code=f"act-{i}", name=f"Activity {i}")


def _ladders(world: Any, indices: range) -> None:
    for i in indices:
        escalation.publish_ladder_version(
            acting_user=None,
            key=f"ladder-{i}",
            name=f"Ladder {i}",
            party=world.supplier_a.slug,
            steps=[
                escalation.StepInput(
                    "operational", 30, "business", world.supplier_a.slug, "on_call", "phone"
                )
            ],
        )


def _forum(world: Any, i: int) -> Any:
    forum = forums.ensure_forum(
        acting_user=None, slug=f"forum-{i}", name=f"Forum {i}", kind="working_group"
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="chair")
    return forum


def _forums(world: Any, indices: range) -> None:
    for i in indices:
        _forum(world, i)


def _decisions(world: Any, indices: range) -> None:
    for i in indices:
        forums.record_decision(
            acting_user=None, forum=_forum(world, i), title=f"Decision {i}", status="proposed"
        )


def _actions(world: Any, indices: range) -> None:
    for i in indices:
        forums.add_action(
            acting_user=None,
            forum=_forum(world, i),
            title=f"Action {i}",
            owner_party=world.supplier_a,
            due_on=dt.date(2026, 1, 1),
        )


def _matrix(world: Any, indices: range) -> None:
    activity = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    _services(world, indices)
    for i in indices:
        service = eco.ensure_service(
            acting_user=None, slug=f"svc-{i}", name=f"Service {i}", criticality="high"
        )
        raci.assign(
            acting_user=None, obj=service, activity=activity, party=world.supplier_a, role="R"
        )


def _changes(world: Any, indices: range) -> None:
    from podium.apps.changes.services import changes

    night = dt.datetime(2026, 12, 2, 22, 0, tzinfo=dt.UTC)
    for i in indices:
        changes.create_change(
            acting_user=None,
            implementer=world.supplier_a,
            title=f"Change {i}",
            planned_start=night + dt.timedelta(days=i),
            planned_end=night + dt.timedelta(days=i, hours=2),
            components=[world.component_a],
        )


def _blackouts(world: Any, indices: range) -> None:
    from podium.apps.changes.services import windows

    for i in indices:
        windows.save_blackout(
            acting_user=None,
            name=f"Freeze {i}",
            starts_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC) + dt.timedelta(days=i),
            ends_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC) + dt.timedelta(days=i),
            services=[world.service_a],
        )


def _objectives(world: Any, indices: range) -> None:
    from podium.apps.goals.services import objectives

    for i in indices:
        objective, _ = objectives.ensure_objective(
            acting_user=None,
            title=f"Objective {i}",
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 12, 31),
            owner=world.supplier_a,
        )
        objectives.ensure_key_result(
            acting_user=None,
            objective=objective,
            title=f"Result {i}",
            metric="ola_attainment",
            party=world.supplier_b,
            baseline=70,
            target=95,
            direction="increase",
        )


def _waves(world: Any, indices: range) -> None:
    for i in indices:
        make_wave(
            f"wave-{i}",
            name=f"Wave {i}",
            period=f"2026-{i}",
            opens_on=dt.date(2026, 11, 1),
            closes_on=dt.date(2026, 12, 15),
        )


def _retrospectives(world: Any, indices: range) -> None:
    from podium.apps.trust.services import retrospectives

    for i in indices:
        retro = retrospectives.record_retrospective(
            acting_user=None,
            title=f"Quarter {i}",
            kind="quarterly",
            held_on=dt.date(2026, 10, 1),
            parties=[world.integrator, world.supplier_a],
        )
        retrospectives.add_retro_action(
            acting_user=None,
            retrospective=retro,
            title=f"Retro action {i}",
            owner_party=world.supplier_a,
            due_on=dt.date(2026, 12, 20),
        )


def _kudos(world: Any, indices: range) -> None:
    from podium.apps.trust.services import kudos

    for i in indices:
        kudos.give_kudos(
            acting_user=world.users["party_member"],
            to_party=world.integrator,
            message=f"Thanks {i}",
            ticket=world.ticket_a,
            at=AT,
        )


def _gatherings(world: Any, indices: range) -> None:
    from podium.apps.trust.services import gatherings

    for i in indices:
        gatherings.plan_gathering(
            acting_user=None,
            title=f"Gathering {i}",
            kind="celebration",
            starts_at=AT,
            parties=[world.integrator, world.supplier_a],
        )


def _incident_tickets(world: Any, prefix: str, indices: range, holders: list[Any]) -> list[Any]:
    """Open tickets of the web shop handed between `holders` an hour apart, held last by the
    last of them."""
    from podium.apps.operations.models import Ticket

    import_ticket_history(
        acting_user=None,
        source="query counts",
        tickets=[
            HistoricalTicket(
                reference=f"{prefix}{i}",
                title=f"Incident {i}",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P2",
                status="inProgress",
                opened_at=AT,
                resolved_at=None,
                closed_at=None,
                events=tuple(
                    HistoricalEvent(
                        AT + dt.timedelta(hours=n), "inProgress", "", party.pk, "Ops", "eng"
                    )
                    for n, party in enumerate(holders)
                ),
            )
            for i in indices
        ],
    )
    return list(Ticket.objects.filter(reference__in=[f"{prefix}{i}" for i in indices]))


def _arbitrations(world: Any, indices: range) -> None:
    from podium.apps.operations.services import arbitration

    office, alpha = world.integrator, world.supplier_a
    found = _incident_tickets(world, "INC-PP", indices, [office, alpha] * 3)
    arbitration.review_bounces([t.pk for t in found], now=AT + dt.timedelta(days=1))


def _major_incidents(world: Any, indices: range) -> None:
    from podium.apps.operations.services import major_incidents

    for ticket in _incident_tickets(world, "INC-MI", indices, [world.supplier_a]):
        major_incidents.declare_major_incident(
            acting_user=None, ticket=ticket, title=f"Outage {ticket.reference}", now=AT
        )


def _watermelons(world: Any, indices: range, service: str | None = None) -> None:
    """A service per index with one ticket green for each of its parties, red end to end (or
    that many such tickets of one service)."""
    from django.utils import timezone

    from podium.apps.operations.models import Ticket

    if service is None:
        _services(world, indices)
    start = timezone.now() - dt.timedelta(days=1)
    import_ticket_history(
        acting_user=None,
        source="query counts",
        tickets=[
            HistoricalTicket(
                reference=f"WM-{i}",
                title="Slow",
                service_id=eco_service(service or f"svc-{i}").pk,
                component_id=None,
                priority="P2",
                status="resolved",
                opened_at=start,
                resolved_at=start + dt.timedelta(hours=4),
                closed_at=None,
                events=(
                    HistoricalEvent(start, "inProgress", "", world.integrator.pk, "SD", "sd"),
                    HistoricalEvent(
                        start + dt.timedelta(hours=2), "inProgress", "", world.supplier_a.pk, "", ""
                    ),
                    HistoricalEvent(
                        start + dt.timedelta(hours=4), "resolved", "", world.supplier_a.pk, "", ""
                    ),
                ),
            )
            for i in indices
        ],
    )
    Ticket.objects.filter(reference__in=[f"WM-{i}" for i in indices]).update(
        sla_policy={
            "version": 1,
            "priority": "P2",
            "resolution_seconds": 3 * 3600,
            "party_targets": {"office": 7200 + 1, "alpha": 7200 + 1},
            "calendar": None,
            "pauses": ["held", "pending"],
            "stops": ["resolved"],
        }
    )


def eco_service(slug: str) -> Any:
    from podium.apps.ecosystem.models import Service

    return Service.objects.get(slug=slug)


PAGES: dict[str, Callable[[Any, range], None]] = {
    "changes:change_list": _changes,
    "changes:blackout_list": _blackouts,
    "ecosystem:party_list": _parties,
    "ecosystem:service_list": _services,
    "ecosystem:component_list": _components,
    "ecosystem:contract_list": _contracts,
    "ecosystem:contact_list": _contacts,
    "ecosystem:calendar_list": _calendars,
    "operations:ticket_list": _tickets,
    "operations:credential_list": _credentials,
    "operations:arbitration_list": _arbitrations,
    "operations:major_incident_list": _major_incidents,
    "operations:watermelon_list": _watermelons,
    "operations:inbox": _notifications,
    "operations:webhook_list": _webhooks,
    "operations:delivery_list": _deliveries,
    "governance:activity_list": _activities,
    "governance:ladder_list": _ladders,
    "governance:forum_list": _forums,
    "governance:decision_list": _decisions,
    "governance:action_list": _actions,
    "governance:raci_grid": _matrix,
    "goals:objective_list": _objectives,
    "goals:scorecard_list": _parties,
    "trust:wave_list": _waves,
    "trust:retrospective_list": _retrospectives,
    "trust:retro_action_list": _retrospectives,
    "trust:kudos_list": _kudos,
    "trust:gathering_list": _gatherings,
}

# The pinned numbers, so that a change is seen (session, user, the user menu's party, the count
# and the rows, and what a page adds to that once).
PINNED: dict[tuple[str, str], int] = {
    ("changes:blackout_list", "integrator_admin"): 6,
    ("changes:blackout_list", "party_manager"): 8,
    ("changes:change_list", "integrator_admin"): 6,
    ("changes:change_list", "party_manager"): 6,
    ("ecosystem:calendar_list", "integrator_admin"): 5,
    ("ecosystem:calendar_list", "party_manager"): 6,
    ("ecosystem:component_list", "integrator_admin"): 5,
    ("ecosystem:component_list", "party_manager"): 7,
    ("ecosystem:contact_list", "integrator_admin"): 5,
    ("ecosystem:contact_list", "party_manager"): 7,
    ("ecosystem:contract_list", "integrator_admin"): 5,
    ("ecosystem:contract_list", "party_manager"): 7,
    ("ecosystem:party_list", "integrator_admin"): 5,
    ("ecosystem:party_list", "party_manager"): 7,
    ("ecosystem:service_list", "integrator_admin"): 5,
    ("ecosystem:service_list", "party_manager"): 10,
    ("governance:action_list", "integrator_admin"): 5,
    ("governance:action_list", "party_manager"): 5,
    ("governance:activity_list", "integrator_admin"): 5,
    ("governance:activity_list", "party_manager"): 5,
    ("governance:decision_list", "integrator_admin"): 5,
    ("governance:decision_list", "party_manager"): 6,
    ("governance:forum_list", "integrator_admin"): 5,
    ("governance:forum_list", "party_manager"): 5,
    ("governance:ladder_list", "integrator_admin"): 5,
    ("governance:ladder_list", "party_manager"): 5,
    # the matrix reads the parties its letters name once, for their chips and the legend
    ("governance:raci_grid", "integrator_admin"): 18,
    ("governance:raci_grid", "party_manager"): 24,
    ("operations:ticket_list", "integrator_admin"): 5,
    ("operations:ticket_list", "party_manager"): 5,
    ("operations:credential_list", "integrator_admin"): 5,
    ("operations:credential_list", "party_manager"): 5,
    ("operations:arbitration_list", "integrator_admin"): 7,
    ("operations:arbitration_list", "party_manager"): 9,
    ("operations:major_incident_list", "integrator_admin"): 4,
    ("operations:major_incident_list", "party_manager"): 4,
    ("operations:watermelon_list", "integrator_admin"): 8,
    ("operations:watermelon_list", "party_manager"): 11,
    # the inbox counts its unread ones for the page's subtitle
    ("operations:inbox", "integrator_admin"): 6,
    ("operations:inbox", "party_manager"): 6,
    ("operations:webhook_list", "integrator_admin"): 5,
    ("operations:webhook_list", "party_manager"): 5,
    ("operations:delivery_list", "integrator_admin"): 5,
    ("operations:delivery_list", "party_manager"): 5,
    ("goals:objective_list", "integrator_admin"): 5,
    ("goals:objective_list", "party_manager"): 5,
    # the parties, the ticket history of the four months (tickets, the policies of tickets
    # loaded from history, asked once per stretch of unchanged contracts, events), one average
    # of the contributions per month, the survey waves (and the answers of each counted), the
    # kudos of the four months
    ("goals:scorecard_list", "integrator_admin"): 12,
    ("goals:scorecard_list", "party_manager"): 12,
    ("trust:wave_list", "integrator_admin"): 5,
    ("trust:retrospective_list", "integrator_admin"): 5,
    ("trust:retrospective_list", "party_manager"): 7,
    ("trust:retro_action_list", "integrator_admin"): 5,
    ("trust:retro_action_list", "party_manager"): 5,
    ("trust:kudos_list", "integrator_admin"): 5,
    ("trust:kudos_list", "party_manager"): 5,
    ("trust:gathering_list", "integrator_admin"): 5,
    ("trust:gathering_list", "party_manager"): 7,
    # "New wave" is asked of its rule, refused: Django's model permissions are asked too, once
    ("trust:wave_list", "party_manager"): 7,
}


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm caches that are per process, not per request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["integrator_admin", "party_manager"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_query_count_does_not_grow_with_the_rows(world: Any, name: str, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    url = reverse(name)
    PAGES[name](world, range(2))
    before = _count(client, url)
    PAGES[name](world, range(2, 2 + MORE))
    after = _count(client, url)
    assert after == before, f"{name} as {role}: {before} queries, then {after} with {MORE} more"
    assert after == PINNED[(name, role)], f"{name} as {role} now makes {after} queries"


# The business-service page with its watermelon card: its tickets with an event in the window and
# their events, the tickets the viewer may open among the watermelons; as many with ten more.
SERVICE_PINNED = {"integrator_admin": 9, "party_manager": 15}


@pytest.mark.parametrize("role", sorted(SERVICE_PINNED))
def test_service_page_query_count_does_not_grow_with_its_watermelons(world: Any, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    url = reverse("ecosystem:service_detail", args=[world.service_a.slug])
    _watermelons(world, range(2), service=world.service_a.slug)
    before = _count(client, url)
    assert "WM-1" in client.get(url).content.decode()
    _watermelons(world, range(2, 2 + MORE), service=world.service_a.slug)
    after = _count(client, url)
    assert after == before, f"the service page as {role}: {before} queries, then {after}"
    assert after == SERVICE_PINNED[role], f"the service page as {role} now makes {after} queries"


# The home page: what needs attention (findings, overdue actions and decisions, contracts, the
# tickets a party holds), the numbers and the kudos feed; constant in the overdue actions, open
# tickets and kudos.
# A party's member is refused the menu's credentials page: a refused rule asks Django's model
# permissions too (two queries, once a request). The kudos feed is one query.
HOME_PINNED = {"integrator_admin": 26, "party_manager": 34, "party_member": 36}


def _overdue_and_open(world: Any, indices: range) -> None:
    _actions(world, indices)
    _tickets(world, indices)
    _kudos(world, indices)


@pytest.mark.parametrize("role", sorted(HOME_PINNED))
def test_home_query_count_does_not_grow_with_what_needs_attention(world: Any, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    url = reverse("home")
    _overdue_and_open(world, range(2))
    before = _count(client, url)
    _overdue_and_open(world, range(2, 2 + MORE))
    after = _count(client, url)
    assert after == before, f"home as {role}: {before} queries, then {after} with {MORE} more"
    assert after == HOME_PINNED[role], f"home as {role} now makes {after} queries"


# The API's lists, the same way: each row's related slugs (the components a party may see, a
# contract's targets) come in one query for the page, not one per row.
API_LISTS: dict[str, Callable[[Any, range], None]] = {
    "/api/v1/changes/changes": _changes,
    "/api/v1/ecosystem/parties": _parties,
    "/api/v1/ecosystem/services": _services,
    "/api/v1/ecosystem/components": _components,
    "/api/v1/ecosystem/contracts": _contracts,
    "/api/v1/ecosystem/contacts": _contacts,
    "/api/v1/ecosystem/calendars": _calendars,
    "/api/v1/operations/tickets": _tickets,
    "/api/v1/governance/activities": _activities,
    "/api/v1/governance/ladders": _ladders,
    "/api/v1/governance/forums": _forums,
    "/api/v1/governance/decisions": _decisions,
    "/api/v1/governance/actions": _actions,
    "/api/v1/governance/raci": _matrix,
    "/api/v1/goals/objectives": _objectives,
    "/api/v1/trust/surveys": _waves,
    "/api/v1/trust/retrospectives": _retrospectives,
    "/api/v1/trust/retro-actions": _retrospectives,
    "/api/v1/trust/kudos": _kudos,
    "/api/v1/trust/gatherings": _gatherings,
}
API_PINNED: dict[tuple[str, str], int] = {
    ("/api/v1/changes/changes", "integrator_admin"): 4,
    ("/api/v1/changes/changes", "party_manager"): 4,
    ("changes:blackout_list", "integrator_admin"): 6,
    ("changes:blackout_list", "party_manager"): 8,
    ("changes:change_list", "integrator_admin"): 6,
    ("changes:change_list", "party_manager"): 6,
    ("/api/v1/ecosystem/calendars", "integrator_admin"): 4,
    ("/api/v1/ecosystem/calendars", "party_manager"): 4,
    ("/api/v1/ecosystem/components", "integrator_admin"): 5,
    ("/api/v1/ecosystem/components", "party_manager"): 5,
    ("/api/v1/ecosystem/contacts", "integrator_admin"): 4,
    ("/api/v1/ecosystem/contacts", "party_manager"): 4,
    ("/api/v1/ecosystem/contracts", "integrator_admin"): 7,
    ("/api/v1/ecosystem/contracts", "party_manager"): 10,
    ("/api/v1/ecosystem/parties", "integrator_admin"): 4,
    ("/api/v1/ecosystem/parties", "party_manager"): 4,
    ("/api/v1/ecosystem/services", "integrator_admin"): 5,
    ("/api/v1/ecosystem/services", "party_manager"): 8,
    ("/api/v1/governance/actions", "integrator_admin"): 4,
    ("/api/v1/governance/actions", "party_manager"): 4,
    ("/api/v1/governance/activities", "integrator_admin"): 3,
    ("/api/v1/governance/activities", "party_manager"): 3,
    ("/api/v1/governance/decisions", "integrator_admin"): 4,
    ("/api/v1/governance/decisions", "party_manager"): 4,
    ("/api/v1/governance/forums", "integrator_admin"): 4,
    ("/api/v1/governance/forums", "party_manager"): 4,
    ("/api/v1/governance/ladders", "integrator_admin"): 4,
    ("/api/v1/governance/ladders", "party_manager"): 4,
    ("/api/v1/governance/raci", "integrator_admin"): 4,
    ("/api/v1/governance/raci", "party_manager"): 4,
    ("/api/v1/operations/tickets", "integrator_admin"): 4,
    ("/api/v1/operations/tickets", "party_manager"): 4,
    ("/api/v1/goals/objectives", "integrator_admin"): 4,
    ("/api/v1/goals/objectives", "party_manager"): 4,
    ("/api/v1/trust/surveys", "integrator_admin"): 4,
    ("/api/v1/trust/surveys", "party_manager"): 4,
    ("/api/v1/trust/retrospectives", "integrator_admin"): 4,
    ("/api/v1/trust/retrospectives", "party_manager"): 4,
    ("/api/v1/trust/retro-actions", "integrator_admin"): 4,
    ("/api/v1/trust/retro-actions", "party_manager"): 4,
    ("/api/v1/trust/kudos", "integrator_admin"): 4,
    ("/api/v1/trust/kudos", "party_manager"): 4,
    ("/api/v1/trust/gatherings", "integrator_admin"): 4,
    ("/api/v1/trust/gatherings", "party_manager"): 4,
}


@pytest.mark.parametrize("role", ["integrator_admin", "party_manager"])
@pytest.mark.parametrize("path", sorted(API_LISTS))
def test_api_list_query_count_does_not_grow_with_the_rows(world: Any, path: str, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    API_LISTS[path](world, range(2))
    before = _count(client, path)
    API_LISTS[path](world, range(2, 2 + MORE))
    after = _count(client, path)
    assert after == before, f"{path} as {role}: {before} queries, then {after} with {MORE} more"
    assert after == API_PINNED[(path, role)], f"{path} as {role} now makes {after} queries"

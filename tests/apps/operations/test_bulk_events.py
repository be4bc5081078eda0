"""Events in bulk (`services.events.ingest_events`): the same events sent again are stored
once, events in any order end in the same state as in order, a load is all or nothing unless
asked otherwise, another party's ticket is never touched, and the clocks are the live path's."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.apps.operations.models import Ticket, TicketEvent, TicketHolder
from podium.apps.operations.services import clocks, tickets
from podium.apps.operations.services.events import IngestSummary, ingest_events
from podium.core import tmf621
from podium.core.ingest import read_event_records
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _at(minutes: int) -> str:
    return (AT + dt.timedelta(minutes=minutes)).isoformat()


def _load(world: Any, records: list[dict[str, Any]], **options: Any) -> IngestSummary:
    read = read_event_records(records, owner=options.pop("owner", None))
    return ingest_events(
        acting_user=options.pop("acting_user", None),
        sender=options.pop("sender", world.supplier_a),
        events=read.frame,
        now=NOW,
        problems=read.problems,
        **options,
    )


HISTORY = [
    {"case_id": "C1", "timestamp": _at(0), "activity": "New", "party": "alpha", "priority": "P2"},
    {"case_id": "C1", "timestamp": _at(30), "activity": "On Hold", "party": "alpha"},
    {"case_id": "C1", "timestamp": _at(90), "activity": "In Progress", "party": "beta"},
    {"case_id": "C2", "timestamp": _at(10), "activity": "inProgress", "party": "beta"},
    {"case_id": "C2", "timestamp": _at(70), "activity": "Resolved", "party": "beta"},
]


def test_a_log_opens_tickets_settled_from_their_latest_events(world: Any) -> None:
    summary = _load(world, HISTORY)
    assert (summary.created, summary.updated, summary.stored, summary.skipped) == (2, 0, 5, 0)
    one = Ticket.objects.get(external_owner="alpha", external_id="C1")
    assert (one.status, one.current_party, one.priority) == ("inProgress", world.supplier_b, "P2")
    assert (one.opened_at, one.updated_at, one.raised_by) == (
        AT,
        AT + dt.timedelta(minutes=90),
        world.supplier_a,
    )
    assert one.sla_policy["resolution_seconds"] == 8 * 3600  # P2 without a contract: the default
    assert one.clock_state["state"] == "running"
    # ran 0–30 min, paused 30–90 min (On Hold), ran from 90 min to now (24 h after)
    assert one.clock_state["elapsed_seconds"] == pytest.approx((30 + 24 * 60 - 90) * 60)
    assert set(TicketHolder.objects.filter(ticket=one).values_list("party__slug", flat=True)) == {
        "alpha",
        "beta",
    }
    two = Ticket.objects.get(external_owner="alpha", external_id="C2")
    assert (two.status, two.resolved_at, two.next_deadline_at) == (
        "resolved",
        AT + dt.timedelta(minutes=70),
        None,
    )
    assert list(two.events.values_list("status", "source")) == [
        ("inProgress", "events"),
        ("resolved", "events"),
    ]


def test_the_same_events_three_times_are_stored_once(world: Any) -> None:
    summaries = [_load(world, HISTORY) for _ in range(3)]
    assert [(s.created, s.stored, s.skipped) for s in summaries] == [
        (2, 5, 0),
        (0, 0, 5),
        (0, 0, 5),
    ]
    assert TicketEvent.objects.filter(ticket__external_owner="alpha").count() == 5
    assert Ticket.objects.get(external_id="C1").version == 1
    assert AuditEvent.objects.filter(action="operations.events.received").count() == 1


def test_the_batch_clocks_are_the_live_paths(world: Any) -> None:
    _load(world, HISTORY)
    for ticket in Ticket.objects.filter(external_owner="alpha"):
        stored = (ticket.clock_state, ticket.next_deadline_at)
        assert clocks.recompute(ticket, now=NOW) == stored[0]
        ticket.refresh_from_db()
        assert (ticket.clock_state, ticket.next_deadline_at) == stored


def test_a_component_named_brings_its_contracts_target(world: Any) -> None:
    event = {"case_id": "K1", "timestamp": _at(0), "activity": "New", "priority": "P1"}
    _load(world, [{**event, "component": "alpha-k8s", "title": "Cluster nodes restarting"}])
    ticket = Ticket.objects.get(external_id="K1")
    assert (ticket.component, ticket.title) == (world.component_a, "Cluster nodes restarting")
    assert (ticket.sla_policy["contract"], ticket.sla_policy["resolution_seconds"]) == (
        "C-ALPHA-1",
        240 * 60,
    )


# -- all or nothing ------------------------------------------------------------------------------

BAD = [
    *HISTORY,
    {"case_id": "C3", "timestamp": _at(5), "activity": "New", "party": "nobody"},
    {"case_id": "C3", "timestamp": "soon", "activity": "New"},
    {"case_id": "C3", "timestamp": _at(6), "activity": "New", "component": "nowhere"},
]


def test_one_rejected_event_and_nothing_is_written(world: Any) -> None:
    before = (Ticket.objects.count(), TicketEvent.objects.count(), AuditEvent.objects.count())
    summary = _load(world, BAD)
    assert not summary.written
    assert (summary.created, summary.stored) == (0, 0)
    assert [(p.seq, p.field) for p in summary.rejected] == [
        (5, "party"),
        (6, "timestamp"),
        (7, "component"),
    ]
    assert summary.rejected[0].message == "unknown party: nobody"
    assert (
        Ticket.objects.count(),
        TicketEvent.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_partial_stores_the_valid_events_and_lists_the_rest(world: Any) -> None:
    summary = _load(world, BAD, partial=True)
    assert summary.written
    assert (summary.created, summary.stored, summary.rejected_events) == (2, 5, 3)
    assert not Ticket.objects.filter(external_id="C3").exists()


def test_a_dry_run_counts_and_writes_nothing(world: Any) -> None:
    before = TicketEvent.objects.count()
    summary = _load(world, HISTORY, dry_run=True)
    assert (summary.created, summary.stored, summary.written) == (2, 5, False)
    assert TicketEvent.objects.count() == before


def test_a_party_named_by_its_name_is_that_party(world: Any) -> None:
    _load(
        world, [{"case_id": "N1", "timestamp": _at(0), "activity": "New", "party": "beta networks"}]
    )
    assert Ticket.objects.get(external_id="N1").current_party == world.supplier_b


# -- another party's ticket ----------------------------------------------------------------------


def _betas_ticket(world: Any) -> Ticket:
    body = {
        "@type": "TroubleTicket",
        "description": "Branch cannot reach the ERP",
        "severity": "Major",
        "ticketType": "incident",
        "externalIdentifier": [{"owner": "beta-snow", "id": "INC0012"}],
        "lastUpdate": AT.isoformat(),
    }
    change = tmf621.read_ticket(body, creating=True, owner="beta")
    return tickets.receive_ticket(party=world.supplier_b, change=change, now=AT).ticket


def _state(ticket: Ticket) -> tuple[Any, ...]:
    ticket.refresh_from_db()
    events = list(ticket.events.values_list("occurred_at", "status", "party_id"))
    return (ticket.status, ticket.version, ticket.current_party_id, events)


def test_another_partys_ticket_is_never_touched(world: Any) -> None:
    theirs = _betas_ticket(world)
    before = _state(theirs)
    hostile = {
        "case_id": "INC0012",
        "owner": "beta-snow",
        "timestamp": _at(60),
        "activity": "Closed",
    }
    summary = _load(world, [hostile], partial=True)
    assert [(p.seq, p.field) for p in summary.rejected] == [(0, "case_id")]
    assert "another party's" in summary.rejected[0].message
    assert _state(theirs) == before
    # the same number under alpha's own owner is alpha's own ticket
    _load(world, [{**hostile, "owner": None}])
    assert Ticket.objects.get(external_owner="alpha", external_id="INC0012").status == "closed"
    assert _state(theirs) == before


def test_the_integrators_staff_reach_every_ticket(world: Any) -> None:
    theirs = _betas_ticket(world)
    event = {"case_id": "INC0012", "owner": "beta-snow", "timestamp": _at(60), "activity": "Closed"}
    summary = _load(
        world, [event], acting_user=world.users["integrator_admin"], sender=world.integrator
    )
    assert (summary.updated, summary.rejected) == (1, [])
    assert _state(theirs)[0] == "closed"


def test_an_auditor_may_not_send_events(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _load(world, HISTORY, acting_user=world.users["auditor"], sender=world.integrator)


# -- order does not matter -----------------------------------------------------------------------

STEPS = [
    ("New", "alpha", "P3"),
    ("In Progress", "alpha", None),
    ("On Hold", "beta", "P2"),
    ("In Progress", "beta", None),
    ("Resolved", "beta", None),
    ("In Progress", "alpha", "P1"),
    ("Closed", "alpha", None),
]


def _final(owner: str) -> list[tuple[Any, ...]]:
    rows = []
    for ticket in Ticket.objects.filter(external_owner=owner).order_by("external_id"):
        holders = sorted(
            TicketHolder.objects.filter(ticket=ticket).values_list("party_id", "first_held_at")
        )
        events = sorted(
            ticket.events.values_list("occurred_at", "status", "sub_status", "party_id", "priority")
        )
        rows.append(
            (
                ticket.external_id,
                ticket.status,
                ticket.current_party_id,
                ticket.priority,
                ticket.opened_at,
                ticket.updated_at,
                ticket.resolved_at,
                ticket.closed_at,
                ticket.sla_policy,
                ticket.clock_state,
                ticket.next_deadline_at,
                holders,
                events,
            )
        )
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    data=st.data(),
    # every timeline ends before now (a day after AT): events ahead of now are refused
    gaps=st.lists(st.integers(1, 180), min_size=len(STEPS), max_size=len(STEPS)),
    cases=st.integers(1, 3),
)
def test_events_in_any_order_end_in_the_same_state(
    world: Any, data: Any, gaps: list[int], cases: int
) -> None:
    run = next(_RUNS)
    events = []
    for case in range(cases):
        minutes = list(itertools.accumulate(gaps))
        for (activity, party, priority), minute in zip(STEPS, minutes, strict=True):
            events.append(
                {
                    "case_id": f"C{case}",
                    "timestamp": _at(minute + case),
                    "activity": activity,
                    "party": party,
                    "priority": priority,
                }
            )
    _load(world, events, owner=f"in-order-{run}")
    shuffled = data.draw(st.permutations(events), label="arrival order")
    cuts = sorted(data.draw(st.sets(st.integers(1, len(events) - 1), max_size=4), label="cuts"))
    for start, end in itertools.pairwise([0, *cuts, len(events)]):
        _load(world, shuffled[start:end], owner=f"shuffled-{run}")
    assert _final(f"shuffled-{run}") == _final(f"in-order-{run}")


_RUNS = itertools.count()


# -- queries -------------------------------------------------------------------------------------


def _queries(world: Any, cases: int, *, prefix: str) -> int:
    records = [
        {"case_id": f"{prefix}{n}", "timestamp": _at(step), "activity": activity, "party": party}
        for n in range(cases)
        for step, (activity, party, _) in enumerate(STEPS[:3])
    ]
    _load(world, [r for r in records if r["timestamp"] == _at(0) and int(r["case_id"][1:]) % 2])
    with CaptureQueriesContext(connection) as captured:  # half the tickets exist, half do not
        _load(world, records)
    return len(captured.captured_queries)


LOAD_QUERIES = 37
"""A load of tickets half of which exist, nobody listening: the load's own queries and those
of the hook after it (`outbox.after_tickets_loaded`, once for all its tickets). Until the
hook became set-based it added 15 queries per ticket (19 before whether anyone listens became
one query)."""


def test_the_queries_of_a_load_do_not_grow_with_its_size(world: Any) -> None:
    assert _queries(world, 4, prefix="S") == _queries(world, 60, prefix="L") == LOAD_QUERIES

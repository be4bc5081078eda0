"""The generated enterprise has the size and shape the demo and the benchmarks promise."""

from __future__ import annotations

import datetime as dt
import time

import polars as pl

from podium.core.eventlog import EventLog
from podium.core.synthetic import DEMO_PASSWORD, EcosystemSpec, generate_ecosystem

TMF621 = {"acknowledged", "inProgress", "pending", "held", "resolved", "closed", "cancelled"}
OPEN = {"acknowledged", "inProgress", "pending", "held"}


def test_same_arguments_give_an_equal_spec_and_another_seed_does_not() -> None:
    first = generate_ecosystem(seed=7, end=dt.date(2026, 3, 31), months=1)
    again = generate_ecosystem(seed=7, end=dt.date(2026, 3, 31), months=1)
    other = generate_ecosystem(seed=8, end=dt.date(2026, 3, 31), months=1)
    assert first == again
    assert first.events_frame().equals(again.events_frame())
    assert first.tickets != other.tickets


def test_scale_multiplies_the_tickets_not_the_organisation() -> None:
    one = generate_ecosystem(end=dt.date(2026, 3, 31), months=1)
    three = generate_ecosystem(end=dt.date(2026, 3, 31), months=1, scale=3)
    assert 2.5 < len(three.tickets) / len(one.tickets) < 3.5
    assert three.parties == one.parties
    assert three.components == one.components


def test_scale_one_generates_quickly() -> None:
    started = time.perf_counter()
    generate_ecosystem(seed=11, end=dt.date(2026, 6, 30))
    assert time.perf_counter() - started < 10  # about 0.7 s on the reference machine


def test_parties_of_every_kind_with_calendars_and_contacts(spec: EcosystemSpec) -> None:
    kinds = {p.kind for p in spec.parties}
    assert len(spec.parties) >= 8
    assert {
        "integrator",
        "cloud_provider",
        "saas_vendor",
        "application_developer",
        "network_carrier",
        "service_desk",
        "consultancy",
        "internal_team",
    } <= kinds
    calendars = {c.slug: c for c in spec.calendars}
    for party in spec.parties:
        assert 2 <= len(party.contacts) <= 4
        assert all("@" in c.email and c.phone.startswith("+") for c in party.contacts)
        assert calendars[party.calendar].time_zone == party.time_zone
        assert calendars[party.calendar].country
    developer = spec.party(spec.planted.time_zones.offshore_party)
    assert (developer.kind, developer.time_zone) == ("application_developer", "Asia/Kolkata")
    assert calendars[developer.calendar].country == "IN"
    internal = spec.party(spec.planted.time_zones.internal_party)
    assert (internal.kind, internal.time_zone) == ("internal_team", "Europe/Amsterdam")
    assert calendars[internal.calendar].country == "NL"


def test_services_and_components_form_an_acyclic_graph(spec: EcosystemSpec) -> None:
    parties = {p.slug for p in spec.parties}
    components = {c.slug for c in spec.components}
    assert len(spec.services) >= 20
    assert len(spec.components) >= 40
    assert {s.criticality for s in spec.services} == {"critical", "high", "medium", "low"}
    assert all(c.run_by in parties for c in spec.components)
    assert all(set(s.components) <= components and s.components for s in spec.services)
    edges: dict[str, set[str]] = {}
    for dependency in spec.dependencies:
        assert {dependency.source, dependency.target} <= components
        edges.setdefault(dependency.source, set()).add(dependency.target)
    done: set[str] = set()

    def visit(node: str, path: frozenset[str]) -> None:
        assert node not in path, f"cycle through {node}"
        if node in done:
            return
        for target in edges.get(node, ()):
            visit(target, path | {node})
        done.add(node)

    for component in components:
        visit(component, frozenset())


def test_contracts_have_terms_to_act_on(spec: EcosystemSpec) -> None:
    end = spec.end.date() - dt.timedelta(days=1)
    soon = end + dt.timedelta(days=90)
    suppliers = {p.slug for p in spec.parties if p.kind != "integrator"}
    assert {c.party for c in spec.contracts} == suppliers
    assert any(c.ends_on < end for c in spec.contracts)
    assert any(end <= c.ends_on <= soon for c in spec.contracts)
    assert any(end <= c.notice_deadline <= soon and c.ends_on > soon for c in spec.contracts)
    for contract in spec.contracts:
        assert [t.priority for t in contract.targets] == ["P1", "P2", "P3", "P4"]
        assert contract.components
        assert contract.services
        assert contract.scope
        assert contract.currency in {"EUR", "USD", "GBP", "SEK"}


def test_demo_users_cover_every_role(spec: EcosystemSpec) -> None:
    users = {u.username: u for u in spec.users}
    assert users["integrator"].role == "integrator_admin"
    assert users["analyst"].role == "integrator_analyst"
    assert users["auditor"].role == "auditor"
    assert users["supplier-manager"].role == "party_manager"
    assert users["supplier-engineer"].role == "party_member"
    assert users["supplier-manager"].party == users["supplier-engineer"].party
    managed = {u.party for u in spec.users if u.role == "party_manager"}
    assert managed == {p.slug for p in spec.parties if p.kind != "integrator"}
    assert DEMO_PASSWORD == "podium-demo"


def test_history_is_long_and_large_enough(spec: EcosystemSpec, events: pl.DataFrame) -> None:
    assert events.height >= 20_000
    assert events.height == spec.event_count
    first, last = events["timestamp"].min(), events["timestamp"].max()
    assert isinstance(first, dt.datetime)
    assert isinstance(last, dt.datetime)
    assert last - first >= dt.timedelta(days=180)
    assert first >= spec.start
    assert last < spec.end
    assert set(events["activity"].unique()) <= TMF621
    assert {"Wait - User", "Wait - Vendor"} <= set(events["sub_status"].drop_nulls().unique())
    assert events["party"].null_count() == 0
    assert sum(t.status in OPEN for t in spec.tickets) >= 10


def test_tickets_agree_with_their_events(spec: EcosystemSpec) -> None:
    services = {s.slug: set(s.components) for s in spec.services}
    for ticket in spec.tickets:
        times = [e.at for e in ticket.events]
        assert times == sorted(times)
        assert all(t.tzinfo is dt.UTC for t in times)
        assert ticket.status == ticket.events[-1].status
        assert ticket.opened_at == times[0]
        assert ticket.component in services[ticket.service]
        assert ticket.priority in {"P1", "P2", "P3", "P4"}


def test_events_frame_is_a_canonical_event_log(spec: EcosystemSpec, events: pl.DataFrame) -> None:
    log = EventLog.from_frame(events, source="synthetic")
    assert log.event_count == events.height
    assert log.case_count == len(spec.tickets)
    assert log.frame.select("case_id", "seq").equals(events.select("case_id", "seq"))

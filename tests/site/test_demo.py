"""Loading the demo ecosystem: everything lands, a second load changes nothing, log-ins work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from tests.support.rolled_back import module_transaction

from podium.apps.ecosystem.models import Contract, Party
from podium.apps.operations.models import Ticket, TicketEvent
from podium.core.synthetic import DEMO_PASSWORD, EcosystemSpec, generate_ecosystem
from podium.platform.models import AuditEvent
from podium.site.demo import DemoSummary, load_demo


@pytest.fixture(scope="module")
def small_spec() -> EcosystemSpec:
    return generate_ecosystem(end=dt.date(2026, 6, 30), months=1)


@pytest.fixture(scope="module")
def _first_load(
    small_spec: EcosystemSpec, django_db_setup: Any, django_db_blocker: Any
) -> Iterator[DemoSummary]:
    """The demo, loaded once for the module into an empty database (each test in a savepoint
    within its transaction)."""
    with module_transaction(django_db_blocker):
        yield load_demo(small_spec)


@pytest.fixture
def loaded(_first_load: DemoSummary, db: Any) -> DemoSummary:
    """What the first load of the demo answered (the demo is in the database)."""
    return _first_load


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_twice_creates_nothing_twice(
    small_spec: EcosystemSpec, loaded: DemoSummary
) -> None:
    first = loaded
    counts = _row_counts()
    audit_ids = set(AuditEvent.objects.values_list("id", flat=True))

    second = load_demo(small_spec)

    assert _row_counts() == counts
    assert set(AuditEvent.objects.values_list("id", flat=True)) == audit_ids
    assert first.tickets_created == len(small_spec.tickets)
    assert first.users_created == len(small_spec.users)
    assert (second.tickets_created, second.users_created) == (0, 0)


def test_everything_in_the_spec_lands(small_spec: EcosystemSpec, loaded: DemoSummary) -> None:
    summary = loaded
    assert Party.objects.count() == summary.parties == len(small_spec.parties)
    assert Contract.objects.count() == len(small_spec.contracts)
    assert Ticket.objects.count() == len(small_spec.tickets)
    assert TicketEvent.objects.count() == small_spec.event_count
    assert "parties" in summary.describe()
    developer = Party.objects.get(slug=small_spec.planted.ping_pong.party_a)
    assert Ticket.objects.filter(holders=developer).exists()
    assert Ticket.objects.filter(status__in=["acknowledged", "inProgress", "pending", "held"])


def test_demo_users_log_in_with_the_demo_password(loaded: DemoSummary, client: Client) -> None:
    summary = loaded
    usernames = {login.username for login in summary.logins}
    assert {
        "integrator",
        "analyst",
        "auditor",
        "supplier-manager",
        "supplier-engineer",
    } <= usernames
    for login in summary.logins:
        assert login.password == DEMO_PASSWORD
        assert client.login(username=login.username, password=login.password), login.username
        client.logout()


def test_an_integrator_admin_may_load_it_too(
    small_spec: EcosystemSpec, loaded: DemoSummary, django_user_model: Any
) -> None:
    admin = django_user_model.objects.get(username="integrator")
    summary = load_demo(small_spec, acting_user=admin)
    assert summary.tickets_created == 0

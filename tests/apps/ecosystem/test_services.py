"""Ecosystem writes: audited before/after, permission, cycles refused whole, calendar hours."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from podium.apps.ecosystem import services as eco
from podium.apps.ecosystem.models import BusinessCalendar, Dependency, Party
from podium.core.calendars.hours import hours_as_text
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_saving_a_component_audits_fields_and_dependencies_before_and_after(world: Any) -> None:
    admin = world.users["integrator_admin"]
    eco.save_component(
        acting_user=admin,
        component=world.component_a,
        name="Alpha K8s",
        depends_on=[world.component_b],
    )
    entry = AuditEvent.objects.get(action="ecosystem.component.updated")
    assert entry.actor == admin
    assert (entry.before["name"], entry.after["name"]) == ("Alpha cluster", "Alpha K8s")
    assert (entry.before["depends_on"], entry.after["depends_on"]) == ([], ["beta-wan"])


def test_saving_nothing_new_writes_no_audit_entry(world: Any) -> None:
    count = AuditEvent.objects.count()
    eco.save_party(
        acting_user=world.users["integrator_admin"], party=world.supplier_a, name="Alpha Cloud"
    )
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("role", ["integrator_analyst", "auditor", "party_manager"])
def test_only_an_integrator_admin_saves(world: Any, role: str) -> None:
    count = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        eco.save_service(acting_user=world.users[role], service=world.service_a, owner="Someone")
    assert AuditEvent.objects.count() == count


def test_a_dependency_that_closes_a_cycle_names_it_and_writes_nothing(world: Any) -> None:
    admin = world.users["integrator_admin"]
    middle = eco.save_component(
        acting_user=admin,
        name="Alpha DB",
        slug="alpha-db",
        kind="database",
        run_by=world.supplier_a,
        depends_on=[world.component_b],
    )
    eco.save_component(acting_user=admin, component=world.component_a, depends_on=[middle])
    edges, audits = Dependency.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        eco.save_component(
            acting_user=admin,
            component=world.component_b,
            name="Renamed",
            depends_on=[world.component_a],
        )
    message = caught.value.message_dict["depends_on"][0]
    assert (
        message == "Beta WAN → Alpha cluster → Alpha DB → Beta WAN would close a dependency cycle"
    )
    assert (Dependency.objects.count(), AuditEvent.objects.count()) == (edges, audits)
    world.component_b.refresh_from_db()
    assert world.component_b.name == "Beta WAN"


def test_calendar_hours_are_read_from_text_and_stored_per_day(world: Any) -> None:
    calendar = eco.save_calendar(
        acting_user=None,
        name="NL office",
        slug="nl",
        time_zone="Europe/Amsterdam",
        country="NL",
        weekly_hours="mon-fri 09:00-17:00; sat 09:00-12:00",
    )
    assert calendar.weekly_hours["mon"] == [["09:00", "17:00"]]
    assert calendar.weekly_hours["sat"] == [["09:00", "12:00"]]
    assert "sun" not in calendar.weekly_hours
    assert hours_as_text(calendar.weekly_hours).startswith("mon-fri 09:00-17:00; sat 09:00-12:00")


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"weekly_hours": "mon-fri 09:00-25:00"}, "weekly_hours", "25:00"),
        ({"weekly_hours": "mondays 09:00-17:00"}, "weekly_hours", "mondays"),
        ({"weekly_hours": "mon-fri"}, "weekly_hours", "mon-fri"),
        ({"country": "XX"}, "country", "XX"),
        ({"country": "DE", "subdivision": "ZZ"}, "subdivision", "ZZ"),
    ],
)
def test_bad_calendar_input_names_the_field_and_the_text(
    world: Any, fields: dict[str, str], field: str, text: str
) -> None:
    values = {"weekly_hours": "mon-fri 09:00-17:00", **fields}
    with pytest.raises(ValidationError) as caught:
        eco.save_calendar(
            acting_user=None, name="Bad", slug="bad", time_zone="Europe/Berlin", **values
        )
    assert text in " ".join(caught.value.message_dict[field])
    assert not BusinessCalendar.objects.filter(slug="bad").exists()


def test_deleting_a_party_still_in_use_says_by_what_and_keeps_it(world: Any) -> None:
    with pytest.raises(eco.StillInUseError, match="Alpha cluster"):
        eco.delete_party(acting_user=None, party=world.supplier_a)
    assert not AuditEvent.objects.filter(action="ecosystem.party.deleted").exists()


def test_contract_targets_are_saved_and_audited(world: Any) -> None:
    admin = world.users["integrator_admin"]
    eco.save_contract(
        acting_user=admin,
        contract=world.contract_a,
        targets={
            "P1": None,
            "P2": {"response_minutes": 30, "resolution_minutes": 480, "service_credit_percent": 5},
        },
    )
    assert list(world.contract_a.targets.values_list("priority", flat=True)) == ["P2"]
    entry = AuditEvent.objects.get(action="ecosystem.contract.updated")
    assert set(entry.before["targets"]) == {"P1"}
    assert entry.after["targets"]["P2"]["service_credit_percent"] == "5.00"


def test_a_new_party_gets_a_free_code_and_the_least_used_colour(world: Any) -> None:
    admin = world.users["integrator_admin"]
    colours = set(Party.objects.values_list("colour", flat=True))
    codes = set(Party.objects.values_list("code", flat=True))
    assert len(colours) == 3
    assert len(codes) == 3
    alphabet = eco.save_party(
        acting_user=admin, name="Alpha Bet", slug="alpha-bet", kind="saas_vendor"
    )
    assert alphabet.code not in codes
    assert alphabet.code == "AB"  # ALP is Alpha Cloud's
    assert alphabet.colour not in colours
    entry = AuditEvent.objects.get(action="ecosystem.party.created", target_id=str(alphabet.pk))
    assert entry.after["code"] == "AB"


def test_an_empty_code_keeps_the_party_s_own_and_a_taken_one_is_refused(world: Any) -> None:
    admin = world.users["integrator_admin"]
    code = world.supplier_a.code
    eco.save_party(acting_user=admin, party=world.supplier_a, code="", colour="")
    world.supplier_a.refresh_from_db()
    assert world.supplier_a.code == code
    with pytest.raises(ValidationError) as caught:
        eco.save_party(acting_user=admin, party=world.supplier_a, code=world.supplier_b.code)
    assert "code" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        eco.save_party(acting_user=admin, party=world.supplier_a, code="al")
    assert "not a party code" in " ".join(caught.value.message_dict["code"])

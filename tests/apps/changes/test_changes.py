"""The change calendar: services (lifecycle, validation, audit), conflicts on the page and in
the API, what each party reads of another's change, and approvals from the RACI."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.support.changes import ALPHA_NOTES, GAMMA_NOTES, NIGHT, signed_in

from podium.apps.changes.models import Approval, Change
from podium.apps.changes.services import approvals, changes, windows
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_submitting_asks_the_raci_approvers(world: Any, planned: Any) -> None:
    change = planned.change_a
    assert change.reference.startswith("CHG-")
    assert change.status == "submitted"
    asked = {(a.party_id, a.role) for a in Approval.objects.filter(change=change)}
    assert asked == {(world.integrator.pk, "A"), (world.supplier_a.pk, "C")}
    # Gamma's database serves no service with approvers: nobody is asked
    assert not Approval.objects.filter(change=planned.change_gamma).exists()
    actions = list(
        AuditEvent.objects.filter(target_id=str(change.pk), target_type="changes.change")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["changes.change.created", "changes.change.status"]


def test_a_standard_change_is_pre_approved(world: Any) -> None:
    change = changes.create_change(
        acting_user=world.users["party_member"],
        implementer=world.supplier_a,
        title="Rotate certificates",
        planned_start=NIGHT,
        planned_end=NIGHT + dt.timedelta(hours=1),
        components=[world.component_a],
        kind="standard",
        submit=True,
    )
    assert change.status == "approved"


def test_a_party_plans_only_on_what_it_runs_and_for_itself(world: Any) -> None:
    member = world.users["party_member"]
    with pytest.raises(ValidationError) as error:
        changes.create_change(
            acting_user=member,
            implementer=world.supplier_a,
            title="Touch Beta's WAN",
            planned_start=NIGHT,
            planned_end=NIGHT + dt.timedelta(hours=1),
            components=[world.component_b],
        )
    assert "components" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        changes.create_change(
            acting_user=member,
            implementer=world.supplier_b,
            title="For Beta",
            planned_start=NIGHT,
            planned_end=NIGHT + dt.timedelta(hours=1),
        )
    assert not Change.objects.exists()


def test_a_window_that_ends_before_it_starts_names_the_field(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        changes.create_change(
            acting_user=None,
            implementer=world.supplier_a,
            title="Backwards",
            planned_start=NIGHT,
            planned_end=NIGHT - dt.timedelta(hours=1),
        )
    assert error.value.message_dict["planned_end"] == ["The window must end after it starts."]
    assert not Change.objects.exists()


def test_the_lifecycle_guard_refuses_and_changes_nothing(world: Any, planned: Any) -> None:
    with pytest.raises(ValidationError) as error:
        changes.move_change(acting_user=None, change=planned.change_a, status="completed")
    assert "cannot become completed" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        changes.move_change(acting_user=None, change=planned.change_a, status="approved")
    planned.change_a.refresh_from_db()
    assert planned.change_a.status == "submitted"


def test_a_submitted_change_keeps_its_window(world: Any, planned: Any) -> None:
    with pytest.raises(ValidationError) as error:
        changes.update_change(
            acting_user=None, change=planned.change_a, planned_end=NIGHT + dt.timedelta(hours=5)
        )
    assert "planned_end" in error.value.message_dict
    # the notes are no part of what approvers read: they may change
    changes.update_change(acting_user=None, change=planned.change_a, internal_notes="new")


def test_approvals_decide_the_change_and_are_audited(world: Any, planned: Any) -> None:
    change = planned.change_a
    mine = Approval.objects.get(change=change, party=world.supplier_a)
    theirs = Approval.objects.get(change=change, party=world.integrator)
    with pytest.raises(PermissionDenied):  # a member is no manager
        approvals.decide_approval(
            acting_user=world.users["party_member"], approval=mine, decision="approved"
        )
    with pytest.raises(PermissionDenied):  # a party's manager decides its own party's only
        approvals.decide_approval(
            acting_user=world.users["party_manager"], approval=theirs, decision="approved"
        )
    approvals.decide_approval(
        acting_user=world.users["party_manager"], approval=mine, decision="approved"
    )
    change.refresh_from_db()
    assert change.status == "submitted"
    approvals.decide_approval(
        acting_user=world.users["integrator_admin"], approval=theirs, decision="approved"
    )
    change.refresh_from_db()
    assert change.status == "approved"
    assert AuditEvent.objects.filter(action="changes.approval.decided").count() == 2


def test_one_rejection_rejects_and_the_cab_decides_the_rest(world: Any, planned: Any) -> None:
    approvals.decide_change(
        acting_user=world.users["integrator_analyst"], change=planned.change_a, decision="rejected"
    )
    planned.change_a.refresh_from_db()
    assert planned.change_a.status == "rejected"
    assert set(Approval.objects.values_list("decision", flat=True)) == {"rejected"}


def test_the_page_explains_the_conflict_to_both_parties(world: Any, planned: Any) -> None:
    page = signed_in(world.users["party_member"]).get(f"/changes/c/{planned.change_a.reference}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dependent components" in text
    assert planned.change_gamma.reference in text
    assert "Kappa database depends on Alpha cluster" in text
    assert "Talk to Alpha Cloud and Kappa Data." in text
    assert ALPHA_NOTES in text
    other = signed_in(world.users["party_member"]).get(
        f"/changes/c/{planned.change_gamma.reference}/"
    )
    body = other.content.decode()
    assert other.status_code == 200
    assert "Kappa database" in body  # every party sees the window and components touched
    assert GAMMA_NOTES not in body
    assert (
        ALPHA_NOTES
        not in signed_in(planned.gamma_member)
        .get(f"/changes/c/{planned.change_a.reference}/")
        .content.decode()
    )


def test_a_blackout_on_an_affected_service_is_a_conflict(world: Any, planned: Any) -> None:
    late = changes.create_change(
        acting_user=None,
        implementer=world.supplier_a,
        title="Resize during month-end",
        planned_start=dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC),
        planned_end=dt.datetime(2026, 12, 31, 22, 0, tzinfo=dt.UTC),
        components=[world.component_a],
    )
    text = signed_in(world.users["party_member"]).get(f"/changes/c/{late.reference}/")
    assert "Falls in the blackout window Month-end closing on Web shop." in text.content.decode()


def test_outside_maintenance_windows_is_a_conflict(world: Any, planned: Any) -> None:
    windows.ensure_maintenance_window(
        acting_user=None,
        party=world.supplier_a,
        weekday=5,
        starts=dt.time(22),
        ends=dt.time(4),
        time_zone="Europe/Amsterdam",
    )
    api = signed_in(world.users["party_member"]).get(
        f"/api/v1/changes/changes/{planned.change_a.reference}"
    )
    kinds = [c["kind"] for c in api.json()["conflicts"]]
    assert kinds == ["dependency", "maintenance"]


def test_the_api_plans_a_change_with_a_tools_token(world: Any, planned: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.services import credentials

    _, token = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha CI", now=TEST_NOW
    )
    body = {
        "title": "Kernel update",
        "planned_start": "2026-12-02T23:30:00+01:00",
        "planned_end": "2026-12-03T01:00:00+01:00",
        "components": ["alpha-k8s"],
        "submit": True,
    }
    created = Client().post(
        "/api/v1/changes/changes",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.content
    answer = created.json()
    assert answer["implementer"] == "alpha"
    assert answer["status"] == "submitted"
    others = {c["other"] for c in answer["conflicts"]}
    assert others == {planned.change_a.reference, planned.change_gamma.reference}
    # another party's tool reads the window but not the notes
    listed = signed_in(planned.gamma_member).get("/api/v1/changes/changes").json()
    alpha = next(c for c in listed["items"] if c["reference"] == planned.change_a.reference)
    assert alpha["internal_notes"] is None
    assert alpha["components"] == ["alpha-k8s"]


def test_the_api_refuses_a_window_without_an_offset(world: Any, planned: Any) -> None:
    body = {
        "title": "Naive",
        "planned_start": "2026-12-02T23:30:00",
        "planned_end": "2026-12-03T01:00:00",
        "components": ["alpha-k8s"],
    }
    answer = signed_in(world.users["party_member"]).post(
        "/api/v1/changes/changes", data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", "planned_start"]


def test_the_api_moves_a_change_through_its_lifecycle(world: Any, planned: Any) -> None:
    client = signed_in(world.users["party_member"])
    url = f"/api/v1/changes/changes/{planned.change_a.reference}"
    refused = client.patch(
        url, data=json.dumps({"status": "completed"}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "payload", "status"]
    withdrawn = client.patch(
        url, data=json.dumps({"status": "cancelled"}), content_type="application/json"
    )
    assert withdrawn.json()["status"] == "cancelled"


def test_the_week_shows_every_partys_changes_and_marks_conflicts(world: Any, planned: Any) -> None:
    page = signed_in(world.users["party_member"]).get("/changes/calendar/?day=2026-12-02")
    text = page.content.decode()
    assert page.status_code == 200
    assert "2026-11-30 – 2026-12-06" in text
    assert planned.change_a.reference in text
    assert planned.change_gamma.reference in text
    assert "2 with a conflict" in text
    filtered = signed_in(world.users["party_member"]).get(
        "/changes/calendar/?day=2026-12-02&party=kappa"
    )
    assert planned.change_a.reference not in filtered.content.decode()
    month = signed_in(world.users["party_member"]).get(
        "/changes/calendar/?view=month&day=2026-12-15"
    )
    assert planned.change_a.reference in month.content.decode()
    assert "2026-11-30 – 2027-01-03" in month.content.decode()


def test_the_party_feed_holds_its_changes_and_those_on_what_it_runs(
    world: Any, planned: Any
) -> None:
    import icalendar

    feed = signed_in(world.users["party_member"]).get("/changes/calendar.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        f"{planned.change_a.reference} Patch the Alpha cluster (ALP)"
    ]
    assert events[0].decoded("dtstart") == NIGHT
    everything = signed_in(world.users["integrator_analyst"]).get("/changes/calendar.ics")
    assert len(icalendar.Calendar.from_ical(everything.content).walk("VEVENT")) == 2

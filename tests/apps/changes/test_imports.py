"""Importing planned changes from a tool's CSV export: real files as ServiceNow writes them,
idempotent re-import, all or nothing, and problems that name the row, column and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from podium.apps.changes.models import Approval, Change
from podium.apps.changes.services import changes, imports
from podium.core.change_import import read_changes_csv
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "data" / "changes"


def read(name: str, tz: str | None = "Europe/Amsterdam") -> Any:
    return read_changes_csv((DATA / name).read_text(encoding="utf-8"), tz=tz)


def test_a_servicenow_export_plans_its_changes_once(world: Any) -> None:
    first = imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read("servicenow_change_request.csv")
    )
    assert first.written
    assert not first.problems
    assert first.counts() == {"created": 2, "updated": 0, "skipped": 0, "rejected": 0}
    patch = Change.objects.get(implementer=world.supplier_a, external_reference="CHG0030101")
    assert patch.reference in first.created
    assert patch.title == "Patch the Alpha cluster nodes"
    assert (patch.kind, patch.risk, patch.status) == ("normal", "medium", "draft")
    # 23:00 on the Amsterdam wall clock in December is 22:00 UTC
    assert patch.planned_start == dt.datetime(2026, 12, 9, 22, tzinfo=dt.UTC)
    assert patch.planned_end == dt.datetime(2026, 12, 10, 1, tzinfo=dt.UTC)
    assert [c.slug for c in patch.components.all()] == ["alpha-k8s"]  # found by its name
    assert patch.rollback_plan == "Roll the nodes back to the previous image."
    rotate = Change.objects.get(external_reference="CHG0030102")
    assert (rotate.kind, rotate.risk) == ("standard", "low")
    assert AuditEvent.objects.filter(action="changes.change.created").count() == 2

    again = imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read("servicenow_change_request.csv")
    )
    assert again.counts() == {"created": 0, "updated": 0, "skipped": 2, "rejected": 0}
    assert Change.objects.filter(implementer=world.supplier_a).count() == 2
    assert AuditEvent.objects.filter(action__startswith="changes.change.").count() == 2


def test_one_bad_row_writes_nothing_and_every_problem_is_placed(world: Any) -> None:
    summary = imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read("servicenow_bad_rows.csv")
    )
    assert not summary.written
    places = sorted((p.row, p.column, p.field) for p in summary.problems)
    assert places == [
        (3, "cmdb_ci", "components"),  # Beta's WAN: Alpha does not run it
        (4, "end_date", "planned_end"),  # 14/12/2026 is not ISO
        (5, "end_date", "planned_end"),  # a month-long window is a project
    ]
    messages = {p.row: p.message for p in summary.problems}
    assert "Alpha Cloud runs no component Beta WAN" in messages[3]
    assert "'14/12/2026 23:00' is not a date and time" in messages[4]
    assert "The window" in messages[5]
    assert summary.counts()["rejected"] == 3
    # row 2 was fine, and still nothing was written
    assert not Change.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="changes.").exists()


def test_a_dry_run_plans_and_writes_nothing(world: Any) -> None:
    summary = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read("servicenow_change_request.csv"),
        dry_run=True,
    )
    assert summary.counts()["created"] == 2
    assert not summary.written
    assert not Change.objects.exists()


def test_a_changed_row_updates_a_draft_and_a_submitted_change_keeps_its_window(
    world: Any,
) -> None:
    imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read("servicenow_change_request.csv")
    )
    moved = (
        (DATA / "servicenow_change_request.csv")
        .read_text()
        .replace("2026-12-10 02:00:00", "2026-12-10 03:00:00")
    )
    summary = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read_changes_csv(moved, tz="Europe/Amsterdam"),
    )
    assert summary.counts() == {"created": 0, "updated": 1, "skipped": 1, "rejected": 0}
    patch = Change.objects.get(external_reference="CHG0030101")
    assert patch.planned_end == dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC)

    changes.move_change(acting_user=None, change=patch, status="submitted")
    later = moved.replace("2026-12-10 03:00:00", "2026-12-10 04:00:00")
    refused = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read_changes_csv(later, tz="Europe/Amsterdam"),
    )
    assert [(p.row, p.column) for p in refused.problems] == [(2, "start_date")]
    assert "is submitted and keeps what was submitted" in refused.problems[0].message
    patch.refresh_from_db()
    assert patch.planned_end == dt.datetime(2026, 12, 10, 2, tzinfo=dt.UTC)


def test_submitting_on_import_asks_the_raci_approvers(world: Any) -> None:
    from tests.support.changes import build_changes

    build_changes(world)  # the change-approval letters of the small world
    summary = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read("servicenow_change_request.csv"),
        submit=True,
    )
    patch = Change.objects.get(external_reference="CHG0030101")
    rotate = Change.objects.get(external_reference="CHG0030102")
    assert summary.written
    assert patch.status == "submitted"
    assert Approval.objects.filter(change=patch).count() == 2
    assert rotate.status == "approved"  # standard: pre-approved


def test_a_party_imports_only_for_itself(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        imports.import_changes(
            acting_user=world.users["party_member"],
            implementer=world.supplier_b,
            read=read("servicenow_change_request.csv"),
        )


def test_podiums_own_columns_with_semicolons_and_a_byte_order_mark(world: Any) -> None:
    summary = imports.import_changes(
        acting_user=world.users["party_member"],
        implementer=world.supplier_a,
        read=read("podium_semicolons.csv", tz=None),
    )
    assert summary.written, summary.problems
    change = Change.objects.get(external_reference="ALPHA-7")
    assert change.planned_start == dt.datetime(2026, 12, 9, 21, tzinfo=dt.UTC)
    assert change.rollback_plan == "Undrain."

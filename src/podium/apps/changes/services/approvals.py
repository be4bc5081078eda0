"""Approvals from the responsibility matrix.

Submitting a normal or emergency change asks every party Accountable or Consulted for the
"change approval" activity on a component it touches or on a service that uses one of them
directly. Each asked party's manager (or the integrator's staff) approves or rejects; one
rejection rejects the change, the last approval approves it. The integrator's staff may also
decide the change as a whole (the change advisory board), which settles the pending approvals.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from podium.apps.changes.choices import CHANGE_APPROVAL_ACTIVITY, ApprovalDecision, ApprovalRole
from podium.apps.changes.models import Approval, Change
from podium.apps.changes.rules import DECIDE
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import raci
from podium.core import changes as core
from podium.core.raci import COMPONENT, SERVICE
from podium.platform import audit
from podium.platform.access import Actor, require


def approvers_for(change: Change) -> dict[int, str]:
    """Party id → "A" or "C": who the matrix says approves a change on these components."""
    touched = {c.pk for c in change.components.all()}
    services = {s.id for s in ecosystem.landscape().services if s.components & touched}
    asked: dict[int, str] = {}
    for letter in raci.all_letters():
        if letter.activity_code != CHANGE_APPROVAL_ACTIVITY or letter.role not in ("A", "C"):
            continue
        kind, obj = letter.obj
        on_it = (kind == COMPONENT and obj in touched) or (kind == SERVICE and obj in services)
        if on_it and asked.get(letter.party_id) != "A":
            asked[letter.party_id] = letter.role
    return asked


def request_approvals(*, acting_user: Actor | None, change: Change) -> list[Approval]:
    """Ask the approvers of a change being submitted (pending approvals from before are
    asked again)."""
    with transaction.atomic():
        Approval.objects.filter(change=change).delete()
        rows = [
            Approval(change=change, party_id=party, role=ApprovalRole(role))
            for party, role in sorted(approvers_for(change).items())
        ]
        for row in rows:
            row.full_clean(exclude=["change"])
            row.save()
            audit.record(
                acting_user=acting_user,
                action="changes.approval.requested",
                target=row,
                party_id=row.party_id,
                after={"change": change.reference, "role": row.role},
            )
        return rows


def decide_approval(
    *, acting_user: Actor | None, approval: Approval, decision: str, note: str = ""
) -> Approval:
    """The asked party approves or rejects; the change follows once it is settled."""
    require(acting_user, DECIDE, approval)
    if decision not in (ApprovalDecision.APPROVED, ApprovalDecision.REJECTED):
        raise ValidationError({"decision": "Decide approved or rejected."})
    from podium.apps.changes.services import changes

    with transaction.atomic():
        row = Approval.objects.select_for_update().select_related("change").get(pk=approval.pk)
        change = Change.objects.select_for_update().get(pk=row.change_id)
        if change.status != core.SUBMITTED:
            raise ValidationError(
                {"decision": f"{change.reference} is {change.get_status_display().lower()}, "
                 "not waiting for approval."}
            )  # fmt: skip
        before = audit.snapshot(row, ("decision", "note"))
        row.decision = decision
        row.note = note
        row.decided_at = timezone.now()
        row.decided_by = acting_user if getattr(acting_user, "pk", None) else None  # type: ignore[assignment]
        row.full_clean()
        row.save()
        audit.record(
            acting_user=acting_user,
            action="changes.approval.decided",
            target=row,
            party_id=row.party_id,
            before=before,
            after=audit.snapshot(row, ("decision", "note")),
        )
        decisions = set(Approval.objects.filter(change=change).values_list("decision", flat=True))
        if ApprovalDecision.REJECTED in decisions:
            changes.settle(acting_user=acting_user, change=change, status=core.REJECTED,
                           note=f"rejected by {row.party}")  # fmt: skip
        elif decisions == {ApprovalDecision.APPROVED}:
            changes.settle(acting_user=acting_user, change=change, status=core.APPROVED,
                           note="approved by every party asked")  # fmt: skip
        return row


def decide_change(
    *, acting_user: Actor | None, change: Change, decision: str, note: str = ""
) -> Change:
    """The integrator (the change advisory board) approves or rejects a submitted change as a
    whole; approvals still pending take its decision."""
    require(acting_user, DECIDE, None)
    if decision not in (core.APPROVED, core.REJECTED):
        raise ValidationError({"decision": "Decide approved or rejected."})
    from podium.apps.changes.services import changes

    with transaction.atomic():
        row = Change.objects.select_for_update().get(pk=change.pk)
        if row.status != core.SUBMITTED:
            raise ValidationError(
                {"decision": f"{row.reference} is {row.get_status_display().lower()}, "
                 "not waiting for approval."}
            )  # fmt: skip
        now = timezone.now()
        for approval in Approval.objects.filter(change=row, decision=ApprovalDecision.PENDING):
            approval.decision = decision
            approval.decided_at = now
            approval.decided_by = acting_user if getattr(acting_user, "pk", None) else None  # type: ignore[assignment]
            approval.note = note or "decided by the integrator"
            approval.save()
        changes.settle(acting_user=acting_user, change=row, status=decision,
                       note=note or "decided by the integrator")  # fmt: skip
        return row

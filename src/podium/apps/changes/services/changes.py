"""Writes of changes: plan, edit and move a change through its lifecycle.

Each checks its rule, validates the whole row (errors name the field), writes in one transaction
and records a typed audit entry. The lifecycle's guard is `podium.core.changes.check_transition`,
the same for the pages, the API and any later importer. Submitting asks the approvers the
responsibility matrix names (`services.approvals.request_approvals`); a standard change is
pre-approved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from podium.apps.changes.choices import ChangeKind, ChangeStatus
from podium.apps.changes.models import Change
from podium.apps.changes.rules import MANAGE, SUBMIT
from podium.apps.changes.services import notifications
from podium.core import changes as core
from podium.platform import audit
from podium.platform.access import Actor, require, visible_party_ids
from podium.platform.writes import save_row

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Component, Party

TEXT_FIELDS = ("title", "description", "rollback_plan", "internal_notes", "kind", "risk")


def _components(change: Change) -> dict[str, Any]:
    return {"components": sorted(c.pk for c in change.components.all())}


def _check_components(
    acting_user: Actor | None, components: Iterable[Component]
) -> list[Component]:
    """A party's users touch the components their party runs; the integrator any."""
    chosen = list(components)
    parties = visible_party_ids(acting_user) if acting_user is not None else None
    if parties is not None:
        foreign = sorted(c.name for c in chosen if c.run_by_id not in parties)
        if foreign:
            raise ValidationError(
                {"components": f"Your party does not run {', '.join(foreign)}; "
                 "ask the party that runs it to plan the change."}
            )  # fmt: skip
    return chosen


def create_change(
    *,
    acting_user: Actor | None,
    implementer: Party,
    title: str,
    planned_start: dt.datetime,
    planned_end: dt.datetime,
    components: Iterable[Component] = (),
    kind: str = ChangeKind.NORMAL,
    risk: str = "medium",
    description: str = "",
    rollback_plan: str = "",
    internal_notes: str = "",
    external_reference: str = "",
    submit: bool = False,
) -> Change:
    """Plan a change (a draft, or submitted at once with ``submit``); ``external_reference``
    is the number the implementer's own tool gives it (a CSV import's key)."""
    require(acting_user, SUBMIT)
    require(acting_user, MANAGE, implementer)
    chosen = _check_components(acting_user, components)
    with transaction.atomic():
        fields = {
            "reference": f"NEW-{uuid.uuid4().hex[:12]}",
            "implementer": implementer,
            "title": title,
            "description": description,
            "planned_start": planned_start,
            "planned_end": planned_end,
            "kind": kind,
            "risk": risk,
            "rollback_plan": rollback_plan,
            "internal_notes": internal_notes,
            "external_reference": external_reference,
            "submitted_by": acting_user if getattr(acting_user, "pk", None) else None,
        }
        change = Change(**fields)
        change.full_clean()
        change.save()
        change.reference = f"CHG-{change.pk:05d}"
        change.save(update_fields=["reference"])
        change.components.set(chosen)
        audit.record(
            acting_user=acting_user,
            action="changes.change.created",
            target=change,
            party_id=change.implementer_id,
            after=audit.snapshot(change) | _components(change),
        )
        if submit:
            change = move_change(acting_user=acting_user, change=change, status=core.SUBMITTED)
        return change


def update_change(
    *,
    acting_user: Actor | None,
    change: Change,
    components: Iterable[Component] | None = None,
    **fields: Any,
) -> Change:
    """Change a draft or rejected change's text, window or components (a submitted one is
    withdrawn to draft first, so that nobody approves something other than what they read);
    an approved or scheduled change's window only, which tells the affected parties of the
    move. The notes always change; a field given as it is stored changes nothing."""
    require(acting_user, MANAGE, change)
    unknown = set(fields) - {*TEXT_FIELDS, "planned_start", "planned_end"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This field cannot be changed here."})
    chosen = _check_components(acting_user, components) if components is not None else None

    def apply(row: Change) -> None:
        if chosen is not None:
            row.components.set(chosen)

    with transaction.atomic():
        # read under the lock: the window moved from is the one stored, not one a form saw
        stored = Change.objects.select_for_update().get(pk=change.pk)
        _check_planning(stored, fields, chosen)
        saved = save_row(
            Change,
            change,
            fields,
            acting_user=acting_user,
            party_id=lambda r: r.implementer_id,
            related=_components,
            apply_related=apply,
        )
        window = (stored.planned_start, stored.planned_end)
        if (saved.planned_start, saved.planned_end) != window and saved.status in core.MOVABLE:
            notifications.window_moved(
                saved, previous_start=window[0], previous_end=window[1], now=timezone.now()
            )
        return saved


def _check_planning(stored: Change, fields: dict[str, Any], chosen: list[Component] | None) -> None:
    """A draft or rejected change changes what it plans; an approved or scheduled one only its
    window; any other nothing but its notes. Only what differs from the stored row counts."""
    planning = {k for k, v in fields.items() if k != "internal_notes" and getattr(stored, k) != v}
    if chosen is not None and {c.pk for c in chosen} != {c.pk for c in stored.components.all()}:
        planning.add("components")
    window = {"planned_start", "planned_end"}
    if stored.status in core.MOVABLE and planning - window:
        raise ValidationError(
            {sorted(planning - window)[0]: f"{stored.reference} is "
             f"{stored.get_status_display().lower()} and keeps what was approved; only its "
             "window moves."}
        )  # fmt: skip
    if planning and stored.status not in core.EDITABLE | core.MOVABLE:
        raise ValidationError(
            {sorted(planning)[0]: f"A {stored.get_status_display().lower()} change keeps what "
             "was submitted; only a draft or rejected change is edited."}
        )  # fmt: skip


def move_change(*, acting_user: Actor | None, change: Change, status: str) -> Change:
    """Move a change to ``status`` if the lifecycle allows it. Approval and rejection are the
    approvers' (`services.approvals`); submitting asks them, and a standard change, or one
    nobody is asked about, is approved on submission only when it is standard."""
    require(acting_user, MANAGE, change)
    if status in core.DECIDED_BY_APPROVAL:
        raise ValidationError(
            {"status": "Approvals decide whether a change is approved or rejected."}
        )
    from podium.apps.changes.services import approvals

    with transaction.atomic():
        row = Change.objects.select_for_update().get(pk=change.pk)
        try:
            core.check_transition(row.status, status)
        except core.TransitionError as error:
            raise ValidationError({"status": str(error)}) from error
        if status == core.SUBMITTED and not row.components.exists():
            raise ValidationError({"components": "Name the components the change touches."})
        _set_status(acting_user, row, status)
        if status == core.SUBMITTED:
            if row.kind == ChangeKind.STANDARD:
                _set_status(acting_user, row, core.APPROVED, note="standard change: pre-approved")
            else:
                approvals.request_approvals(acting_user=acting_user, change=row)
        return row


def _set_status(acting_user: Actor | None, row: Change, status: str, note: str = "") -> None:
    before = row.status
    row.status = status
    row.save(update_fields=["status"])
    audit.record(
        acting_user=acting_user,
        action="changes.change.status",
        target=row,
        party_id=row.implementer_id,
        before={"status": before},
        after={"status": status},
        note=note,
    )
    if status in core.NOTIFIED_STATUSES:
        notifications.status_reached(row, now=timezone.now())


def ask_for_retrospective(*, acting_user: Actor | None, change: Change, reason: str) -> Change:
    """A failed or rolled-back change asks for a retrospective: the implementer's users or the
    integrator's staff say why; the change advisory board sees the request on its agenda."""
    require(acting_user, MANAGE, change)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"retrospective_reason": "Say what the retrospective should look at."}
        )
    with transaction.atomic():
        row = Change.objects.select_for_update().get(pk=change.pk)
        if row.status not in core.RETROSPECTIVE_ASKABLE:
            raise ValidationError(
                {"status": f"A {row.get_status_display().lower()} change does not ask for a "
                 "retrospective; a failed or rolled-back one does."}
            )  # fmt: skip
        if row.retrospective_asked_at is not None:
            raise ValidationError(
                {"retrospective_reason": f"{row.reference} asked for a retrospective already."}
            )
        row.retrospective_asked_at = timezone.now()
        row.retrospective_reason = reason
        row.save(update_fields=["retrospective_asked_at", "retrospective_reason"])
        audit.record(
            acting_user=acting_user,
            action="changes.change.retrospective_asked",
            target=row,
            party_id=row.implementer_id,
            after={"retrospective_reason": reason, "status": row.status},
        )
        return row


def settle(*, acting_user: Actor | None, change: Change, status: str, note: str = "") -> None:
    """Approve or reject a submitted change (called by the approvals service only)."""
    core.check_transition(change.status, status)
    _set_status(acting_user, change, status, note=note)


__all__ = [
    "ChangeStatus",
    "ask_for_retrospective",
    "create_change",
    "move_change",
    "settle",
    "update_change",
]

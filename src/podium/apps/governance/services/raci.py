"""Writes of the responsibility matrix: the activity catalogue and the letters.

Each function checks that the acting user may edit governance, writes in one transaction and
records a typed audit entry; ``acting_user=None`` is the operator at the command line. The
``ensure_*`` and ``assign`` functions are idempotent, so the demo loader can run them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.governance.choices import RaciRole
from podium.apps.governance.models import Activity, ResponsibilityAssignment
from podium.apps.governance.rules import EDIT
from podium.platform import audit
from podium.platform.access import Actor, require
from podium.platform.writes import ensure_row

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party


def ensure_activity(
    *, acting_user: Actor | None, code: str, name: str, description: str = "", position: int = 100
) -> Activity:
    """Create the activity by code, or bring its name, description and position up to date."""
    require(acting_user, EDIT)
    fields = {"name": name, "description": description, "position": position}
    return ensure_row(Activity, acting_user=acting_user, lookup={"code": code}, fields=fields)[0]


def delete_activity(*, acting_user: Actor | None, activity: Activity) -> None:
    """Delete an activity from the catalogue; refused while RACI letters still use it.

    Refusing (rather than taking the letters away too) keeps a deletion from silently emptying
    cells of the matrix: the caller removes the letters first, each with its own audited
    ``unassign``, as ``podium governance apply --prune`` does for the objects it deletes.
    """
    require(acting_user, EDIT)
    with transaction.atomic():
        letters = list(
            ResponsibilityAssignment.objects.filter(activity=activity)
            .select_related("service", "component", "party")
            .order_by("service__slug", "component__slug", "role", "party__slug")
        )
        if letters:
            shown = [
                f"{row.role} {row.party.slug} on "
                + (
                    f"service {row.service.slug}"
                    if row.service is not None
                    else f"component {getattr(row.component, 'slug', '')}"
                )
                for row in letters[:8]
            ]
            more = f" and {len(letters) - 8} more" if len(letters) > 8 else ""
            raise ValidationError(
                f"Activity {activity.code} cannot be deleted: {len(letters)} RACI "
                f"letter{'s' if len(letters) != 1 else ''} still use it "
                f"({', '.join(shown)}{more})."
            )
        audit.record(
            acting_user=acting_user,
            action="governance.activity.deleted",
            target=activity,
            before=audit.snapshot(activity),
        )
        activity.delete()


def _object_fields(obj: Any) -> dict[str, Any]:
    """``service=`` or ``component=`` for a Service or a Component row."""
    kind = obj._meta.model_name
    if kind not in {"service", "component"}:
        raise ValidationError(f"RACI letters go on services or components, not {kind}")
    return (
        {"service": obj, "component": None}
        if kind == "service"
        else {
            "service": None,
            "component": obj,
        }
    )


def assign(
    *,
    acting_user: Actor | None,
    obj: Any,
    activity: Activity,
    party: Party,
    role: str,
    note: str = "",
) -> tuple[ResponsibilityAssignment, bool]:
    """Give ``party`` the letter ``role`` for ``activity`` on ``obj``; nothing changes (and nothing
    is audited) when it holds the letter already with the same note."""
    require(acting_user, EDIT)
    if role not in RaciRole.values:
        raise ValidationError({"role": f"{role!r} is not one of R, A, C, I"})
    target = _object_fields(obj)
    with transaction.atomic():
        row = ResponsibilityAssignment.objects.filter(
            **target, activity=activity, party=party, role=role
        ).first()
        if row is not None:
            if row.note != note:
                before = audit.snapshot(row)
                row.note = note
                row.save()
                audit.record(
                    acting_user=acting_user,
                    action="governance.assignment.updated",
                    target=row,
                    party_id=party.pk,
                    before=before,
                    after=audit.snapshot(row),
                )
            return row, False
        row = ResponsibilityAssignment(
            **target, activity=activity, party=party, role=role, note=note
        )
        row.full_clean()
        row.save()
        audit.record(
            acting_user=acting_user,
            action="governance.assignment.created",
            target=row,
            party_id=party.pk,
            after=audit.snapshot(row),
        )
        return row, True


def unassign(*, acting_user: Actor | None, assignment: ResponsibilityAssignment) -> None:
    """Take a letter away; the history keeps it for "as of" questions."""
    require(acting_user, EDIT)
    with transaction.atomic():
        before = audit.snapshot(assignment)
        audit.record(
            acting_user=acting_user,
            action="governance.assignment.deleted",
            target=assignment,
            party_id=assignment.party_id,
            before=before,
        )
        assignment.delete()


def set_cell(
    *,
    acting_user: Actor | None,
    obj: Any,
    activity: Activity,
    letters: Mapping[str, Iterable[Party]],
) -> tuple[int, int]:
    """Make one grid cell hold exactly ``letters`` (role → parties); returns (added, removed).
    Letters the cell holds already stay as they are, with their notes.

        Several Accountables are allowed here on purpose: validation flags them, so an import or a
        hand-over can pass through that state visibly instead of being refused.
    """
    require(acting_user, EDIT)
    wanted = {(role, party.pk): party for role, parties in letters.items() for party in parties}
    added = removed = 0
    with transaction.atomic():
        existing = ResponsibilityAssignment.objects.filter(**_object_fields(obj), activity=activity)
        kept = set()
        for row in existing:
            if (row.role, row.party_id) in wanted:
                kept.add((row.role, row.party_id))  # as it is, with its note
            else:
                unassign(acting_user=acting_user, assignment=row)
                removed += 1
        for (role, party_id), party in wanted.items():
            if (role, party_id) not in kept:
                assign(acting_user=acting_user, obj=obj, activity=activity, party=party, role=role)
                added += 1
    return added, removed

"""What every ecosystem write shares: the permission check and the audited create-or-update."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from podium.platform import audit

M = TypeVar("M", bound=models.Model)


def check_may_edit(acting_user: Any) -> None:
    """`None` is the operator at the command line of the machine; anyone else needs the right."""
    if acting_user is not None and not acting_user.has_perm("platform.edit_governance"):
        raise PermissionDenied("Only an integrator admin changes the ecosystem.")


def ensure_row(
    model: type[M],
    *,
    acting_user: Any,
    lookup: Mapping[str, Any],
    fields: Mapping[str, Any],
    party_id: int | None = None,
) -> tuple[M, bool]:
    check_may_edit(acting_user)
    label = model._meta.model_name
    with transaction.atomic():
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **fields)
            row.full_clean()
            row.save()
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.created",
                target=row,
                party_id=party_id,
                after=audit.snapshot(row),
            )
            return row, True
        before = audit.snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        after = audit.snapshot(row)
        if before != after:
            row.full_clean()
            row.save()
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.updated",
                target=row,
                party_id=party_id,
                before=before,
                after=after,
            )
        return row, False

"""The audited create-or-update and delete of one row, shared by every context's services.

A service checks its permission, then calls these inside its own transaction (they open one
too, so they are safe on their own). Each validates the whole row (`full_clean`) before it is
saved, so nothing invalid is stored, and writes one typed audit entry — only when something
really changed, so an idempotent import run twice leaves no noise. Audit actions are named
``<app label>.<model>.<created|updated|deleted>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import ProtectedError

from podium.platform import audit
from podium.platform.access import Actor

M = TypeVar("M", bound=models.Model)
Related = Callable[[Any], dict[str, Any]]


class StillInUseError(ValueError):
    """A row others still point at (PROTECT) cannot be deleted; the message says by what."""


def _action(row: models.Model, verb: str) -> str:
    return f"{row._meta.app_label}.{row._meta.model_name}.{verb}"


def _none(_: Any) -> dict[str, Any]:
    return {}


def _nothing(_: Any) -> None:
    return None


def ensure_row(
    model: type[M],
    *,
    acting_user: Actor | None,
    lookup: Mapping[str, Any],
    fields: Mapping[str, Any],
    party_id: int | None = None,
) -> tuple[M, bool]:
    """The row with natural key `lookup`, created or brought up to `fields`; (row, created)."""
    with transaction.atomic():
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **fields)
            row.full_clean()
            row.save()
            audit.record(
                acting_user=acting_user,
                action=_action(row, "created"),
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
                action=_action(row, "updated"),
                target=row,
                party_id=party_id,
                before=before,
                after=after,
            )
        return row, False


def save_row(
    model: type[M],
    row: M | None,
    fields: Mapping[str, Any],
    *,
    acting_user: Actor | None,
    party_id: Callable[[M], int | None] = lambda r: None,
    related: Related = _none,
    apply_related: Callable[[M], None] = _nothing,
    validate_related: Callable[[M], None] = _nothing,
) -> M:
    """Create a row (`row` None) or update the one given, with the rows that belong to it.

    `related` describes the belonging rows for the audit entry (a service's components),
    `validate_related` checks them against the whole row before anything is written, and
    `apply_related` writes them once the row is saved.
    """
    with transaction.atomic():
        if row is None:
            current, before, stored = model(**fields), None, None
        else:
            # read the stored row again: a form may have changed the instance it was given
            current = model._default_manager.select_for_update().get(pk=row.pk)
            stored = audit.snapshot(current)
            before = stored | related(current)
            for name, value in fields.items():
                setattr(current, name, value)
        current.full_clean()
        validate_related(current)
        if stored is None or audit.snapshot(current) != stored:
            current.save()
        apply_related(current)
        after = audit.snapshot(current) | related(current)
        if before != after:
            audit.record(
                acting_user=acting_user,
                action=_action(current, "created" if before is None else "updated"),
                target=current,
                party_id=party_id(current),
                before=before,
                after=after,
            )
        return current


def delete_row(
    *, acting_user: Actor | None, row: models.Model, party_id: int | None = None
) -> None:
    """Delete a row; when others still point at it, say which and write nothing."""
    try:
        with transaction.atomic():
            audit.record(
                acting_user=acting_user,
                action=_action(row, "deleted"),
                target=row,
                party_id=party_id,
                before=audit.snapshot(row),
            )
            row.delete()
    except ProtectedError as error:
        users = sorted({f"{o} ({o._meta.verbose_name})" for o in error.protected_objects})
        shown = ", ".join(users[:8]) + (" …" if len(users) > 8 else "")
        raise StillInUseError(f"{row} cannot be deleted: it is still used by {shown}.") from error

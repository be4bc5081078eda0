"""Typed audit entries, written explicitly by services inside their transaction.

Never from signals: signals miss bulk updates and cannot say *why* something changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from podium.platform import bulk
from podium.platform.access import Actor
from podium.platform.models import AuditEvent


def snapshot(instance: models.Model, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The audited state of a row: concrete field values (foreign keys as ids), JSON-safe;
    instants in UTC, so that a value differs only when the instant does."""
    names = fields or tuple(
        f.attname for f in instance._meta.concrete_fields if f.attname not in {"id"}
    )
    encoder = DjangoJSONEncoder()
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            # the same instant read back from the database or typed in another zone
            value = value.astimezone(dt.UTC)
        # dicts and lists come from JSON fields and are JSON already
        out[name] = (
            value
            if isinstance(value, (str, int, float, bool, type(None), dict, list))
            else encoder.default(value)
        )
    return out


def record(
    *,
    acting_user: Actor | None,
    action: str,
    target: models.Model,
    party_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit entry; `action` is a dotted verb such as ``ecosystem.party.created``."""
    authenticated = getattr(acting_user, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor_id=getattr(acting_user, "pk", None) if authenticated else None,
        actor_label=str(acting_user) if acting_user is not None else "system",
        action=action,
        target_type=f"{target._meta.app_label}.{target._meta.model_name}",
        target_id=str(target.pk),
        target_label=str(target)[:200],
        party_id=party_id,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        note=note,
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One row's part of `record_all`."""

    target: models.Model
    after: Mapping[str, Any] | None = None
    before: Mapping[str, Any] | None = None
    party_id: int | None = None


def record_all(
    *, acting_user: Actor | None, action: str, entries: Sequence[Entry], note: str = ""
) -> int:
    """`record` for many rows of one action at once, with one statement (a bulk load flags
    many rows in one go); returns how many entries."""
    authenticated = getattr(acting_user, "is_authenticated", False)
    actor_id = getattr(acting_user, "pk", None) if authenticated else None
    actor_label = str(acting_user) if acting_user is not None else "system"
    at = timezone.now()
    return bulk.insert_rows(
        AuditEvent,
        ("at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label",
         "party_id", "before", "after", "note"),
        (
            (
                at,
                actor_id,
                actor_label,
                action,
                f"{entry.target._meta.app_label}.{entry.target._meta.model_name}",
                str(entry.target.pk),
                str(entry.target)[:200],
                entry.party_id,
                dict(entry.before) if entry.before is not None else None,
                dict(entry.after) if entry.after is not None else None,
                note,
            )
            for entry in entries
        ),
    )  # fmt: skip


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, tuple[Any, Any]]:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}

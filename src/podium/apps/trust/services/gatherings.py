"""Writes of gatherings (integrator admins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.trust.models import Gathering
from podium.apps.trust.rules import PLAN_GATHERINGS
from podium.platform import audit
from podium.platform.access import Actor, require


def plan_gathering(
    *,
    acting_user: Actor | None,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    parties: Sequence[Any],
    duration_minutes: int = 120,
    time_zone: str = "Europe/Amsterdam",
    location: str = "",
    description: str = "",
    forum: Any = None,
) -> Gathering:
    require(acting_user, PLAN_GATHERINGS)
    if starts_at.tzinfo is None:
        raise ValidationError({"starts_at": "A gathering's start needs its time zone."})
    if not parties:
        raise ValidationError({"parties": "Invite at least one party."})
    with transaction.atomic():
        gathering = Gathering(
            title=title,
            kind=kind,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            time_zone=time_zone,
            location=location,
            description=description,
            forum=forum,
        )
        gathering.full_clean()
        gathering.save()
        gathering.parties.set(parties)
        audit.record(
            acting_user=acting_user,
            action="trust.gathering.created",
            target=gathering,
            after=audit.snapshot(gathering) | {"parties": sorted(p.slug for p in parties)},
        )
    return gathering

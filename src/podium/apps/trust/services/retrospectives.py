"""Writes of retrospectives: recording one (integrator admins), its actions, and moving an
action along to closure (its owner party or the integrator), on governance's action lifecycle
(`podium.core.forums.ACTION_TRANSITIONS`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.trust.choices import RetrospectiveKind
from podium.apps.trust.models import RetroAction, Retrospective
from podium.apps.trust.rules import RUN_RETROSPECTIVES, SET_RETRO_ACTION_STATUS
from podium.core import forums as lifecycle
from podium.platform import audit
from podium.platform.access import Actor, require

CLOSED = (lifecycle.DONE, lifecycle.CANCELLED)


def record_retrospective(
    *,
    acting_user: Actor | None,
    title: str,
    kind: str,
    held_on: dt.date,
    parties: Sequence[Any],
    went_well: str = "",
    to_improve: str = "",
    period: str = "",
    ticket: Any = None,
    forum: Any = None,
) -> Retrospective:
    require(acting_user, RUN_RETROSPECTIVES)
    if kind == RetrospectiveKind.MAJOR_INCIDENT and ticket is None:
        raise ValidationError({"ticket": "A retrospective after a major incident names it."})
    if not parties:
        raise ValidationError({"parties": "Name the parties that took part."})
    with transaction.atomic():
        retro = Retrospective(
            title=title,
            kind=kind,
            held_on=held_on,
            period=period,
            ticket=ticket,
            forum=forum,
            went_well=went_well,
            to_improve=to_improve,
        )
        retro.full_clean()
        retro.save()
        retro.parties.set(parties)
        audit.record(
            acting_user=acting_user,
            action="trust.retrospective.created",
            target=retro,
            after=audit.snapshot(retro) | {"parties": sorted(p.slug for p in parties)},
        )
    return retro


def add_retro_action(
    *,
    acting_user: Actor | None,
    retrospective: Retrospective,
    title: str,
    owner_party: Any,
    due_on: dt.date,
) -> RetroAction:
    require(acting_user, RUN_RETROSPECTIVES)
    with transaction.atomic():
        action = RetroAction(
            retrospective=retrospective, title=title, owner_party=owner_party, due_on=due_on
        )
        action.full_clean()
        action.save()
        audit.record(
            acting_user=acting_user,
            action="trust.retroaction.created",
            target=action,
            party_id=owner_party.pk,
            after=audit.snapshot(action),
        )
    return action


def set_retro_action_status(
    *, acting_user: Actor | None, action: RetroAction, status: str, today: dt.date
) -> RetroAction:
    """Move the action along; closing it (done, cancelled) keeps the day, reopening clears it."""
    require(acting_user, SET_RETRO_ACTION_STATUS, action)
    with transaction.atomic():
        action = RetroAction.objects.select_for_update().get(pk=action.pk)
        before = action.status
        try:
            lifecycle.check_transition(lifecycle.ACTION_TRANSITIONS, "action", before, status)
        except lifecycle.TransitionError as error:
            raise ValidationError({"status": str(error)}) from error
        if before != status:
            action.status = status
            action.closed_on = today if status in CLOSED else None
            action.save(update_fields=["status", "closed_on"])
            audit.record(
                acting_user=acting_user,
                action="trust.retroaction.status_changed",
                target=action,
                party_id=action.owner_party_id,
                before={"status": before},
                after={"status": status},
            )
    return action

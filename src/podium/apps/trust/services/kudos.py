"""Writes of kudos: a party's user (or the integrator's staff) recognises another party."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.trust.models import Kudos
from podium.apps.trust.rules import GIVE_KUDOS
from podium.apps.trust.selectors import kudos as selectors
from podium.platform import audit
from podium.platform.access import Actor, party_of, require


def give_kudos(
    *,
    acting_user: Actor | None,
    to_party: Any,
    message: str,
    at: dt.datetime,
    from_party: Any = None,
    ticket: Any = None,
    retrospective: Any = None,
    objective: Any = None,
) -> Kudos:
    """Kudos from the acting user's party (the operator names `from_party`) to `to_party`,
    about a ticket, a retrospective or a shared goal (an objective the user may read; at least
    one of them)."""
    require(acting_user, GIVE_KUDOS, to_party)
    from_party_id = party_of(acting_user) if acting_user is not None else None
    if from_party_id is None:
        if from_party is None:
            raise ValidationError({"from_party": "Say which party gives the kudos."})
        from_party_id = from_party.pk
    if to_party.pk == from_party_id:
        raise ValidationError({"to_party": "Kudos go to another party."})
    if (
        acting_user is not None
        and not selectors.recipients_for(acting_user).filter(pk=to_party.pk).exists()
    ):
        raise ValidationError({"to_party": "Kudos go to a party your party works with."})
    if ticket is None and retrospective is None and objective is None:
        raise ValidationError(
            {"ticket": "Link the kudos to a ticket, a retrospective or a shared goal (objective)."}
        )
    if (
        objective is not None
        and acting_user is not None
        and not selectors.objectives_for_choice(acting_user).filter(pk=objective.pk).exists()
    ):
        raise ValidationError({"objective": f"unknown shared goal: {objective.pk}"})
    with transaction.atomic():
        kudos = Kudos(
            from_party_id=from_party_id,
            to_party=to_party,
            message=message.strip(),
            ticket=ticket,
            retrospective=retrospective,
            objective=objective,
            given_by_id=getattr(acting_user, "pk", None),
            given_at=at,
        )
        kudos.full_clean()
        kudos.save()
        audit.record(
            acting_user=acting_user,
            action="trust.kudos.given",
            target=kudos,
            party_id=to_party.pk,
            after={
                "from": from_party_id,
                "to": to_party.pk,
                "message": kudos.message,
                "objective": getattr(objective, "pk", None),
            },
        )
    return kudos

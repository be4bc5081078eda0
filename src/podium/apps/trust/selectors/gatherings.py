"""Reads of gatherings: integrator staff and auditors read all; a party's users those their
party is invited to."""

from __future__ import annotations

from django.db.models import QuerySet

from podium.apps.trust.models import Gathering
from podium.platform.access import Actor, visible_party_ids


def gatherings_visible_to(user: Actor) -> QuerySet[Gathering]:
    rows = Gathering.objects.select_related("forum")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    invited = Gathering.objects.filter(parties__in=parties).values("pk")
    return rows.filter(pk__in=invited)

"""Writes of saved views: save the filters of a cockpit page under a name, rename or reshare
it, delete it; the owner alone changes a view, and every write is audited.

The filters are checked against what the saver may see (a service, a party, a period the
page knows), each refusal naming its field, so that a view never names what its owner could
not have chosen; it still grants nothing: the page it opens decides for each reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.apps.cockpit.models import SavedView
from podium.apps.cockpit.rules import (
    CHANGE_VIEW,
    SAVE_VIEW,
    SHARE_VIEW_WITH_EVERYONE,
    VIEW_OVERVIEW,
    VIEW_PARTY,
)
from podium.apps.ecosystem import selectors as ecosystem
from podium.core import cockpit
from podium.platform.access import Actor, may, party_of, require
from podium.platform.writes import delete_row, save_row


def _name(owner: Actor, name: str, view: SavedView | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the view a name."})
    taken = SavedView.objects.filter(owner=getattr(owner, "pk", None), name=name)
    if view is not None:
        taken = taken.exclude(pk=view.pk)
    if taken.exists():
        raise ValidationError({"name": f"You already have a view named “{name}”."})
    return name


def _sharing(owner: Actor, sharing: str) -> str:
    if sharing not in SavedViewSharing.values:
        choices = ", ".join(SavedViewSharing.values)
        raise ValidationError({"sharing": f"Share with one of: {choices}."})
    if sharing == SavedViewSharing.PARTY and party_of(owner) is None:
        raise ValidationError({"sharing": "You work for no party to share the view with."})
    if sharing == SavedViewSharing.EVERYONE and not may(owner, SHARE_VIEW_WITH_EVERYONE):
        raise ValidationError(
            {"sharing": "Only the integrator's staff share a view with everyone."}
        )
    return sharing


def _filters(owner: Actor, page: str, period: str, service: str, party: str) -> dict[str, str]:
    """The filters as the page would take them from this owner, or the field that is wrong."""
    if page not in SavedViewPage.values:
        raise ValidationError({"page": f"A view opens one of: {', '.join(SavedViewPage.values)}."})
    period, service, party = (period or "").strip(), (service or "").strip(), (party or "").strip()
    seen_party = ecosystem.parties_visible_to(owner).filter(slug=party).first() if party else None
    if party and seen_party is None:
        raise ValidationError({"party": f"No party of yours is called “{party}”."})
    if page == SavedViewPage.PARTY:
        if seen_party is None or not may(owner, VIEW_PARTY, seen_party):
            raise ValidationError({"party": "Say whose party view it opens (one you may see)."})
        if period or service:
            raise ValidationError({"period": "A party's view takes no period or service."})
        return {"page": page, "period": "", "service": "", "party": party}
    if not may(owner, VIEW_OVERVIEW):
        raise ValidationError({"page": "The cockpit is the integrator's: save your party's view."})
    if period and period not in cockpit.PERIODS:
        raise ValidationError({"period": f"A period is one of: {', '.join(cockpit.PERIODS)}."})
    if service and not ecosystem.services_visible_to(owner).filter(slug=service).exists():
        raise ValidationError({"service": f"No business service of yours is called “{service}”."})
    return {"page": page, "period": period, "service": service, "party": party}


def save_view(
    *,
    acting_user: Actor,
    name: str,
    page: str,
    at: dt.datetime,
    period: str = "",
    service: str = "",
    party: str = "",
    sharing: str = SavedViewSharing.PRIVATE,
) -> SavedView:
    """A new view of the acting user: the page and its filters under `name`, shared as said."""
    require(acting_user, SAVE_VIEW)
    fields: dict[str, Any] = {
        "owner_id": getattr(acting_user, "pk", None),
        "owner_party_id": party_of(acting_user),
        "name": _name(acting_user, name),
        "sharing": _sharing(acting_user, sharing),
        "saved_at": at,
        **_filters(acting_user, page, period, service, party),
    }
    with transaction.atomic():
        return save_row(
            SavedView, None, fields, acting_user=acting_user, party_id=lambda v: v.owner_party_id
        )


def change_view(
    *, acting_user: Actor, view: SavedView, name: str | None = None, sharing: str | None = None
) -> SavedView:
    """Rename a view, or share it otherwise (what is left None stays as it is)."""
    require(acting_user, CHANGE_VIEW, view)
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = _name(acting_user, name, view)
    if sharing is not None:
        fields["sharing"] = _sharing(acting_user, sharing)
    with transaction.atomic():
        return save_row(
            SavedView, view, fields, acting_user=acting_user, party_id=lambda v: v.owner_party_id
        )


def delete_view(*, acting_user: Actor, view: SavedView) -> None:
    require(acting_user, CHANGE_VIEW, view)
    delete_row(acting_user=acting_user, row=view, party_id=view.owner_party_id)

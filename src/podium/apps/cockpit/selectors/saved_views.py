"""Reads of saved views: a user reads their own views, the views shared with their party and
those the integrator shared with everyone; the integrator's staff and auditors read every
shared view as they read every party's rows, and nobody another user's private one.

A view keeps filters, not rights: `url_of` is the page it opens with them, and that page
decides what the reader sees, as the same URL typed by hand."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.apps.cockpit.models import SavedView
from podium.platform.access import Actor, visible_party_ids

SHOWN_ON_PAGES = 8
"""Saved views the cockpit and the party view list; their own page lists them all."""


def saved_views_visible_to(user: Actor) -> QuerySet[SavedView]:
    rows = SavedView.objects.select_related("owner")
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    parties = visible_party_ids(user)
    shared = Q(sharing=SavedViewSharing.EVERYONE)
    if parties is None:
        shared |= Q(sharing=SavedViewSharing.PARTY)
    elif parties:
        shared |= Q(sharing=SavedViewSharing.PARTY, owner_party__in=parties)
    return rows.filter(Q(owner=getattr(user, "pk", None)) | shared)


def url_of(view: SavedView) -> str:
    """The page the view opens, its filters in the URL as the page's own form puts them."""
    if view.page == SavedViewPage.PARTY:
        return reverse("cockpit:party", args=[view.party])
    values = {
        name: value
        for name, value in (
            ("period", view.period),
            ("service", view.service),
            ("party", view.party),
        )
        if value
    }
    base = reverse("cockpit:overview")
    return f"{base}?{urlencode(values)}" if values else base


def shown_on_pages(user: Actor) -> tuple[list[SavedView], bool]:
    """The first views the cockpit pages list (by name), and whether there are more."""
    rows = list(saved_views_visible_to(user)[: SHOWN_ON_PAGES + 1])
    return rows[:SHOWN_ON_PAGES], len(rows) > SHOWN_ON_PAGES

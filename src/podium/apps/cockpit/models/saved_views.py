"""Saved views: the filters of the cockpit or of a party's view, kept under a name."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.platform.models import ValidatedModel


class SavedView(ValidatedModel):
    """A page of the cockpit with its filters (period, service, party: what its URL says),
    named by the user who saved it and, if they choose, shared with their party's users (an
    integrator's view with everyone). It keeps slugs, not rights: opening it asks the page,
    which shows what the reader may see, as the same URL typed by hand would."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="owner",
        on_delete=models.CASCADE,
        related_name="+",
    )
    owner_party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="owner's party",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The party the owner worked for when saving: a view shared with the party "
        "is its users' only.",
    )
    name = models.CharField("name", max_length=80)
    page = models.CharField("page", max_length=20, choices=SavedViewPage.choices)
    period = models.CharField(
        "period", max_length=10, blank=True, help_text="The period key (7d, 30d, 90d)."
    )
    service = models.CharField(
        "service", max_length=100, blank=True, help_text="The business service's slug."
    )
    party = models.CharField(
        "party",
        max_length=100,
        blank=True,
        help_text="The cockpit's party filter, or the party whose view it opens (its slug).",
    )
    sharing = models.CharField(
        "shared with",
        max_length=20,
        choices=SavedViewSharing.choices,
        default=SavedViewSharing.PRIVATE,
    )
    saved_at = models.DateTimeField("saved at")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner"),
            models.CheckConstraint(
                condition=~models.Q(sharing=SavedViewSharing.PARTY, owner_party__isnull=True),
                name="saved_view_party_sharing_has_a_party",
            ),
            models.CheckConstraint(
                condition=~models.Q(page=SavedViewPage.PARTY, party=""),
                name="saved_view_party_page_names_its_party",
            ),
        ]

    def __str__(self) -> str:
        return self.name

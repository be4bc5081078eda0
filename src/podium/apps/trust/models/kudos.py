"""Kudos: one party recognises another for something it did, linked to what it was about."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.platform.models import ValidatedModel


class Kudos(ValidatedModel):
    """A thank-you from one party to another: a ticket handled well, a goal reached together,
    an action a retrospective asked for."""

    from_party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="from party"
    )
    to_party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="to party"
    )
    message = models.CharField("message", max_length=500)
    ticket = models.ForeignKey(
        "operations.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retrospective = models.ForeignKey(
        "trust.Retrospective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    objective = models.ForeignKey(
        "goals.Objective",
        verbose_name="shared goal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The shared goal (objective) it is about.",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField("given at")

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name_plural = "kudos"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_party=models.F("to_party")),
                name="kudos_to_another_party",
            )
        ]

    def __str__(self) -> str:
        return f"Kudos to party {self.to_party_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.operations.choices import ArbitrationStatus
from podium.platform.models import ValidatedModel


class Arbitration(ValidatedModel):
    """A ticket bounced between the same two parties as many times as the collaboration
    agreement allows (`ping_pong_limit`): it is flagged to the integrator, who decides which
    party owns it until it is resolved, and why.

    One row per ticket and pair (`party_a` before `party_b` by slug, as the engine orders a
    pair); later bounces raise its count and never flag the pair again.
    """

    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        on_delete=models.CASCADE,
        related_name="arbitrations",
    )
    party_a = models.ForeignKey(
        "ecosystem.Party", verbose_name="party", on_delete=models.PROTECT, related_name="+"
    )
    party_b = models.ForeignKey(
        "ecosystem.Party", verbose_name="other party", on_delete=models.PROTECT, related_name="+"
    )
    bounces = models.PositiveIntegerField(
        "bounces", help_text="Direct bounces between the two parties on this ticket."
    )
    limit = models.PositiveSmallIntegerField(
        "limit", help_text="The agreement's bounces before arbitration when it was flagged."
    )
    flagged_at = models.DateTimeField("flagged at", db_index=True)
    last_bounce_at = models.DateTimeField("last bounce at")
    status = models.CharField(
        "status", max_length=8, choices=ArbitrationStatus.choices, default=ArbitrationStatus.OPEN
    )
    owner = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="owner until resolved",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("reason", max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="decided by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("decided at", null=True, blank=True)

    class Meta:
        ordering = ["-flagged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "party_a", "party_b"], name="arbitration_once_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.party_a_id}/{self.party_b_id}"

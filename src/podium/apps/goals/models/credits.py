from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.goals.choices import DisputeStatus
from podium.platform.models import ValidatedModel


class CreditDispute(ValidatedModel):
    """A party contests one breach behind the service credits it owes for a month; it goes to
    the integrator with the evidence Podium measured (the party's clock segments on the
    ticket), and the integrator accepts it (the credit is waived) or rejects it."""

    party = models.ForeignKey(
        "ecosystem.Party", verbose_name="party", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("month", help_text="The first day of the month the credit is for.")
    ticket_reference = models.CharField("ticket", max_length=40)
    contract_reference = models.CharField("contract", max_length=60)
    reason = models.TextField("reason")
    evidence = models.JSONField(
        "evidence", default=dict, help_text="The breach and clock segments as measured."
    )
    status = models.CharField(
        "status", max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField("raised at")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("decided at", null=True, blank=True)
    decision_note = models.TextField("decision note", blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "month", "ticket_reference"],
                name="credit_dispute_once_per_breach",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} disputes {self.ticket_reference} ({self.month:%Y-%m})"

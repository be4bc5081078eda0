from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.changes.choices import ApprovalDecision, ApprovalRole
from podium.platform.models import ValidatedModel


class Approval(ValidatedModel):
    """A party asked to approve a change: Accountable or Consulted for change approval on a
    service or component the change touches (the responsibility matrix says so). Its manager,
    or the integrator, decides."""

    change = models.ForeignKey("changes.Change", on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(
        "ecosystem.Party", verbose_name="party", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("as", max_length=1, choices=ApprovalRole.choices)
    decision = models.CharField(
        "decision",
        max_length=10,
        choices=ApprovalDecision.choices,
        default=ApprovalDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="decided by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("decided", null=True, blank=True)
    note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["change", "role", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["change", "party"], name="approval_one_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.change.reference}: {self.party} ({self.get_role_display()})"

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from podium.platform.models import ValidatedModel


class Contribution(ValidatedModel):
    """A party's part in a key result as last measured: the business time it had in hand on
    what keeps the result from its target (the service's breached tickets, the tickets that
    bounced) or the hand-off delay it took, and its share of the whole."""

    key_result = models.ForeignKey(
        "goals.KeyResult",
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name="key result",
    )
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.PROTECT,
        related_name="goal_contributions",
    )
    seconds = models.FloatField("seconds", validators=[MinValueValidator(0)])
    share = models.FloatField("share (%)", validators=[MinValueValidator(0)])
    measured_at = models.DateTimeField("measured at")

    class Meta:
        ordering = ["key_result", "-share", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "party"], name="contribution_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.key_result}: {self.share:g} %"

    @property
    def hours(self) -> float:
        return self.seconds / 3600.0

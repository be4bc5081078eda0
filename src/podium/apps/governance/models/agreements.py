from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.platform.models import ValidatedModel

DEFAULT_PING_PONG_LIMIT = 3
"""Bounces between two parties on one ticket before the integrator arbitrates, when no
agreement has been published."""


class CollaborationAgreement(ValidatedModel):
    """The "rules of the club": one version of the text every party acknowledges."""

    version = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("title", max_length=200)
    text = models.TextField("text")
    effective_from = models.DateField("effective from")
    ping_pong_limit = models.PositiveSmallIntegerField(
        "bounces before arbitration",
        default=DEFAULT_PING_PONG_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="A ticket that bounces this many times between the same two parties goes to "
        "the integrator, who decides which of them owns it.",
    )
    created_at = models.DateTimeField("created at", auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Acknowledgement(ValidatedModel):
    """A party's representative acknowledged one version of the agreement."""

    agreement = models.ForeignKey(
        CollaborationAgreement, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField("acknowledged at")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"], name="acknowledgement_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} acknowledged {self.agreement}"

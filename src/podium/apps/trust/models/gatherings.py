"""Gatherings: kick-offs, quarterly reviews and celebrations the parties meet at in person."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.apps.trust.choices import GatheringKind
from podium.platform.models import ValidatedModel
from podium.platform.validators import validate_time_zone


class Gathering(ValidatedModel):
    """People of several parties meeting to start, review or celebrate together."""

    title = models.CharField("title", max_length=200)
    kind = models.CharField("kind", max_length=20, choices=GatheringKind.choices)
    starts_at = models.DateTimeField("starts at")
    duration_minutes = models.PositiveIntegerField(
        "duration (minutes)",
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(1440)],
    )
    time_zone = models.CharField(
        "time zone", max_length=64, default="Europe/Amsterdam", validators=[validate_time_zone]
    )
    location = models.CharField("location", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    forum = models.ForeignKey(
        "governance.Forum",
        verbose_name="forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The forum it belongs to (a quarterly review of a board).",
    )
    parties = models.ManyToManyField(
        "ecosystem.Party", related_name="+", verbose_name="invited parties"
    )

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

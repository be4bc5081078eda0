from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from podium.apps.governance.choices import Channel, GovernanceLevel, WaitKind
from podium.platform.identifiers import validate_slug_identifier
from podium.platform.models import ValidatedModel


class EscalationLadder(ValidatedModel):
    """One version of an escalation ladder: ordered steps from operational to strategic level.

    A ladder is never edited in place: a change creates the next version (same `key`) and marks it
    current, so a ticket keeps the version it started with.
    """

    key = models.SlugField(
        "key",
        max_length=60,
        help_text="Stable name shared by all versions.",
        validators=[validate_slug_identifier],
    )
    version = models.PositiveIntegerField("version", default=1)
    name = models.CharField("name", max_length=120)
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalation_ladders",
        help_text="The supplier this ladder escalates to; empty for any.",
    )
    service = models.ForeignKey(
        "ecosystem.Service",
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalation_ladders",
    )
    is_current = models.BooleanField("current version", default=True)
    created_at = models.DateTimeField("created at", auto_now_add=True)
    change_note = models.CharField("what changed", max_length=200, blank=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="ladder_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(is_current=True), name="ladder_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class EscalationStep(ValidatedModel):
    """Wait this long, then reach this contact role at this party through this channel."""

    ladder = models.ForeignKey(EscalationLadder, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField("step")
    level = models.CharField("level", max_length=12, choices=GovernanceLevel.choices)
    wait_minutes = models.PositiveIntegerField(
        "wait (minutes)",
        help_text="After the previous step (or the breach warning); at most a year.",
        validators=[MaxValueValidator(525_600)],
    )
    wait_kind = models.CharField(
        "wait counted in", max_length=8, choices=WaitKind.choices, default=WaitKind.BUSINESS
    )
    party = models.ForeignKey(
        "ecosystem.Party", verbose_name="who (party)", on_delete=models.PROTECT, related_name="+"
    )
    contact_role = models.CharField("who (contact role)", max_length=32)
    channel = models.CharField("channel", max_length=12, choices=Channel.choices)

    class Meta:
        ordering = ["ladder", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["ladder", "position"], name="ladder_step_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ladder} step {self.position}"

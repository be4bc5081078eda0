from __future__ import annotations

from django.db import models

from podium.apps.operations.choices import EscalationKind
from podium.platform.models import ValidatedModel


class Escalation(ValidatedModel):
    """Something the sweep of due deadlines fired for a ticket, once: the warning that its clock
    has run a share of the target, its breach, or a step of the escalation ladder version the
    ticket keeps (who was reached, through which channel).

    The row is written in the same transaction as the firing's effects, and the database keeps
    one per ticket, ladder version and step: a second worker, or a sweep after a restart, that
    tries to fire the same step again fails as a whole and changes nothing.
    """

    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    ladder = models.ForeignKey(
        "governance.EscalationLadder",
        verbose_name="ladder version",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ladder_version = models.PositiveIntegerField(
        "ladder version number", default=0, help_text="0 when the ticket keeps no ladder."
    )
    step = models.CharField(
        "step", max_length=20, help_text="warning, breach, or step-N of the ladder."
    )
    kind = models.CharField("kind", max_length=8, choices=EscalationKind.choices)
    position = models.PositiveSmallIntegerField(
        "ladder step", default=0, help_text="The step's position; 0 for a warning or a breach."
    )
    level = models.CharField("level", max_length=12, blank=True)
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="who (party)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_role = models.CharField("who (contact role)", max_length=32, blank=True)
    channel = models.CharField("channel", max_length=12, blank=True)
    due_at = models.DateTimeField("due at")
    fired_at = models.DateTimeField("fired at", db_index=True)

    class Meta:
        ordering = ["-fired_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "ladder_version", "step"], name="escalation_fires_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.step}"


class SweepSchedule(ValidatedModel):
    """When the next sweep of due deadlines is owed: one row, claimed by the sweep that runs,
    so that several queued sweep tasks (two workers starting) collapse into one chain."""

    name = models.CharField("name", max_length=40, unique=True)
    next_sweep_at = models.DateTimeField("next sweep at")

    def __str__(self) -> str:
        return f"{self.name} at {self.next_sweep_at:%Y-%m-%d %H:%M:%S}"

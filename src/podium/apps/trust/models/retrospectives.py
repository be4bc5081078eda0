"""Retrospectives: after a major incident or each quarter, what went well, what to improve,
and actions with an owner party and a due date, tracked to closure."""

from __future__ import annotations

from django.db import models

from podium.apps.trust.choices import RetroActionStatus, RetrospectiveKind
from podium.platform.models import ValidatedModel


class Retrospective(ValidatedModel):
    """The parties that worked together look back, without blame, on an incident or a quarter."""

    title = models.CharField("title", max_length=200)
    kind = models.CharField("kind", max_length=20, choices=RetrospectiveKind.choices)
    held_on = models.DateField("held on")
    period = models.CharField("period", max_length=40, blank=True, help_text="e.g. 2026-Q3")
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="major incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forum = models.ForeignKey(
        "governance.Forum",
        verbose_name="forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Its open actions appear in this forum's agendas.",
    )
    parties = models.ManyToManyField(
        "ecosystem.Party", related_name="+", verbose_name="parties taking part"
    )
    went_well = models.TextField("what went well", blank=True)
    to_improve = models.TextField("what to improve", blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class RetroAction(ValidatedModel):
    """Something a retrospective agreed to do: one owner party, a due date, a status."""

    retrospective = models.ForeignKey(
        Retrospective, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField("title", max_length=200)
    owner_party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="owner party"
    )
    due_on = models.DateField("due on")
    status = models.CharField(
        "status", max_length=20, choices=RetroActionStatus.choices, default=RetroActionStatus.OPEN
    )
    closed_on = models.DateField("closed on", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

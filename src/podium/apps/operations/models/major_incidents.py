from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.operations.choices import IncidentPhase, MajorIncidentStatus
from podium.platform.models import ValidatedModel


class MajorIncident(ValidatedModel):
    """A ticket declared a major incident: the parties on its bridge (from the responsibility
    matrix on what it affects, its escalation ladder and who held it, kept when it was
    declared), a timeline of status updates, and, once closed, its review and the follow-up
    agreed (a retrospective with the parties, recorded in Trust › Retrospectives)."""

    ticket = models.OneToOneField(
        "operations.Ticket",
        verbose_name="ticket",
        on_delete=models.CASCADE,
        related_name="major_incident",
    )
    title = models.CharField("title", max_length=200)
    status = models.CharField(
        "status",
        max_length=8,
        choices=MajorIncidentStatus.choices,
        default=MajorIncidentStatus.OPEN,
        db_index=True,
    )
    declared_at = models.DateTimeField("declared at")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="declared by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parties = models.ManyToManyField(
        "ecosystem.Party",
        verbose_name="parties on the bridge",
        related_name="+",
        blank=True,
    )
    closed_at = models.DateTimeField("closed at", null=True, blank=True)
    review = models.TextField(
        "review", max_length=10000, blank=True, help_text="What happened, and why (on closing)."
    )
    follow_up = models.CharField(
        "follow-up",
        max_length=400,
        blank=True,
        help_text="What follows the review: the retrospective asked for, with whom, by when.",
    )
    retrospective_due_on = models.DateField("retrospective due on", null=True, blank=True)

    class Meta:
        ordering = ["-declared_at", "-id"]

    def __str__(self) -> str:
        return self.title


class MajorIncidentUpdate(ValidatedModel):
    """A status update on a major incident's timeline, for every party on its bridge."""

    incident = models.ForeignKey(
        MajorIncident,
        verbose_name="major incident",
        on_delete=models.CASCADE,
        related_name="updates",
    )
    written_at = models.DateTimeField("written at")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phase = models.CharField("phase", max_length=16, choices=IncidentPhase.choices)
    text = models.TextField("update", max_length=4000)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.written_at:%Y-%m-%d %H:%M}"

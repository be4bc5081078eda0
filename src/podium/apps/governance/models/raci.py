from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.governance.choices import RaciRole
from podium.platform.identifiers import validate_slug_identifier
from podium.platform.models import ValidatedModel


class Activity(ValidatedModel):
    """Something that has to be done for a service or component, e.g. "incident resolution" or
    "security patching"; the catalogue is editable, the RACI matrix assigns parties to it."""

    code = models.SlugField(
        "code", max_length=60, unique=True, validators=[validate_slug_identifier]
    )
    name = models.CharField("name", max_length=120, unique=True)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField(
        "position", default=100, help_text="Order in the matrix."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name


class ResponsibilityAssignment(ValidatedModel):
    """One letter of the responsibility matrix: a party is R, A, C or I for an activity on a
    business service or on a component (exactly one of the two)."""

    service = models.ForeignKey(
        "ecosystem.Service",
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    component = models.ForeignKey(
        "ecosystem.Component",
        verbose_name="component",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    activity = models.ForeignKey(
        Activity, verbose_name="activity", on_delete=models.PROTECT, related_name="assignments"
    )
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    role = models.CharField("role", max_length=1, choices=RaciRole.choices)
    note = models.CharField("note", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__position", "role", "party__name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(service__isnull=False, component__isnull=True)
                    | models.Q(service__isnull=True, component__isnull=False)
                ),
                name="raci_one_object",
            ),
            models.UniqueConstraint(
                fields=["service", "activity", "party", "role"],
                name="raci_unique_on_service",
                condition=models.Q(service__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["component", "activity", "party", "role"],
                name="raci_unique_on_component",
                condition=models.Q(component__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.role} for {self.activity} on {self.service or self.component}"

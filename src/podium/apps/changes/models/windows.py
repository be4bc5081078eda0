from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from podium.apps.changes.choices import Weekday
from podium.platform.models import ValidatedModel
from podium.platform.validators import validate_time_zone


class BlackoutWindow(ValidatedModel):
    """A freeze: no change during it, on the services named (every service when none is), e.g.
    month-end closing of the finance systems or the year-end peak of the web shop."""

    name = models.CharField("name", max_length=120)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    services = models.ManyToManyField(
        "ecosystem.Service",
        verbose_name="services",
        related_name="blackouts",
        blank=True,
        help_text="None: the freeze holds for every service.",
    )
    reason = models.TextField("reason", blank=True)

    class Meta:
        ordering = ["starts_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="blackout_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The blackout must end after it starts."})


class MaintenanceWindow(ValidatedModel):
    """A weekly window a party has agreed to work in, on its own wall clock; a window ending at
    or before its start runs past midnight. A party with none is not checked."""

    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.CASCADE,
        related_name="maintenance_windows",
    )
    weekday = models.PositiveSmallIntegerField("day", choices=Weekday.choices)
    starts = models.TimeField("from")
    ends = models.TimeField("until", help_text="At or before the start: the next day.")
    time_zone = models.CharField(
        "time zone", max_length=64, default="Europe/Amsterdam", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["party__name", "weekday", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "weekday", "starts"], name="maintenance_window_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M} ({self.time_zone})"
        )

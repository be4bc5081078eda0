from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from podium.platform.identifiers import validate_slug_identifier
from podium.platform.models import ValidatedModel
from podium.platform.validators import validate_time_zone
from podium.platform.values import day_problem


class BusinessCalendar(ValidatedModel):
    """The hours in which a party works: SLA/OLA clocks run only inside them.

    `weekly_hours` maps ISO weekday names (mon … sun) to lists of ``["09:00", "17:00"]`` intervals
    in the calendar's time zone; holidays come from the `holidays` package by country/subdivision.
    """

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField(
        "slug", max_length=100, unique=True, validators=[validate_slug_identifier]
    )
    time_zone = models.CharField("time zone", max_length=64, validators=[validate_time_zone])
    country = models.CharField(
        "holiday country", max_length=2, blank=True, help_text="ISO 3166 code, e.g. NL"
    )
    subdivision = models.CharField("holiday subdivision", max_length=10, blank=True)
    weekly_hours = models.JSONField("weekly hours", default=dict)
    closures = models.JSONField(
        "extra closures", default=list, blank=True, help_text="ISO dates on which nobody works."
    )
    always_open = models.BooleanField("24×7", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Closures are ISO days the engine can put on its calendar."""
        super().clean()
        closures = self.closures if isinstance(self.closures, list) else None
        if closures is None:
            raise ValidationError({"closures": "Extra closures are a list of ISO dates."})
        for value in closures:
            try:
                day = dt.date.fromisoformat(str(value))
            except ValueError as error:
                raise ValidationError(
                    {"closures": f"{str(value)[:40]!r} is not an ISO date such as 2026-12-24."}
                ) from error
            problem = day_problem(day)
            if problem:
                raise ValidationError({"closures": f"{value} {problem}."})

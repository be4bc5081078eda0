from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from podium.platform.validators import validate_time_zone


class BusinessCalendar(models.Model):
    """The hours in which a party works: SLA/OLA clocks run only inside them.

    `weekly_hours` maps ISO weekday names (mon … sun) to lists of ``["09:00", "17:00"]`` intervals
    in the calendar's time zone; holidays come from the `holidays` package by country/subdivision.
    """

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
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

"""The trust context's vocabularies, with the tone each status shows in."""

from django.db import models

from podium.platform.console import define_tones


class WaveStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


define_tones(
    "wave.status",
    {WaveStatus.PLANNED: "blue", WaveStatus.OPEN: "green", WaveStatus.CLOSED: "secondary"},
)

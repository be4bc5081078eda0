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


class RetrospectiveKind(models.TextChoices):
    MAJOR_INCIDENT = "major_incident", "After a major incident"
    QUARTERLY = "quarterly", "Quarterly"


define_tones(
    "retrospective.kind",
    {RetrospectiveKind.MAJOR_INCIDENT: "red", RetrospectiveKind.QUARTERLY: "azure"},
)


class RetroActionStatus(models.TextChoices):
    """The lifecycle of governance's actions (`podium.core.forums.ACTION_TRANSITIONS`)."""

    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


define_tones(
    "retro_action.status",
    {
        RetroActionStatus.OPEN: "blue",
        RetroActionStatus.IN_PROGRESS: "yellow",
        RetroActionStatus.DONE: "green",
        RetroActionStatus.CANCELLED: "secondary",
    },
)


class GatheringKind(models.TextChoices):
    KICK_OFF = "kick_off", "Kick-off"
    QUARTERLY_REVIEW = "quarterly_review", "Quarterly review"
    CELEBRATION = "celebration", "Celebration"


define_tones(
    "gathering.kind",
    {
        GatheringKind.KICK_OFF: "indigo",
        GatheringKind.QUARTERLY_REVIEW: "azure",
        GatheringKind.CELEBRATION: "pink",
    },
)

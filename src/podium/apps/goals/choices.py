from django.db import models

from podium.platform.console import define_tones


class Metric(models.TextChoices):
    """What a key result measures; every one but `manual` is computed by the engine."""

    MANUAL = "manual", "Checked in by hand"
    SLA_ATTAINMENT = "sla_attainment", "End-to-end SLA attainment of a service (%)"
    TIME_TO_RESTORE = "time_to_restore", "Median time to restore (business hours)"
    PING_PONG_SHARE = "ping_pong_share", "Ping-pong share (%)"
    HANDOFF_DELAY = "handoff_delay", "Median hand-off delay (hours)"
    OLA_ATTAINMENT = "ola_attainment", "A party's OLA attainment (%)"
    TRUST_INDEX = "trust_index", "Trust index (from relationship surveys)"


class Direction(models.TextChoices):
    INCREASE = "increase", "Increase to the target"
    DECREASE = "decrease", "Decrease to the target"


class Standing(models.TextChoices):
    """How a key result stands at its latest check-in, from its progress and confidence."""

    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    NOT_MEASURED = "not_measured", "Not measured yet"


define_tones(
    "key_result.standing",
    {
        Standing.ON_TRACK: "green",
        Standing.AT_RISK: "yellow",
        Standing.OFF_TRACK: "red",
        Standing.NOT_MEASURED: "secondary",
    },
)


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted (credit waived)"
    REJECTED = "rejected", "Rejected (credit stands)"


define_tones(
    "dispute.status",
    {DisputeStatus.OPEN: "yellow", DisputeStatus.ACCEPTED: "green", DisputeStatus.REJECTED: "red"},
)

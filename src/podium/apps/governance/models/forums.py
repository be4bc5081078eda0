from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.governance.choices import (
    ActionStatus,
    DecisionStatus,
    ForumKind,
    MeetingStatus,
    MembershipRole,
)
from podium.platform.validators import validate_time_zone


class Forum(models.Model):
    """A governance body — a board, a process forum, a working group — with members from several
    parties and a meeting cadence (an iCalendar recurrence rule in the forum's time zone)."""

    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField("slug", max_length=60, unique=True)
    kind = models.CharField("kind", max_length=20, choices=ForumKind.choices)
    charter = models.TextField(
        "charter", blank=True, help_text="Purpose, scope and decision rights."
    )
    cadence = models.CharField(
        "cadence", max_length=200, blank=True, help_text="RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU"
    )
    first_meeting_at = models.DateTimeField("first meeting", null=True, blank=True)
    duration_minutes = models.PositiveIntegerField("meeting length (minutes)", default=60)
    time_zone = models.CharField(
        "time zone", max_length=64, default="Europe/Amsterdam", validators=[validate_time_zone]
    )
    parties = models.ManyToManyField(
        "ecosystem.Party", through="governance.ForumMembership", related_name="forums"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumMembership(models.Model):
    """A party sits in a forum, optionally represented by named people."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships")
    party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="forum_memberships"
    )
    role = models.CharField(
        "role", max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="forum_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forum", "party"], name="forum_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.forum}"


class Meeting(models.Model):
    """One sitting of a forum: its agenda (filled from live data when prepared) and minutes."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("starts at")
    ends_at = models.DateTimeField("ends at")
    status = models.CharField(
        "status", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agenda = models.JSONField("agenda", default=list, blank=True)
    minutes = models.TextField("minutes", blank=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "starts_at"], name="meeting_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.starts_at:%Y-%m-%d}"


class Decision(models.Model):
    """An entry of a forum's decision log."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    reference = models.CharField("reference", max_length=30, unique=True)
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    status = models.CharField(
        "status", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    due_on = models.DateField("decision due", null=True, blank=True)
    decided_on = models.DateField("decided on", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Action(models.Model):
    """Something a party (and optionally a named person) promised to do by a date."""

    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField("title", max_length=200)
    owner_party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="owner party",
        on_delete=models.PROTECT,
        related_name="actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField("due on")
    status = models.CharField(
        "status", max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def party_id(self) -> int:
        return self.owner_party_id

from django.db import models

from podium.core import changes as core
from podium.platform.console import define_tones


class ChangeStatus(models.TextChoices):
    """Where a change is in its lifecycle (the transitions: `podium.core.changes.TRANSITIONS`)."""

    DRAFT = core.DRAFT, "Draft"
    SUBMITTED = core.SUBMITTED, "Submitted"
    APPROVED = core.APPROVED, "Approved"
    REJECTED = core.REJECTED, "Rejected"
    SCHEDULED = core.SCHEDULED, "Scheduled"
    IN_PROGRESS = core.IN_PROGRESS, "In progress"
    COMPLETED = core.COMPLETED, "Completed"
    FAILED = core.FAILED, "Failed"
    ROLLED_BACK = core.ROLLED_BACK, "Rolled back"
    CANCELLED = core.CANCELLED, "Cancelled"


class ChangeKind(models.TextChoices):
    STANDARD = "standard", "Standard (pre-approved)"
    NORMAL = "normal", "Normal"
    EMERGENCY = "emergency", "Emergency"


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ApprovalRole(models.TextChoices):
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"


class ApprovalDecision(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


CHANGE_APPROVAL_ACTIVITY = "change-approval"
"""The activity of the responsibility matrix whose Accountable and Consulted parties approve."""

CAB_FORUM_SLUG = "change-advisory-board"
"""The governance forum acting as the change advisory board: changes awaiting approval, with
their conflicts, are on its agenda."""

define_tones(
    "change.status",
    {
        ChangeStatus.DRAFT: "secondary",
        ChangeStatus.SUBMITTED: "azure",
        ChangeStatus.APPROVED: "teal",
        ChangeStatus.REJECTED: "red",
        ChangeStatus.SCHEDULED: "blue",
        ChangeStatus.IN_PROGRESS: "purple",
        ChangeStatus.COMPLETED: "green",
        ChangeStatus.FAILED: "red",
        ChangeStatus.ROLLED_BACK: "orange",
        ChangeStatus.CANCELLED: "secondary",
    },
)
define_tones(
    "change.kind",
    {ChangeKind.STANDARD: "green", ChangeKind.NORMAL: "blue", ChangeKind.EMERGENCY: "red"},
)
define_tones("change.risk", {Risk.LOW: "green", Risk.MEDIUM: "yellow", Risk.HIGH: "red"})
define_tones(
    "approval.decision",
    {
        ApprovalDecision.PENDING: "yellow",
        ApprovalDecision.APPROVED: "green",
        ApprovalDecision.REJECTED: "red",
    },
)

from django.db import models

from podium.platform.console import define_tones


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class GovernanceLevel(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    TACTICAL = "tactical", "Tactical"
    STRATEGIC = "strategic", "Strategic"


class WaitKind(models.TextChoices):
    BUSINESS = "business", "Business time"
    CALENDAR = "calendar", "Calendar time"


class Channel(models.TextChoices):
    IN_APP = "in_app", "In-app notification"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone call"
    WEBHOOK = "webhook", "Webhook"
    MEETING = "meeting", "Meeting"


class ForumKind(models.TextChoices):
    STRATEGIC_BOARD = "strategic_board", "Strategic board"
    TACTICAL_BOARD = "tactical_board", "Tactical board"
    OPERATIONAL_BOARD = "operational_board", "Operational board"
    PROCESS_FORUM = "process_forum", "Process forum"
    WORKING_GROUP = "working_group", "Working group"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    OBSERVER = "observer", "Observer"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


# The tones pages show these in (status badges; see podium.platform.console).
define_tones(
    "meeting.status",
    {
        MeetingStatus.PLANNED: "blue",
        MeetingStatus.HELD: "green",
        MeetingStatus.CANCELLED: "secondary",
    },
)
define_tones(
    "decision.status",
    {
        DecisionStatus.PROPOSED: "yellow",
        DecisionStatus.DECIDED: "green",
        DecisionStatus.SUPERSEDED: "secondary",
        DecisionStatus.WITHDRAWN: "secondary",
    },
)
define_tones(
    "action.status",
    {
        ActionStatus.OPEN: "blue",
        ActionStatus.IN_PROGRESS: "azure",
        ActionStatus.DONE: "green",
        ActionStatus.CANCELLED: "secondary",
    },
)
define_tones("finding.severity", {"error": "red", "warning": "yellow"})
define_tones(
    "governance.level", {"operational": "blue", "tactical": "purple", "strategic": "orange"}
)

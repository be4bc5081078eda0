from django.db import models

from podium.core import notifications
from podium.platform.console import define_tones


class TicketStatus(models.TextChoices):
    """TMF621 trouble-ticket statuses."""

    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "inProgress", "In progress"
    PENDING = "pending", "Pending"
    HELD = "held", "Held"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = frozenset(
    {
        TicketStatus.ACKNOWLEDGED,
        TicketStatus.IN_PROGRESS,
        TicketStatus.PENDING,
        TicketStatus.HELD,
    }
)

# How a ticket's clock reads the statuses: paused while pending or held (waiting on someone
# else), stopped once resolved, closed, rejected or cancelled.
PAUSING_STATUSES = frozenset(s.value for s in (TicketStatus.PENDING, TicketStatus.HELD))
STOPPING_STATUSES = frozenset(
    s.value
    for s in (
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
        TicketStatus.REJECTED,
        TicketStatus.CANCELLED,
    )
)

# The tones pages show statuses in (see podium.platform.console).
define_tones(
    "ticket.status",
    {
        TicketStatus.ACKNOWLEDGED: "azure",
        TicketStatus.IN_PROGRESS: "blue",
        TicketStatus.PENDING: "yellow",
        TicketStatus.HELD: "orange",
        TicketStatus.RESOLVED: "green",
        TicketStatus.CLOSED: "secondary",
        TicketStatus.REJECTED: "red",
        TicketStatus.CANCELLED: "secondary",
    },
)


class DeliveryKind(models.TextChoices):
    """What an outbound delivery carries."""

    EVENT = "event", "Hub event"
    CREATE = "create", "Create at a party's endpoint"
    UPDATE = "update", "Change at a party's endpoint"
    CLOUDEVENT = "cloudevent", "CloudEvent (webhook)"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


define_tones(
    "delivery.status",
    {
        DeliveryStatus.PENDING: "yellow",
        DeliveryStatus.DELIVERED: "green",
        DeliveryStatus.FAILED: "red",
        DeliveryStatus.CANCELLED: "secondary",
    },
)


class CredentialState(models.TextChoices):
    """Whether an integration token is still accepted."""

    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"


define_tones(
    "credential.state", {CredentialState.ACTIVE: "green", CredentialState.REVOKED: "secondary"}
)


class EscalationKind(models.TextChoices):
    """What a sweep of due deadlines fired for a ticket."""

    WARNING = "warning", "Warning"
    BREACH = "breach", "Breach"
    STEP = "step", "Escalation step"


define_tones(
    "escalation.kind",
    {EscalationKind.WARNING: "yellow", EscalationKind.BREACH: "red", EscalationKind.STEP: "orange"},
)


class ArbitrationStatus(models.TextChoices):
    """Where a ping-pong arbitration stands: waiting for the integrator, or decided."""

    OPEN = "open", "Waiting for a decision"
    DECIDED = "decided", "Owner decided"


define_tones(
    "arbitration.status", {ArbitrationStatus.OPEN: "red", ArbitrationStatus.DECIDED: "green"}
)


class MajorIncidentStatus(models.TextChoices):
    """A major incident is open (its bridge is running) until it is closed with its review."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


define_tones(
    "major_incident.status", {MajorIncidentStatus.OPEN: "red", MajorIncidentStatus.CLOSED: "green"}
)


class IncidentPhase(models.TextChoices):
    """What a status update of a major incident says about where the work stands."""

    INVESTIGATING = "investigating", "Investigating"
    IDENTIFIED = "identified", "Cause identified"
    MONITORING = "monitoring", "Fix in place, monitoring"
    RESOLVED = "resolved", "Resolved"


define_tones(
    "major_incident.phase",
    {
        IncidentPhase.INVESTIGATING: "red",
        IncidentPhase.IDENTIFIED: "orange",
        IncidentPhase.MONITORING: "yellow",
        IncidentPhase.RESOLVED: "green",
    },
)


class SubscriptionFormat(models.TextChoices):
    """What a subscription hears: TMF621 ticket events (`POST /hub`), or the notifications of
    a party's webhook (escalations, breaches, assignments) as CloudEvents."""

    TMF621 = "tmf621", "TMF621 hub events"
    CLOUDEVENTS = "cloudevents", "CloudEvents webhook"


class NotificationType(models.TextChoices):
    """What a notification is about (the CloudEvents `type` of the same event)."""

    WARNING = notifications.WARNING, notifications.EVENT_LABELS[notifications.WARNING]
    BREACH = notifications.BREACH, notifications.EVENT_LABELS[notifications.BREACH]
    STEP = notifications.STEP, notifications.EVENT_LABELS[notifications.STEP]
    ASSIGNED = notifications.ASSIGNED, notifications.EVENT_LABELS[notifications.ASSIGNED]
    CHANGE_SCHEDULED = (
        notifications.CHANGE_SCHEDULED,
        notifications.EVENT_LABELS[notifications.CHANGE_SCHEDULED],
    )
    CHANGE_MOVED = (
        notifications.CHANGE_MOVED,
        notifications.EVENT_LABELS[notifications.CHANGE_MOVED],
    )
    CHANGE_FAILED = (
        notifications.CHANGE_FAILED,
        notifications.EVENT_LABELS[notifications.CHANGE_FAILED],
    )
    MAJOR_INCIDENT_DECLARED = (
        notifications.MAJOR_INCIDENT_DECLARED,
        notifications.EVENT_LABELS[notifications.MAJOR_INCIDENT_DECLARED],
    )
    MAJOR_INCIDENT_UPDATE = (
        notifications.MAJOR_INCIDENT_UPDATE,
        notifications.EVENT_LABELS[notifications.MAJOR_INCIDENT_UPDATE],
    )
    MAJOR_INCIDENT_CLOSED = (
        notifications.MAJOR_INCIDENT_CLOSED,
        notifications.EVENT_LABELS[notifications.MAJOR_INCIDENT_CLOSED],
    )
    GROUPED = notifications.GROUPED, notifications.EVENT_LABELS[notifications.GROUPED]


define_tones(
    "notification.type",
    {
        NotificationType.WARNING: "yellow",
        NotificationType.BREACH: "red",
        NotificationType.STEP: "orange",
        NotificationType.ASSIGNED: "azure",
        NotificationType.CHANGE_SCHEDULED: "indigo",
        NotificationType.CHANGE_MOVED: "purple",
        NotificationType.CHANGE_FAILED: "pink",
        NotificationType.MAJOR_INCIDENT_DECLARED: "red",
        NotificationType.MAJOR_INCIDENT_UPDATE: "purple",
        NotificationType.MAJOR_INCIDENT_CLOSED: "green",
        NotificationType.GROUPED: "red",
    },
)


class EmailMode(models.TextChoices):
    """How a user wants e-mail of one type of notification (the inbox always has it)."""

    IMMEDIATELY = notifications.IMMEDIATELY, "At once"
    DIGEST = notifications.DIGEST, "In the daily digest"
    OFF = notifications.OFF, "No e-mail"


class MailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"

from django.db import models


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

from django.db import models

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

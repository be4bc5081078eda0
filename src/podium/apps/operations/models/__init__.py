from podium.apps.operations.models.arbitration import Arbitration
from podium.apps.operations.models.bonding import BondedTicket, PartyEndpoint
from podium.apps.operations.models.credentials import IntegrationCredential, RequestCount
from podium.apps.operations.models.escalations import Escalation, SweepSchedule
from podium.apps.operations.models.exchange import RawPayload
from podium.apps.operations.models.hub import (
    Delivery,
    DeliveryAttempt,
    HubSubscription,
    InboundEvent,
    TicketPublication,
)
from podium.apps.operations.models.major_incidents import MajorIncident, MajorIncidentUpdate
from podium.apps.operations.models.notifications import (
    Notification,
    NotificationMail,
    NotificationPreference,
)
from podium.apps.operations.models.tickets import Ticket, TicketEvent, TicketHolder, TicketNote

__all__ = [
    "Arbitration",
    "BondedTicket",
    "Delivery",
    "DeliveryAttempt",
    "Escalation",
    "HubSubscription",
    "InboundEvent",
    "IntegrationCredential",
    "MajorIncident",
    "MajorIncidentUpdate",
    "Notification",
    "NotificationMail",
    "NotificationPreference",
    "PartyEndpoint",
    "RawPayload",
    "RequestCount",
    "SweepSchedule",
    "Ticket",
    "TicketEvent",
    "TicketHolder",
    "TicketNote",
    "TicketPublication",
]

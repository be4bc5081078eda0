from podium.apps.operations.models.bonding import BondedTicket, PartyEndpoint
from podium.apps.operations.models.credentials import IntegrationCredential
from podium.apps.operations.models.exchange import RawPayload
from podium.apps.operations.models.hub import (
    Delivery,
    DeliveryAttempt,
    HubSubscription,
    InboundEvent,
    TicketPublication,
)
from podium.apps.operations.models.tickets import Ticket, TicketEvent, TicketHolder, TicketNote

__all__ = [
    "BondedTicket",
    "Delivery",
    "DeliveryAttempt",
    "HubSubscription",
    "InboundEvent",
    "IntegrationCredential",
    "PartyEndpoint",
    "RawPayload",
    "Ticket",
    "TicketEvent",
    "TicketHolder",
    "TicketNote",
    "TicketPublication",
]

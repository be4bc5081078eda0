from podium.apps.operations.models.credentials import IntegrationCredential
from podium.apps.operations.models.exchange import RawPayload
from podium.apps.operations.models.tickets import Ticket, TicketEvent, TicketHolder, TicketNote

__all__ = [
    "IntegrationCredential",
    "RawPayload",
    "Ticket",
    "TicketEvent",
    "TicketHolder",
    "TicketNote",
]

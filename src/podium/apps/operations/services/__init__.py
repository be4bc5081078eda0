"""Writes of operations, one module per concept: tickets (history imports and what parties'
tools send), clocks (recomputed with the engine after every change), credentials (integration
tokens)."""

from podium.apps.operations.services.tickets import (
    HistoricalEvent,
    HistoricalTicket,
    import_ticket_history,
)

__all__ = ["HistoricalEvent", "HistoricalTicket", "import_ticket_history"]

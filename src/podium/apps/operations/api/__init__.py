"""`/api/v1/operations/…` (native, `tickets`), `/api/v1/events` (native, bulk `events`) and
the TMF621 Trouble Ticket API for parties' tools (`exchange`, mounted at
`/tmf-api/troubleTicket/v5/`)."""

from podium.apps.operations.api.bonding import router as bonding_router
from podium.apps.operations.api.escalations import router as escalations_router
from podium.apps.operations.api.events import router as events_router
from podium.apps.operations.api.notifications import router as notifications_router
from podium.apps.operations.api.tickets import router

router.add_router("", bonding_router)
router.add_router("", escalations_router)
router.add_router("", notifications_router)

__all__ = ["events_router", "router"]

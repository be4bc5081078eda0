"""`/api/v1/ecosystem/…`: one module per concept, each with the scoped reads (the same
selectors as the pages) and the integrator's writes (the same services)."""

from ninja import Router

from podium.apps.ecosystem.api import calendars, contracts, landscape, parties

router = Router(tags=["ecosystem"])
for concept in (parties, landscape, contracts, calendars):
    router.add_router("", concept.router)

__all__ = ["router"]

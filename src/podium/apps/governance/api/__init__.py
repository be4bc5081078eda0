"""`/api/v1/governance/…`: one router per concept, mounted on one governance router."""

from ninja import Router

from podium.apps.governance.api.forums import router as forums_router
from podium.apps.governance.api.raci import router as raci_router

router = Router(tags=["governance"])
router.add_router("", raci_router)
router.add_router("", forums_router)

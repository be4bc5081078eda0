"""`/api/v1/governance/…`: one router per concept, mounted on one governance router."""

from ninja import Router

from podium.apps.governance.api import agreements, escalation, forums, raci

router = Router(tags=["governance"])
for concept in (raci, escalation, forums, agreements):
    router.add_router("", concept.router)

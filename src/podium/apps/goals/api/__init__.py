"""`/api/v1/goals/…`: one router per concept, mounted on one goals router."""

from ninja import Router

from podium.apps.goals.api import contributions, credits, objectives, scorecards

router = Router(tags=["goals"])
for concept in (objectives, contributions, scorecards, credits):
    router.add_router("", concept.router)

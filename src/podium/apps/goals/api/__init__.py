"""`/api/v1/goals/…`: one router per concept, mounted on one goals router."""

from ninja import Router

from podium.apps.goals.api import contributions, objectives, scorecards

router = Router(tags=["goals"])
for concept in (objectives, contributions, scorecards):
    router.add_router("", concept.router)

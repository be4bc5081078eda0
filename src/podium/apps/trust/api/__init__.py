"""`/api/v1/trust/…`: one router per concept, mounted on one trust router."""

from ninja import Router

from podium.apps.trust.api import gatherings, insight, kudos, retrospectives, surveys

router = Router(tags=["trust"])
for concept in (surveys, retrospectives, kudos, gatherings, insight):
    router.add_router("", concept.router)

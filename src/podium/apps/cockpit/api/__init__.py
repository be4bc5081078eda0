"""`/api/v1/cockpit/…`: one router per concept, mounted on one cockpit router."""

from ninja import Router

from podium.apps.cockpit.api import saved_views

router = Router(tags=["cockpit"])
for concept in (saved_views,):
    router.add_router("", concept.router)

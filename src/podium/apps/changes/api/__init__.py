"""`/api/v1/changes/…`: one module per concept, the same selectors and services as the pages."""

from ninja import Router

from podium.apps.changes.api import changes

router = Router(tags=["changes"])
for concept in (changes,):
    router.add_router("", concept.router)

__all__ = ["router"]

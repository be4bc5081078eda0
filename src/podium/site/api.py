"""The one native API root, `/api/v1/`, with routers contributed by each context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.security import django_auth

from podium.apps.changes.api import router as changes_router
from podium.apps.cockpit.api import router as cockpit_router
from podium.apps.ecosystem.api import router as ecosystem_router
from podium.apps.goals.api import router as goals_router
from podium.apps.governance.api import router as governance_router
from podium.apps.operations.api import events_router
from podium.apps.operations.api import router as operations_router
from podium.apps.trust.api import router as trust_router
from podium.platform.api import native_api

api = native_api(
    title="Podium API",
    version="1",
    description="Native resources of Podium. Log in through the web page; the session cookie and "
    "CSRF token authenticate API calls.",
    auth=django_auth,
    urls_namespace="api-v1",
)


class MeOut(Schema):
    username: str
    role: str
    party: str | None
    time_zone: str


@api.get("/me", response=MeOut, tags=["accounts"], summary="The logged-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "username": user.username,
        "role": user.role,
        "party": user.party.slug if user.party_id else None,
        "time_zone": user.time_zone,
    }


api.add_router("/ecosystem", ecosystem_router)
api.add_router("/operations", operations_router)
api.add_router("/events", events_router)
api.add_router("/governance", governance_router)
api.add_router("/changes", changes_router)
api.add_router("/goals", goals_router)
api.add_router("/trust", trust_router)
api.add_router("/cockpit", cockpit_router)

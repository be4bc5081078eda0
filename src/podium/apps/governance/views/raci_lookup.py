"""Pages that answer questions from the matrix: who do I call, what does an outage touch, and
how much of the critical business rests on one party. The clock is read here, never in core."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.ecosystem.models import Component, Service
from podium.apps.governance.selectors import raci as matrix
from podium.apps.governance.selectors import raci_lookup as lookup
from podium.core import raci


def pick_object(user: Any, service: str, component: str) -> Service | Component | None:
    """The service or component named by slug, in the user's reach; 404 when out of it."""
    service_ids, component_ids = matrix.visible_objects(user)
    if service:
        return get_object_or_404(Service, slug=service, pk__in=service_ids)
    if component:
        return get_object_or_404(Component, slug=component, pk__in=component_ids)
    return None


@require_GET
@login_required
def who_to_call(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    code = request.GET.get("activity") or raci.INCIDENT_RESOLUTION
    activity = get_object_or_404(matrix.activities(), code=code)
    obj = pick_object(
        request.user, request.GET.get("service", ""), request.GET.get("component", "")
    )
    matches = lookup.search_objects(request.user, text) if text and obj is None else []
    if obj is None and len(matches) == 1:
        obj = matches[0]
    callees = lookup.who_to_call(request.user, obj, activity, timezone.now()) if obj else []
    context = {
        "q": text,
        "activity": activity,
        "activities": matrix.activities(),
        "obj": obj,
        "kind": raci.SERVICE if isinstance(obj, Service) else raci.COMPONENT,
        "matches": matches,
        "callees": callees,
    }
    return render(request, "governance/raci/who_to_call.html", context)


@require_GET
@login_required
def impact_index(request: HttpRequest) -> HttpResponse:
    _, component_ids = matrix.visible_objects(request.user)
    components = Component.objects.filter(pk__in=component_ids).select_related("run_by")
    return render(
        request, "governance/raci/impact_index.html", {"components": components.order_by("name")}
    )


@require_GET
@login_required
def impact(request: HttpRequest, slug: str) -> HttpResponse:
    component = pick_object(request.user, "", slug)
    if not isinstance(component, Component):
        raise Http404
    activity = request.GET.get("activity", raci.INCIDENT_RESOLUTION)
    context = lookup.impact(request.user, component, None if activity == "all" else activity)
    context |= {"component": component, "activity": activity, "activities": matrix.activities()}
    return render(request, "governance/raci/impact.html", context)


@require_GET
@login_required
def concentration(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("platform.view_everything"):
        raise PermissionDenied
    return render(request, "governance/raci/concentration.html", lookup.concentration())

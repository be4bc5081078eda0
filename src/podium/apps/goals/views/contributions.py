""" "Our part in the shared goal": one party's contributions to the running key results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.selectors import contributions as selectors


@require_GET
@login_required
def party_part(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(ecosystem.parties_visible_to(request.user), slug=slug)
    parts = selectors.party_part(request.user, party.pk, timezone.localdate())
    context = {"party": party, "parts": parts}
    return render(request, "goals/party_part.html", context)

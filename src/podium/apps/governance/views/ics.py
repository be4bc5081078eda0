"""Calendar feeds (.ics) of forum cadences.

Feeds need a logged-in session, like every other page: a browser or a calendar client that
shares the browser's session downloads them. (A per-user secret feed URL for clients without a
session is a later addition; it needs a rotatable token stored per user.)
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.governance import ics
from podium.apps.governance.models import Forum
from podium.apps.governance.selectors import forums as selectors


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _urls(request: HttpRequest, forums: list[Forum]) -> dict[int, str]:
    return {
        f.pk: request.build_absolute_uri(reverse("governance:forum_detail", args=[f.slug]))
        for f in forums
    }


@require_GET
@login_required
def forum_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    content = ics.feed(
        [forum], name=forum.name, stamp=timezone.now(), url_for=_urls(request, [forum])
    )
    return _response(content, forum.slug)


@require_GET
@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The forums the user's party sits in."""
    forums = list(selectors.forums_of_party(getattr(request.user, "party_id", None)))
    content = ics.feed(
        forums, name="My forums", stamp=timezone.now(), url_for=_urls(request, forums)
    )
    return _response(content, "forums")

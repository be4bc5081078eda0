"""Calendar feeds (.ics) of forum cadences.

The session feeds need a logged-in session, like every other page. Calendar clients (Outlook,
Google, Apple) cannot log in, so the same feeds also answer at `feeds/<token>/…`, where the token
is the user's secret from Preferences: they answer exactly what that user would get, and an
unknown or rotated token answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.accounts.selectors import user_for_calendar_feed_token
from podium.apps.governance import ics
from podium.apps.governance.models import Forum
from podium.apps.governance.selectors import forums as selectors


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _urls(request: HttpRequest, forums: list[Forum]) -> dict[int, str]:
    return {
        f.pk: request.build_absolute_uri(reverse("governance:forum_detail", args=[f.slug]))
        for f in forums
    }


def _forum_feed(request: HttpRequest, user: Any, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_visible_to(user), slug=slug)
    content = ics.feed(
        [forum], name=forum.name, stamp=timezone.now(), url_for=_urls(request, [forum])
    )
    return _response(content, forum.slug)


def _personal_feed(request: HttpRequest, user: Any) -> HttpResponse:
    """The forums the user's party sits in."""
    forums = list(selectors.forums_of_party(getattr(user, "party_id", None)))
    content = ics.feed(
        forums, name="My forums", stamp=timezone.now(), url_for=_urls(request, forums)
    )
    return _response(content, "forums")


def _token_user(token: str) -> Any:
    user = user_for_calendar_feed_token(token)
    if user is None:
        raise Http404
    return user


@require_GET
@login_required
def forum_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return _forum_feed(request, request.user, slug)


@require_GET
@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    return _personal_feed(request, request.user)


@require_GET
def token_forum_calendar(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """One forum's feed for a calendar client, as the token's owner sees it."""
    return _forum_feed(request, _token_user(token), slug)


@require_GET
def token_my_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed for a calendar client, as the token's owner sees it."""
    return _personal_feed(request, _token_user(token))

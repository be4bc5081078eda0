"""Site-wide pages: log-in and log-out, the home page per role, preferences, health."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.accounts import services as account_services
from podium.apps.governance.selectors.forums import forums_visible_to
from podium.apps.operations.views import notifications as notification_views
from podium.core.calendars.zones import time_zone_keys
from podium.core.tmf621 import error_body
from podium.platform import throttling
from podium.site.home import home_summary


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses log-in while too many recent failures came for this user name or from this address.

    The name is counted as the backend will look it up: the form field has already stripped
    and NFKC-normalised it (`cleaned_data`), and `throttling.throttle_key` folds it further.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed log-ins. Wait 15 minutes and try again.",
    }

    def clean(self) -> dict[str, Any]:
        typed = self.cleaned_data.get("username")
        if typed is None:  # the field itself is invalid: nothing is authenticated, nothing counted
            return super().clean()
        key = throttling.throttle_key(typed)
        address = throttling.client_address(self.request) if self.request else None
        if throttling.is_locked_out(key, address):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttling.note_failure(key, address)
            raise
        if self.user_cache is not None:
            throttling.clear_failures(key, address)
        return cleaned


class PodiumLoginView(LoginView):
    template_name = "site/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary(request.user, today=timezone.localdate())
    return render(request, "site/home.html", {"summary": summary})


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone", choices=[(z, z) for z in sorted(time_zone_keys())]
    )


def _feed_urls(request: HttpRequest, user: Any, token: str) -> dict[str, Any]:
    """The subscription URLs a new calendar feed secret gives, to show once."""
    forums = forums_visible_to(user).order_by("name")
    return {
        "personal": request.build_absolute_uri(
            reverse("governance:token_my_calendar", args=[token])
        ),
        "changes": request.build_absolute_uri(reverse("changes_feed", args=[token])),
        "forums": [
            (
                forum.name,
                request.build_absolute_uri(
                    reverse("governance:token_forum_calendar", args=[token, forum.slug])
                ),
            )
            for forum in forums
        ],
    }


def _render_preferences(
    request: HttpRequest, form: TimeZoneForm, feed_urls: dict[str, Any] | None = None
) -> HttpResponse:
    notification_form = notification_views.preferences_form(request.user)
    context = {"form": form, "feed_urls": feed_urls, "notification_form": notification_form}
    response = render(request, "site/preferences.html", context)
    if feed_urls is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TimeZoneForm(request.POST or None, initial={"time_zone": user.time_zone})
    if request.method == "POST" and form.is_valid():
        account_services.set_time_zone(acting_user=user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, "Time zone saved.")
        return redirect("preferences")
    return _render_preferences(request, form)


@require_POST
@login_required
def calendar_feed_rotate(request: HttpRequest) -> HttpResponse:
    """Create or replace the user's calendar feed secret and show its URLs, this once."""
    user: Any = request.user
    token = account_services.rotate_calendar_feed_token(acting_user=user, user=user)
    form = TimeZoneForm(initial={"time_zone": user.time_zone})
    return _render_preferences(request, form, _feed_urls(request, user, token))


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@csrf_exempt  # answers every method the same, and writes nothing
def api_not_found(request: HttpRequest) -> JsonResponse:
    """Any address under /api/ that no operation answers: the API's own 404, as JSON."""
    return JsonResponse({"detail": "Not found"}, status=404)


@csrf_exempt  # answers every method the same, and writes nothing
def tmf_not_found(request: HttpRequest) -> JsonResponse:
    """Any address under /tmf-api/ that no operation answers, as the TMF `Error` body."""
    return JsonResponse(
        error_body(404, "Not found", "This API has no resource at this address."), status=404
    )


@require_GET
def changes_feed(
    request: HttpRequest, token: str, party: str | None = None, service: str | None = None
) -> HttpResponse:
    """The change calendar's .ics feed of the token owner's party (or of the party or service
    named), for a calendar client (the same per-user feed secret as the forums' feeds)."""
    from podium.apps.accounts.selectors import user_for_calendar_feed_token
    from podium.apps.changes.views.changes import feed_response

    user = user_for_calendar_feed_token(token)
    if user is None:
        raise Http404
    return feed_response(request, user, party=party, service=service)

"""Site-wide pages: log-in and log-out, the home page per role, preferences, health."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.accounts import services as account_services
from podium.platform import throttling
from podium.site.home import home_summary


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses log-in while too many recent failures came from this user name or address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed log-ins. Wait 15 minutes and try again.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        address = self.request.META.get("REMOTE_ADDR") if self.request else None
        if throttling.is_locked_out(username, address):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttling.note_failure(username, address)
            raise
        throttling.clear_failures(username, address)
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
    return render(request, "site/home.html", {"summary": home_summary(request.user)})


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone", choices=[(z, z) for z in sorted(zoneinfo.available_timezones())]
    )


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TimeZoneForm(request.POST or None, initial={"time_zone": user.time_zone})
    if request.method == "POST" and form.is_valid():
        account_services.set_time_zone(acting_user=user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, "Time zone saved.")
        return redirect("preferences")
    return render(request, "site/preferences.html", {"form": form})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})

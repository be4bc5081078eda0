"""Pages of notifications: the user's inbox (each notification opens what it is about and is
marked read on the way; the top bar's badge asks for its count after the page has loaded, so
no page pays for it), the e-mail preferences posted from the Preferences page, and a party's
webhooks (CloudEvents, signed; the secret shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.filters import NotificationFilterSet, WebhookFilterSet
from podium.apps.operations.forms import NotificationPreferencesForm, WebhookForm
from podium.apps.operations.rules import MANAGE_SUBSCRIPTIONS
from podium.apps.operations.services import notifications
from podium.apps.operations.tables import NotificationTable, WebhookTable
from podium.platform.access import Actor, may, require
from podium.platform.lists import render_list
from podium.platform.shown_once import secret_shown_once

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponseBase:
    unread = selectors.unread_notifications(request.user)
    return render_list(
        request,
        queryset=selectors.notifications_of(request.user),
        filterset_class=NotificationFilterSet,
        table_class=NotificationTable,
        title="Inbox",
        export_name="inbox",
        template="operations/inbox.html",
        extra={"unread": unread},
    )


@require_GET
@login_required
def inbox_badge(request: HttpRequest) -> HttpResponse:
    """The top bar's inbox link text: "Inbox" and the unread count (an htmx fragment)."""
    count = selectors.unread_notifications(request.user)
    return render(request, "operations/partials/inbox_badge.html", {"unread": count})


def preferences_form(user: Actor, data: Any = None) -> NotificationPreferencesForm:
    """The Preferences page's e-mail section (the site's page shows it, this app saves it)."""
    return NotificationPreferencesForm(data, current=notifications.email_preferences(user))


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `open`, go on to what it is about."""
    notification = get_object_or_404(selectors.notifications_in_reach(request.user), pk=pk)
    notifications.mark_read(acting_user=request.user, notification=notification, now=timezone.now())
    target = notification.link
    if request.POST.get("open") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("operations:inbox")


@require_POST
@login_required
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_read(acting_user=request.user, now=timezone.now())
    if count:
        messages.success(request, f"Marked {count} read.")
    return redirect("operations:inbox")


@require_POST
@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = preferences_form(request.user, request.POST)
    if form.is_valid():
        changed = notifications.set_email_preferences(acting_user=request.user, modes=form.modes())
        messages.success(request, "E-mail preferences saved." if changed else "Nothing changed.")
    else:
        messages.error(request, "Choose one of the e-mail options for every notification.")
    return redirect("preferences")


# -- webhooks -----------------------------------------------------------------------------


def _parties_for_webhooks(user: Actor) -> Any:
    allowed = [p.pk for p in ecosystem.parties_for_choice() if may(user, MANAGE_SUBSCRIPTIONS, p)]
    return ecosystem.parties_among(allowed)


@require_GET
@login_required
def webhook_list(request: HttpRequest) -> HttpResponseBase:
    own_party = getattr(request.user, "party", None)
    return render_list(
        request,
        queryset=selectors.webhooks_visible_to(request.user),
        filterset_class=WebhookFilterSet,
        table_class=WebhookTable,
        title="Webhooks",
        export_name="webhooks",
        template="operations/webhook_list.html",
        extra={
            "create_url": reverse("operations:webhook_create")
            if may(request.user, MANAGE_SUBSCRIPTIONS, own_party)
            else None
        },
    )


@GET_POST
@login_required
def webhook_create(request: HttpRequest) -> HttpResponseBase:
    """The form; once saved, the answer (201) is the one page that shows the secret."""
    require(request.user, MANAGE_SUBSCRIPTIONS, getattr(request.user, "party", None))
    form = WebhookForm(request.POST or None, parties=_parties_for_webhooks(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = notifications.create_webhook(
                acting_user=request.user,
                party=form.cleaned_data["party"],
                callback=form.cleaned_data["callback"],
                event_types=form.cleaned_data["event_types"],
                now=timezone.now(),
                sees_everything=form.cleaned_data["party"].is_integrator,
            )
        except ValueError as error:
            form.add_error("callback", str(error))
        else:
            return secret_shown_once(
                request,
                "operations/webhook_secret.html",
                secret=secret,
                label="Signing secret",
                back_url=reverse("operations:webhook_list"),
                back_label="I have kept it: back to the webhooks",
                context={"subscription": subscription},
            )
    if request.method == "POST":
        form.mark_invalid()
    context = {
        "form": form,
        "title": "New webhook",
        "cancel_url": reverse("operations:webhook_list"),
        "submit_label": "Create the webhook",
    }
    return render(request, "operations/webhook_form.html", context)


@require_POST
@login_required
def webhook_remove(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(selectors.webhooks_visible_to(request.user), pk=pk)
    notifications.remove_webhook(
        acting_user=request.user, subscription=subscription, now=timezone.now()
    )
    messages.success(request, f"Removed the webhook to {subscription.callback}.")
    return redirect("operations:webhook_list")

"""Pages of integration credentials: the list (never a secret), a new token shown once, and
revocation after a confirmation.

Who may do what is the rules' answer (`operations.rules`): the list is for those who may view
credentials, the forms for those who may manage the party's. A credential is looked up through
the viewer's scoped selector first, so another party's answers 404 before any right is asked.
The token is shown in the answer to the form that made it and nowhere else: Podium keeps only
its hash, so no page can show it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.filters import CredentialFilterSet
from podium.apps.operations.forms import CredentialForm
from podium.apps.operations.rules import MANAGE_CREDENTIALS, VIEW_CREDENTIALS
from podium.apps.operations.services import credentials
from podium.apps.operations.tables import CredentialTable
from podium.platform.access import Actor, may, require
from podium.platform.lists import render_list
from podium.platform.shown_once import secret_shown_once

GET_POST = require_http_methods(["GET", "POST"])


def _parties_to_manage(user: Actor) -> Any:
    """The parties whose tokens `user` may make, as the rule decides party by party."""
    allowed = [p.pk for p in ecosystem.parties_for_choice() if may(user, MANAGE_CREDENTIALS, p)]
    return ecosystem.parties_among(allowed)


@require_GET
@login_required
def credential_list(request: HttpRequest) -> HttpResponseBase:
    require(request.user, VIEW_CREDENTIALS)
    own_party = getattr(request.user, "party", None)
    return render_list(
        request,
        queryset=selectors.credentials_visible_to(request.user),
        filterset_class=CredentialFilterSet,
        table_class=CredentialTable,
        title="Integration credentials",
        export_name="integration-credentials",
        template="operations/credential_list.html",
        extra={
            "create_url": reverse("operations:credential_create")
            if may(request.user, MANAGE_CREDENTIALS, own_party)
            else None
        },
    )


@GET_POST
@login_required
def credential_create(request: HttpRequest) -> HttpResponseBase:
    """The form; once it is saved, the answer (201) is the one page that shows the token."""
    require(request.user, MANAGE_CREDENTIALS, getattr(request.user, "party", None))
    form = CredentialForm(request.POST or None, parties=_parties_to_manage(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            credential, token = credentials.create_credential(
                acting_user=request.user,
                party=form.cleaned_data["party"],
                name=form.cleaned_data["name"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return secret_shown_once(
                request,
                "operations/credential_token.html",
                secret=token,
                label="Bearer token",
                back_url=reverse("operations:credential_list"),
                back_label="I have kept it: back to the credentials",
                context={
                    "credential": credential,
                    "tmf_url": request.build_absolute_uri(reverse("tmf621:list_trouble_ticket")),
                },
            )
    if request.method == "POST":
        form.mark_invalid()
    context = {
        "form": form,
        "title": "New integration credential",
        "cancel_url": reverse("operations:credential_list"),
        "submit_label": "Create the token",
    }
    return render(request, "operations/credential_form.html", context)


@GET_POST
@login_required
def credential_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    credential = get_object_or_404(selectors.credentials_visible_to(request.user), pk=pk)
    require(request.user, MANAGE_CREDENTIALS, credential)
    if request.method == "POST":
        was_live = credential.is_live
        credentials.revoke_credential(
            acting_user=request.user, credential=credential, now=timezone.now()
        )
        if was_live:
            messages.success(request, f"Revoked {credential}: its tool is refused from now on.")
        return redirect("operations:credential_list")
    return render(request, "operations/credential_revoke.html", {"credential": credential})

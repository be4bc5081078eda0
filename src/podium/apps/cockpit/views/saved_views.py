"""Saved views: save the filters of the page one is on, list, open, rename, delete. Adapters
over `services.saved_views`; opening a view is a redirect to its page, which decides what the
reader sees."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.cockpit.filters import SavedViewFilterSet
from podium.apps.cockpit.forms import SavedViewChangeForm, SavedViewForm
from podium.apps.cockpit.rules import CHANGE_VIEW, SAVE_VIEW
from podium.apps.cockpit.selectors import saved_views as selectors
from podium.apps.cockpit.services import saved_views as services
from podium.apps.cockpit.tables import SavedViewTable
from podium.platform.access import require
from podium.platform.editing import delete_page, form_page
from podium.platform.lists import render_list

FILTERS = ("page", "period", "service", "party")


@require_GET
@login_required
def saved_view_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.saved_views_visible_to(request.user),
        filterset_class=SavedViewFilterSet,
        table_class=SavedViewTable,
        title="Saved views",
        export_name="saved-views",
    )


@require_http_methods(["GET", "POST"])
@login_required
def saved_view_create(request: HttpRequest) -> HttpResponseBase:
    """The form the cockpit pages post (the filters hidden, as their URL had them); asked with
    GET, the same form with the filters of the query string."""
    require(request.user, SAVE_VIEW)
    initial = {k: request.GET.get(k, "") for k in FILTERS}
    form = SavedViewForm(request.POST or None, initial=initial, user=request.user)

    def save() -> Any:
        return services.save_view(acting_user=request.user, at=timezone.now(), **form.cleaned_data)

    return form_page(
        request,
        form=form,
        title="Save view",
        save=save,
        done_url=selectors.url_of,
        cancel_url=reverse("cockpit:saved_view_list"),
    )


@require_GET
@login_required
def saved_view_open(request: HttpRequest, pk: int) -> HttpResponseBase:
    view = get_object_or_404(selectors.saved_views_visible_to(request.user), pk=pk)
    return redirect(selectors.url_of(view))


@require_http_methods(["GET", "POST"])
@login_required
def saved_view_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    view = get_object_or_404(selectors.saved_views_visible_to(request.user), pk=pk)
    require(request.user, CHANGE_VIEW, view)
    form = SavedViewChangeForm(
        request.POST or None,
        initial={"name": view.name, "sharing": view.sharing},
        user=request.user,
    )
    return form_page(
        request,
        form=form,
        title=f"Rename “{view.name}”",
        save=lambda: services.change_view(acting_user=request.user, view=view, **form.cleaned_data),
        done_url=lambda _: reverse("cockpit:saved_view_list"),
        cancel_url=reverse("cockpit:saved_view_list"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    view = get_object_or_404(selectors.saved_views_visible_to(request.user), pk=pk)
    require(request.user, CHANGE_VIEW, view)
    return delete_page(
        request,
        view,
        delete=lambda: services.delete_view(acting_user=request.user, view=view),
        cancel_url=reverse("cockpit:saved_view_list"),
        done_url=reverse("cockpit:saved_view_list"),
    )

"""Change pages: the list, a change with its conflicts and approvals, the form, and the moves
through the lifecycle. Adapters: parse, read through a selector, call one service, render."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.changes.filters import ChangeFilterSet
from podium.apps.changes.forms import ChangeForm, ChangeStatusForm
from podium.apps.changes.models import Change
from podium.apps.changes.rules import DECIDE, MANAGE, SUBMIT
from podium.apps.changes.selectors import approvals as approval_reads
from podium.apps.changes.selectors import changes as selectors
from podium.apps.changes.services import changes as services
from podium.apps.changes.tables import ChangeTable
from podium.core import changes as core
from podium.platform.access import may, require
from podium.platform.lists import render_list

MOVES = {
    core.SUBMITTED: "Submit for approval",
    core.SCHEDULED: "Schedule",
    core.IN_PROGRESS: "Start",
    core.COMPLETED: "Completed",
    core.FAILED: "Failed",
    core.ROLLED_BACK: "Rolled back",
    core.DRAFT: "Back to draft",
    core.CANCELLED: "Cancel",
}


@require_GET
@login_required
def change_list(request: HttpRequest) -> HttpResponseBase:
    require(request.user, "changes.view")
    return render_list(
        request,
        queryset=selectors.changes_visible_to(request.user),
        filterset_class=ChangeFilterSet,
        table_class=ChangeTable,
        title="Changes",
        export_name="changes",
        template="changes/list.html",
        extra={"create_url": reverse("changes:change_create") if may(request.user, SUBMIT) else ""},
    )


@require_GET
@login_required
def change_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The change, its conflicts in plain words (each naming the other change, the path and
    whom to talk to), who was asked to approve it, and the moves the viewer may make."""
    change = get_object_or_404(selectors.changes_visible_to(request.user), reference=reference)
    conflicts = selectors.conflicts_for(request.user, [change], now=timezone.now())[change.pk]
    manages = may(request.user, MANAGE, change)
    allowed = core.TRANSITIONS[change.status]
    moves = [(status, label) for status, label in MOVES.items() if status in allowed and manages]
    approvals = list(approval_reads.approvals_of(change))
    context: dict[str, Any] = {
        "change": change,
        "components": sorted(change.components.all(), key=lambda c: c.name),
        "conflicts": conflicts,
        "notes": selectors.may_read_notes(request.user, change),
        "manages": manages,
        "editable": manages and change.status in core.EDITABLE,
        "moves": moves,
        "approvals": [(a, may(request.user, DECIDE, a)) for a in approvals],
        "decides_all": change.status == core.SUBMITTED and may(request.user, DECIDE, None),
    }
    return render(request, "changes/detail.html", context)


def _save(request: HttpRequest, change: Change | None) -> HttpResponseBase:
    form = ChangeForm(request.POST or None, user=request.user, editing=change is not None,
                      initial=_initial(change))  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            submit = data.pop("submit_now", False)
            implementer = data.pop("implementer")
            components = data.pop("components")
            try:
                if change is None:
                    saved = services.create_change(
                        acting_user=request.user, implementer=implementer,
                        components=components, submit=submit, **data,
                    )  # fmt: skip
                else:
                    saved = services.update_change(
                        acting_user=request.user, change=change, components=components, **data
                    )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Saved {saved.reference}.")
                return redirect("changes:change_detail", reference=saved.reference)
        form.mark_invalid()
    title = f"Edit {change.reference}" if change else "Plan a change"
    cancel = (
        reverse("changes:change_detail", args=[change.reference])
        if change
        else reverse("changes:change_list")
    )
    return render(
        request, "platform/form.html", {"form": form, "title": title, "cancel_url": cancel}
    )


def _initial(change: Change | None) -> dict[str, Any]:
    if change is None:
        return {}
    return {
        "title": change.title,
        "implementer": change.implementer,
        "kind": change.kind,
        "risk": change.risk,
        "planned_start": timezone.localtime(change.planned_start),
        "planned_end": timezone.localtime(change.planned_end),
        "components": list(change.components.all()),
        "description": change.description,
        "rollback_plan": change.rollback_plan,
        "internal_notes": change.internal_notes,
    }


@require_http_methods(["GET", "POST"])
@login_required
def change_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, SUBMIT)
    return _save(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def change_edit(request: HttpRequest, reference: str) -> HttpResponseBase:
    change = get_object_or_404(selectors.changes_visible_to(request.user), reference=reference)
    require(request.user, MANAGE, change)
    return _save(request, change)


@require_POST
@login_required
def change_move(request: HttpRequest, reference: str) -> HttpResponseBase:
    change = get_object_or_404(selectors.changes_visible_to(request.user), reference=reference)
    require(request.user, MANAGE, change)
    form = ChangeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say which status the change moves to.")
    else:
        try:
            moved = services.move_change(
                acting_user=request.user, change=change, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{moved.reference} is {moved.get_status_display().lower()}.")
    return redirect("changes:change_detail", reference=change.reference)

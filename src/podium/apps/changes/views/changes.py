"""Change pages: the list, a change with its conflicts and approvals, the form, and the moves
through the lifecycle. Adapters: parse, read through a selector, call one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
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
from podium.apps.ecosystem import selectors as ecosystem
from podium.core import calendar_feed
from podium.core import changes as core
from podium.platform import console
from podium.platform.access import Actor, may, party_of, require
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
        "editable": manages and change.status in core.EDITABLE | core.MOVABLE,
        "moves": moves,
        "approvals": [(a, may(request.user, DECIDE, a)) for a in approvals],
        "decides_all": change.status == core.SUBMITTED and may(request.user, DECIDE, None),
        "incidents": selectors.linked_incidents(request.user, change),
        "horizon_hours": int(core.INCIDENT_HORIZON.total_seconds() // 3600),
        "asks_retrospective": manages
        and change.status in core.RETROSPECTIVE_ASKABLE
        and change.retrospective_asked_at is None,
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


@require_POST
@login_required
def change_retrospective(request: HttpRequest, reference: str) -> HttpResponseBase:
    """A failed or rolled-back change asks for a retrospective (the reason from the form)."""
    change = get_object_or_404(selectors.changes_visible_to(request.user), reference=reference)
    require(request.user, MANAGE, change)
    try:
        services.ask_for_retrospective(
            acting_user=request.user, change=change, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{change.reference} asked for a retrospective.")
    return redirect("changes:change_detail", reference=change.reference)


@require_GET
@login_required
def change_calendar(request: HttpRequest) -> HttpResponse:
    """Every party's changes by week or month in the viewer's zone, filtered as the list is,
    each change with a conflict highlighted."""
    require(request.user, "changes.view")
    view = "month" if request.GET.get("view") == "month" else "week"
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    if not dt.date(1901, 1, 1) <= day <= dt.date(2998, 12, 1):
        day = timezone.localdate()
    if view == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=7)
        before, after = first - dt.timedelta(days=7), last
    else:
        month = day.replace(day=1)
        first = month - dt.timedelta(days=month.weekday())
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        last = next_month + dt.timedelta(days=(7 - next_month.weekday()) % 7)
        before, after = (month - dt.timedelta(days=1)).replace(day=1), next_month
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last, dt.time(), tzinfo=zone)
    query = request.GET.copy()
    for key in ("view", "day"):
        query.pop(key, None)
    filterset = ChangeFilterSet(query or None, queryset=selectors.changes_visible_to(request.user))
    # the calendar shows how many conflicts each change has, not their words, nor components
    rows = list(
        selectors.between(filterset.qs, start, end)
        .prefetch_related(None)
        .order_by("planned_start", "reference")
    )
    conflicts = selectors.conflict_counts(rows, now=timezone.now())
    chips = {c.implementer_id: console.chip(c.implementer) for c in rows}
    entries: list[dict[str, Any]] = [
        {
            "change": c,
            "chip": chips[c.implementer_id],
            "href": reverse("changes:change_detail", args=[c.reference]),
            "times": f"{c.planned_start.astimezone(zone):%H:%M}–"
            f"{c.planned_end.astimezone(zone):%H:%M}",
            "conflicts": conflicts.get(c.pk, 0),
            "badge": console.badge(str(conflicts[c.pk]), "red") if conflicts.get(c.pk) else "",
        }
        for c in rows
    ]
    days = []
    current = first
    while current < last:
        opens = dt.datetime.combine(current, dt.time(), tzinfo=zone)
        closes = dt.datetime.combine(current + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        days.append(
            {
                "day": current,
                "outside": view == "month" and current.month != day.month,
                "today": current == timezone.localdate(),
                "changes": [
                    e
                    for e in entries
                    if e["change"].planned_start < closes and e["change"].planned_end > opens
                ],
            }
        )
        current += dt.timedelta(days=1)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    context = {
        "view": view,
        "day": day,
        "first": first,
        "last": last - dt.timedelta(days=1),
        "weeks": weeks,
        "filter": filterset,
        "filters": query.urlencode(),
        "before": before,
        "after": after,
        "conflicted": sum(1 for c in rows if conflicts.get(c.pk)),
        "feed_url": _feed_url(query),
        "total": len(rows),
    }
    return render(request, "changes/calendar.html", context)


def _feed_url(query: Any) -> str:
    """The calendar's .ics link: the service's or the party's feed when the calendar is filtered
    by one, the viewer's party's otherwise."""
    for name, route in (("service", "service_calendar"), ("party", "party_changes_calendar")):
        if query.get(name):
            try:
                return reverse(f"changes:{route}", args=[query[name]])
            except NoReverseMatch:  # not a slug: no such feed
                break
    return reverse("changes:party_calendar")


def feed_response(
    request: HttpRequest, user: Actor, *, party: str | None = None, service: str | None = None
) -> HttpResponse:
    """The .ics feed of changes: the user's party's (the integrator's: every change), another
    party's (``party``: the changes it implements or that touch what it runs) or a service's
    (``service``: the changes touching what it needs). Windows and components only, never
    internal notes; an unknown party or service is a 404."""
    if service is not None:
        row = selectors.feed_service(service)
        if row is None:
            raise Http404("No service with that slug.")
        rows = selectors.changes_for_service_feed(user, row.pk)
        name, file_name = f"Changes on {row.name}", f"changes-{row.slug}.ics"
    elif party is not None:
        found = ecosystem.party_by_slug(party)
        if found is None:
            raise Http404("No party with that slug.")
        rows = selectors.changes_for_party_feed(user, found.pk)
        name, file_name = f"Changes of {found.name}", f"changes-{found.slug}.ics"
    else:
        rows = selectors.changes_for_party_feed(user, party_of(user))
        name, file_name = "Changes", "changes.ics"
    windows = [
        calendar_feed.Window(
            uid=f"change-{c.pk}@podium",
            summary=f"{c.reference} {c.title} ({c.implementer.code})",
            start=c.planned_start,
            end=c.planned_end,
            description=f"{c.get_status_display()} · {c.get_kind_display()} · "
            + ", ".join(sorted(x.name for x in c.components.all())),
            url=request.build_absolute_uri(reverse("changes:change_detail", args=[c.reference])),
        )
        for c in rows
    ]
    content = calendar_feed.window_feed(windows, name=name, stamp=timezone.now())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def party_calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, "changes.view")
    return feed_response(request, request.user)


@require_GET
@login_required
def party_changes_calendar(request: HttpRequest, party: str) -> HttpResponse:
    """Another party's changes (or one's own) as a feed: every calendar reader reads them."""
    require(request.user, "changes.view")
    return feed_response(request, request.user, party=party)


@require_GET
@login_required
def service_calendar(request: HttpRequest, service: str) -> HttpResponse:
    require(request.user, "changes.view")
    return feed_response(request, request.user, service=service)

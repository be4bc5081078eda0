"""Forum pages: list, detail, create/edit, members, meetings (prepare, minutes, decisions,
actions, held), the decision and action logs across forums, and the calendar feeds (.ics).
Adapters: read through the scoped selectors, call one service, render or redirect.

The session feeds need a logged-in session, like every other page. Calendar clients (Outlook,
Google, Apple) cannot log in, so the same feeds also answer at `feeds/<token>/…`, where the token
is the user's secret from Preferences: they answer exactly what that user would get, and an
unknown or rotated token answers 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.apps.accounts.selectors import user_for_calendar_feed_token
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.filters import ActionFilterSet, DecisionFilterSet, ForumFilterSet
from podium.apps.governance.forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    DecisionStatusForm,
    ForumForm,
    MembershipForm,
    MinutesForm,
)
from podium.apps.governance.models import Action, Decision, Forum, Meeting
from podium.apps.governance.rules import EDIT, RUN_FORUM, SET_ACTION_STATUS
from podium.apps.governance.selectors import forums as selectors
from podium.apps.governance.services import forums as services
from podium.apps.governance.tables import (
    ActionTable,
    DecisionTable,
    ForumTable,
    action_status_context,
    decision_status_context,
)
from podium.core import calendar_feed
from podium.core.cadence import describe
from podium.platform.access import Actor, party_of, require
from podium.platform.access import may as may_do
from podium.platform.lists import render_list


def _may_edit(request: HttpRequest) -> bool:
    return may_do(request.user, EDIT)


def _may_run(request: HttpRequest, forum: Forum) -> bool:
    return may_do(request.user, RUN_FORUM, forum)


def _action_controls(
    request: HttpRequest, actions: list[Action], back: str
) -> dict[int, dict[str, Any]]:
    """The status form of each action the viewer may move along (by action id)."""
    token = get_token(request)
    return {
        a.pk: action_status_context(a, back=back, csrf_token=token)
        for a in actions
        if may_do(request.user, SET_ACTION_STATUS, a)
    }


def _decision_controls(
    request: HttpRequest, forum: Forum, decisions: list[Decision], back: str
) -> dict[int, dict[str, Any]]:
    if not _may_run(request, forum):
        return {}
    token = get_token(request)
    return {d.pk: decision_status_context(d, back=back, csrf_token=token) for d in decisions}


@require_GET
@login_required
def forum_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.forums_visible_to(request.user),
        filterset_class=ForumFilterSet,
        table_class=ForumTable,
        title="Forums",
        export_name="forums",
    )


@require_GET
@login_required
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    now = timezone.now()
    decisions = list(forum.decisions.order_by("-decided_on", "-id")[:20])
    actions = list(
        selectors.open_actions(selectors.actions_visible_to(request.user))
        .filter(forum=forum)
        .order_by("due_on")
    )
    context: dict[str, Any] = {
        "forum": forum,
        "cadence_words": describe(forum.cadence) if forum.cadence else "",
        "upcoming": selectors.upcoming(forum, after=now),
        "memberships": selectors.memberships(forum),
        "meetings": forum.meetings.order_by("-starts_at")[:12],
        "decisions": _with_controls(
            decisions, _decision_controls(request, forum, decisions, "forum")
        ),
        "actions": _with_controls(actions, _action_controls(request, actions, "forum")),
        "today": timezone.localdate(),
        "may_edit": _may_edit(request),
        "may_run": _may_run(request, forum),
    }
    return render(request, "governance/forums/detail.html", context)


def _with_controls(rows: list[Any], controls: dict[int, Any]) -> list[tuple[Any, Any]]:
    return [(row, controls.get(row.pk)) for row in rows]


def _save_forum(request: HttpRequest, forum: Forum | None) -> HttpResponseBase:
    require(request.user, EDIT)
    form = ForumForm(request.POST or None, instance=forum)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        slug = forum.slug if forum else selectors.free_forum_slug(slugify(fields["name"]))
        try:
            saved = services.ensure_forum(acting_user=request.user, slug=slug, **fields)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("governance:forum_detail", slug=saved.slug)
    return render(request, "governance/forums/form.html", {"form": form, "forum": forum})


@require_http_methods(["GET", "POST"])
@login_required
def forum_create(request: HttpRequest) -> HttpResponseBase:
    return _save_forum(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def forum_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    return _save_forum(request, forum)


@require_http_methods(["GET", "POST"])
@login_required
def forum_members(request: HttpRequest, slug: str) -> HttpResponseBase:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            party = get_object_or_404(selectors.member_parties(forum), slug=request.POST["remove"])
            services.remove_membership(acting_user=request.user, forum=forum, party=party)
            return redirect("governance:forum_members", slug=forum.slug)
        if form.is_valid():
            services.set_membership(
                acting_user=request.user,
                forum=forum,
                party=ecosystem.parties_for_choice().get(slug=form.cleaned_data["party"]),
                role=form.cleaned_data["role"],
            )
            return redirect("governance:forum_members", slug=forum.slug)
    return render(
        request,
        "governance/forums/members.html",
        {"forum": forum, "memberships": selectors.memberships(forum), "form": form},
    )


@require_POST
@login_required
def meeting_prepare(request: HttpRequest, slug: str) -> HttpResponseBase:
    forum = get_object_or_404(selectors.forums_visible_to(request.user), slug=slug)
    try:
        meeting = services.prepare_next_meeting(
            acting_user=request.user, forum=forum, now=timezone.now()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("governance:forum_detail", slug=forum.slug)
    return redirect("governance:meeting_detail", pk=meeting.pk)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    forum = meeting.forum
    may_run = _may_run(request, forum)
    decisions = list(meeting.decisions.order_by("reference"))
    actions = list(selectors.actions_visible_to(request.user).filter(meeting=meeting))
    agenda = selectors.agenda_visible_to(request.user, meeting)
    return render(
        request,
        "governance/forums/meeting.html",
        {
            "meeting": meeting,
            "forum": forum,
            "agenda": agenda,
            "agenda_parties": selectors.agenda_parties(agenda),
            "decisions": _with_controls(
                decisions, _decision_controls(request, forum, decisions, "meeting")
            ),
            "actions": _with_controls(actions, _action_controls(request, actions, "meeting")),
            "may_run": may_run,
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
            "decision_form": DecisionForm(),
            "action_form": ActionForm(owners=selectors.member_parties(forum)),
        },
    )


def _run_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    require(request.user, RUN_FORUM, meeting.forum)
    return meeting


@require_POST
@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _run_meeting(request, pk)
    _submit(
        request,
        MinutesForm(request.POST),
        lambda data: (
            services.record_minutes(
                acting_user=request.user, meeting=meeting, minutes=data["minutes"]
            )
            and "Minutes saved."
        ),
        invalid="The minutes were not saved",
    )
    return redirect("governance:meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _run_meeting(request, pk)

    def record(data: dict[str, Any]) -> str:
        decision = services.record_decision(
            acting_user=request.user,
            forum=meeting.forum,
            meeting=meeting,
            title=data["title"],
            description=data["description"],
        )
        return f"Decision {decision.reference} recorded."

    _submit(request, DecisionForm(request.POST), record, invalid="A decision needs a title")
    return redirect("governance:meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_action(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _run_meeting(request, pk)

    def add(data: dict[str, Any]) -> str:
        services.add_action(
            acting_user=request.user,
            forum=meeting.forum,
            meeting=meeting,
            title=data["title"],
            owner_party=data["owner_party"],
            due_on=data["due_on"],
        )
        return "Action recorded."

    _submit(
        request,
        ActionForm(request.POST, owners=selectors.member_parties(meeting.forum)),
        add,
        invalid="An action needs a title, an owner party that sits in the forum and a due date",
    )
    return redirect("governance:meeting_detail", pk=meeting.pk)


def _submit(
    request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], Any], *, invalid: str
) -> None:
    """Write the form's data and say what happened: a form or a service that refuses says why
    on the page it returns to, never as an error page."""
    if not form.is_valid():
        reasons = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        messages.error(request, f"{invalid} ({reasons}).")
        return
    try:
        messages.success(request, write(form.cleaned_data))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


@require_POST
@login_required
def meeting_held(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _run_meeting(request, pk)
    try:
        services.mark_held(acting_user=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("governance:meeting_detail", pk=meeting.pk)


@require_GET
@login_required
def decision_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.decisions_visible_to(request.user),
        filterset_class=DecisionFilterSet,
        table_class=DecisionTable,
        title="Decision log",
        export_name="decisions",
    )


@require_GET
@login_required
def action_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.actions_visible_to(request.user),
        filterset_class=ActionFilterSet,
        table_class=ActionTable,
        title="Actions",
        export_name="actions",
    )


@require_POST
@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    action = get_object_or_404(selectors.actions_visible_to(request.user), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Unknown status", status=400)
    back = request.POST.get("back", "list")
    error = ""
    try:
        action = services.set_action_status(
            acting_user=request.user, action=action, status=form.cleaned_data["status"]
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
    else:
        title, status = action.title, action.get_status_display().lower()
        messages.success(request, f"“{title}” is now {status}.")
    if getattr(request, "htmx", False):  # the messages travel as toasts (HtmxMessagesMiddleware)
        context = action_status_context(action, back=back, csrf_token=get_token(request))
        return render(
            request,
            "governance/forums/partials/action_status.html",
            {**context, "saved": not error, "error": error},
        )
    return _back(back, forum=action.forum, meeting=action.meeting, list_name="action_list")


def _back(
    back: str, *, forum: Forum | None, meeting: Meeting | None, list_name: str
) -> HttpResponseBase:
    """Where a status form without JavaScript returns to: the page it was on."""
    if back == "forum" and forum is not None:
        return redirect("governance:forum_detail", slug=forum.slug)
    if back == "meeting" and meeting is not None:
        return redirect("governance:meeting_detail", pk=meeting.pk)
    return redirect(f"governance:{list_name}")


@require_POST
@login_required
def decision_status(request: HttpRequest, reference: str) -> HttpResponseBase:
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), reference=reference)
    require(request.user, RUN_FORUM, decision.forum)
    form = DecisionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Unknown status", status=400)
    back = request.POST.get("back", "list")
    error = ""
    try:
        decision = services.set_decision_status(
            acting_user=request.user,
            decision=decision,
            status=form.cleaned_data["status"],
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, f"{decision.reference} is now {decision.get_status_display().lower()}."
        )
    if getattr(request, "htmx", False):  # the messages travel as toasts (HtmxMessagesMiddleware)
        context = decision_status_context(decision, back=back, csrf_token=get_token(request))
        return render(
            request,
            "governance/forums/partials/decision_status.html",
            {**context, "saved": not error, "error": error},
        )
    return _back(back, forum=decision.forum, meeting=decision.meeting, list_name="decision_list")


# -- calendar feeds -----------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _series(request: HttpRequest, forums: list[Forum]) -> list[calendar_feed.Series]:
    """Each forum with a first meeting as one series; its UID is the primary key, which never
    changes, unlike the name or the slug."""
    return [
        calendar_feed.Series(
            uid=f"forum-{f.pk}@podium",
            summary=f.name,
            first_start=f.first_meeting_at,
            duration=dt.timedelta(minutes=f.duration_minutes),
            time_zone=f.time_zone,
            rule=f.cadence,
            description=f.charter,
            url=request.build_absolute_uri(reverse("governance:forum_detail", args=[f.slug])),
        )
        for f in forums
        if f.first_meeting_at is not None
    ]


def _forum_feed(request: HttpRequest, user: Actor, slug: str) -> HttpResponse:
    forum = get_object_or_404(selectors.forums_visible_to(user), slug=slug)
    content = calendar_feed.feed(_series(request, [forum]), name=forum.name, stamp=timezone.now())
    return _ics(content, forum.slug)


def _personal_feed(request: HttpRequest, user: Actor) -> HttpResponse:
    """The forums the user's party sits in."""
    forums = list(selectors.forums_of_party(party_of(user)))
    content = calendar_feed.feed(_series(request, forums), name="My forums", stamp=timezone.now())
    return _ics(content, "forums")


def _token_user(token: str) -> Actor:
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

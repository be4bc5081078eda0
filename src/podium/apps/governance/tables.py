"""Tables of governance lists; the same columns go to the page and the CSV export."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.loader import render_to_string

from podium.apps.governance.choices import ActionStatus, DecisionStatus
from podium.apps.governance.models import Action, Activity, Decision, EscalationLadder, Forum
from podium.apps.governance.rules import RUN_FORUM, SET_ACTION_STATUS
from podium.core.forums import ACTION_TRANSITIONS, DECISION_TRANSITIONS
from podium.platform import console
from podium.platform.access import may
from podium.platform.lists import NUMBER, ChipColumn


def _page_context(table: tables.Table) -> tuple[Any, Any]:
    """The viewer and the CSRF token of the page the table is rendered in."""
    context = getattr(table, "context", None)
    if context is None:
        return None, ""
    request = context.get("request")
    return getattr(request, "user", None), context.get("csrf_token", "")


def action_status_context(action: Action, *, back: str, csrf_token: Any) -> dict[str, Any]:
    """The action's status form offers where it may go from here (and where it is)."""
    labels = dict(ActionStatus.choices)
    statuses = (action.status, *ACTION_TRANSITIONS.get(action.status, ()))
    return {
        "action": action,
        "back": back,
        "csrf_token": csrf_token,
        "status_choices": [(s, labels[s]) for s in ActionStatus.values if s in statuses],
    }


def decision_status_context(decision: Decision, *, back: str, csrf_token: Any) -> dict[str, Any]:
    labels = dict(DecisionStatus.choices)
    return {
        "decision": decision,
        "back": back,
        "csrf_token": csrf_token,
        "next_statuses": [(s, labels[s]) for s in DECISION_TRANSITIONS[decision.status]],
    }


class ActivityTable(tables.Table):
    name = tables.Column(linkify=("governance:activity_edit", {"code": tables.A("code")}))

    class Meta:
        model = Activity
        fields = ("position", "code", "name", "description")


class ActionStatusColumn(tables.Column):
    """The status, as a small form for those who may change it; plain text in the CSV."""

    def render(self, value: Any, record: Action, table: tables.Table) -> Any:
        user, csrf_token = _page_context(table)
        if user is None or not may(user, SET_ACTION_STATUS, record):
            return console.toned("action.status", record.status, record.get_status_display())
        return render_to_string(
            "governance/forums/partials/action_status.html",
            action_status_context(record, back="list", csrf_token=csrf_token),
        )

    def value(self, value: Any, record: Action) -> Any:
        return value


class DecisionStatusColumn(tables.Column):
    """The status, as a small form for those who run the decision's forum."""

    def render(self, value: Any, record: Decision, table: tables.Table) -> Any:
        user, csrf_token = _page_context(table)
        if user is None or not may(user, RUN_FORUM, record.forum):
            return console.toned("decision.status", record.status, record.get_status_display())
        return render_to_string(
            "governance/forums/partials/decision_status.html",
            decision_status_context(record, back="list", csrf_token=csrf_token),
        )

    def value(self, value: Any, record: Decision) -> Any:
        return value


class LadderTable(tables.Table):
    name = tables.Column(linkify=("governance:ladder_detail", {"key": tables.A("key")}))
    party = ChipColumn(default="Any", order_by=("party__name",))
    service = tables.Column(accessor="service__name", default="—")
    step_count = tables.Column(verbose_name="Steps", attrs=NUMBER)
    version = tables.Column(attrs=NUMBER)

    class Meta:
        model = EscalationLadder
        fields = ("name", "key", "version", "party", "service", "step_count")


class ForumTable(tables.Table):
    name = tables.Column(linkify=("governance:forum_detail", {"slug": tables.A("slug")}))
    member_count = tables.Column(verbose_name="Member parties", attrs=NUMBER)

    class Meta:
        model = Forum
        fields = ("name", "kind", "cadence", "time_zone", "member_count")


class DecisionTable(tables.Table):
    forum = tables.Column(
        accessor="forum__name",
        linkify=("governance:forum_detail", {"slug": tables.A("forum__slug")}),
    )
    status = DecisionStatusColumn()

    class Meta:
        model = Decision
        fields = ("reference", "title", "forum", "status", "due_on", "decided_on")

    def render_due_on(self, value: Any) -> Any:
        return console.day(value)

    def value_due_on(self, value: Any) -> Any:
        return value

    def render_decided_on(self, value: Any) -> Any:
        return console.day(value)

    def value_decided_on(self, value: Any) -> Any:
        return value


class ActionTable(tables.Table):
    forum = tables.Column(accessor="forum__name", default="—")
    owner_party = ChipColumn(verbose_name="Owner party", order_by=("owner_party__name",))
    owner = tables.Column(default="—")
    status = ActionStatusColumn()

    class Meta:
        model = Action
        fields = ("title", "forum", "owner_party", "owner", "due_on", "status")

    def render_due_on(self, value: Any) -> Any:
        return console.day(value)

    def value_due_on(self, value: Any) -> Any:
        return value

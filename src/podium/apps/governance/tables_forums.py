"""Tables of governance lists; the same columns go to the page and the CSV export."""

from __future__ import annotations

import django_tables2 as tables

from podium.apps.governance.models import Action, Decision, EscalationLadder, Forum


class LadderTable(tables.Table):
    name = tables.Column(linkify=("governance:ladder_detail", {"key": tables.A("key")}))
    party = tables.Column(accessor="party__name", default="Any")
    service = tables.Column(accessor="service__name", default="—")
    step_count = tables.Column(verbose_name="Steps")

    class Meta:
        model = EscalationLadder
        fields = ("name", "key", "version", "party", "service", "step_count")


class ForumTable(tables.Table):
    name = tables.Column(linkify=("governance:forum_detail", {"slug": tables.A("slug")}))
    member_count = tables.Column(verbose_name="Member parties")

    class Meta:
        model = Forum
        fields = ("name", "kind", "cadence", "time_zone", "member_count")


class DecisionTable(tables.Table):
    forum = tables.Column(
        accessor="forum__name",
        linkify=("governance:forum_detail", {"slug": tables.A("forum__slug")}),
    )

    class Meta:
        model = Decision
        fields = ("reference", "title", "forum", "status", "due_on", "decided_on")


class ActionTable(tables.Table):
    forum = tables.Column(accessor="forum__name", default="—")
    owner_party = tables.Column(verbose_name="Owner party", accessor="owner_party__name")
    owner = tables.Column(default="—")

    class Meta:
        model = Action
        fields = ("title", "forum", "owner_party", "owner", "due_on", "status")

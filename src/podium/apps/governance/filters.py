"""One FilterSet per governance list, shared by the page, its htmx partial, the CSV and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.apps.governance.choices import ActionStatus, DecisionStatus, ForumKind
from podium.apps.governance.models import Action, Activity, Decision, EscalationLadder, Forum
from podium.apps.governance.selectors.forums import overdue_actions, overdue_decisions
from podium.platform.lists import either


class ActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")

    class Meta:
        model = Activity
        fields = ["q"]

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value)
        )


class LadderFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    party = django_filters.CharFilter(label="Party", method="for_party")

    class Meta:
        model = EscalationLadder
        fields = ["q", "party"]

    def search(
        self, queryset: QuerySet[EscalationLadder], name: str, value: str
    ) -> QuerySet[EscalationLadder]:
        return queryset.filter(Q(name__icontains=value) | Q(key__icontains=value))

    def for_party(
        self, queryset: QuerySet[EscalationLadder], name: str, value: str
    ) -> QuerySet[EscalationLadder]:
        return queryset.filter(Q(party__slug=value) | Q(steps__party__slug=value)).distinct()


class ForumFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ForumKind.choices)
    party = django_filters.CharFilter(
        label="Party", field_name="memberships__party__slug", distinct=True
    )

    class Meta:
        model = Forum
        fields = ["kind", "party"]


class DecisionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)
    forum = django_filters.CharFilter(label="Forum", field_name="forum__slug")
    party = django_filters.CharFilter(
        label="Party", field_name="forum__memberships__party__slug", distinct=True
    )
    overdue = either("Overdue", "overdue", "not overdue", method="only_overdue")

    class Meta:
        model = Decision
        fields = ["status", "forum", "party", "overdue"]

    def only_overdue(
        self, queryset: QuerySet[Decision], name: str, value: bool | None
    ) -> QuerySet[Decision]:
        if value is None:
            return queryset
        late = overdue_decisions(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ActionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    forum = django_filters.CharFilter(label="Forum", field_name="forum__slug")
    party = django_filters.CharFilter(label="Owner party", field_name="owner_party__slug")
    overdue = either("Overdue", "overdue", "not overdue", method="only_overdue")

    class Meta:
        model = Action
        fields = ["status", "forum", "party", "overdue"]

    def only_overdue(
        self, queryset: QuerySet[Action], name: str, value: bool | None
    ) -> QuerySet[Action]:
        if value is None:
            return queryset
        late = overdue_actions(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

"""One FilterSet per list: the page, its htmx partial, the CSV export and the API share it."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from podium.apps.changes.choices import ChangeKind, ChangeStatus
from podium.apps.changes.models import BlackoutWindow, Change
from podium.core.changes import LIVE
from podium.platform.lists import either


class ChangeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=ChangeStatus.choices)
    live = either("Live or not", "claiming its window", "not", method="only_live")
    kind = django_filters.ChoiceFilter(label="Type", choices=ChangeKind.choices)
    party = django_filters.CharFilter(field_name="implementer__slug", label="Implementer (party)")
    component = django_filters.CharFilter(
        field_name="components__slug", label="Component", distinct=True
    )
    service = django_filters.CharFilter(
        field_name="components__services__slug", label="Service", distinct=True
    )
    starts_after = django_filters.DateFilter(
        field_name="planned_end", lookup_expr="date__gte", label="Ends on or after"
    )
    starts_before = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="date__lte", label="Starts on or before"
    )

    class Meta:
        model = Change
        fields = [
            "q", "status", "live", "kind", "party", "component", "service",
            "starts_after", "starts_before",
        ]  # fmt: skip

    def search(self, queryset: QuerySet[Change], name: str, value: str) -> QuerySet[Change]:
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def only_live(
        self, queryset: QuerySet[Change], name: str, value: bool | None
    ) -> QuerySet[Change]:
        if value is None:
            return queryset
        return queryset.filter(status__in=LIVE) if value else queryset.exclude(status__in=LIVE)


class BlackoutFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Search")

    class Meta:
        model = BlackoutWindow
        fields = ["q"]

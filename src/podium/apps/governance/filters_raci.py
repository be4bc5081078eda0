"""The activity catalogue's one FilterSet, shared by its page, partial and CSV export."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from podium.apps.governance.models import Activity


class ActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")

    class Meta:
        model = Activity
        fields = ["q"]

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value)
        )

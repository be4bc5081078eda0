from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from podium.apps.ecosystem.choices import ComponentKind, Criticality, PartyKind, Segment
from podium.apps.ecosystem.models import Component, Party, Service


class _SearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")

    def search(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class PartyFilterSet(_SearchMixin):
    kind = django_filters.ChoiceFilter(choices=PartyKind.choices)
    segment = django_filters.ChoiceFilter(choices=Segment.choices)

    class Meta:
        model = Party
        fields = ["q", "kind", "segment"]


class ServiceFilterSet(_SearchMixin):
    criticality = django_filters.ChoiceFilter(choices=Criticality.choices)

    class Meta:
        model = Service
        fields = ["q", "criticality"]


class ComponentFilterSet(_SearchMixin):
    kind = django_filters.ChoiceFilter(choices=ComponentKind.choices)
    run_by = django_filters.CharFilter(field_name="run_by__slug", label="Run by (party)")

    class Meta:
        model = Component
        fields = ["q", "kind", "run_by"]

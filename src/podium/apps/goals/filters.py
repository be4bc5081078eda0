"""One FilterSet per list of shared goals, shared by the page, its htmx partial, the CSV and
the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.apps.goals.models import Objective
from podium.platform.lists import either


class ObjectiveFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    owner = django_filters.CharFilter(label="Owner", field_name="owner__slug")
    running = either("Period", "running now", "not running", method="is_running")

    class Meta:
        model = Objective
        fields = ["q", "owner", "running"]

    def search(self, queryset: QuerySet[Objective], name: str, value: str) -> QuerySet[Objective]:
        return queryset.filter(Q(title__icontains=value) | Q(why__icontains=value))

    def is_running(
        self, queryset: QuerySet[Objective], name: str, value: bool
    ) -> QuerySet[Objective]:
        today: dt.date = timezone.localdate()
        running = Q(period_start__lte=today, period_end__gte=today)
        return queryset.filter(running) if value else queryset.exclude(running)

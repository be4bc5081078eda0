"""One FilterSet per list of the trust context, shared by the page, its partial, CSV and API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from podium.apps.trust.choices import GatheringKind, RetroActionStatus, RetrospectiveKind
from podium.apps.trust.models import Gathering, Kudos, RetroAction, Retrospective, SurveyWave
from podium.apps.trust.selectors.retrospectives import overdue_retro_actions
from podium.platform.lists import either


class WaveFilterSet(django_filters.FilterSet):
    template = django_filters.CharFilter(label="Template", field_name="template__slug")
    period = django_filters.CharFilter(label="Period", lookup_expr="icontains")

    class Meta:
        model = SurveyWave
        fields = ["template", "period"]


class RetrospectiveFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=RetrospectiveKind.choices)
    party = django_filters.CharFilter(label="Party", field_name="parties__slug", distinct=True)

    class Meta:
        model = Retrospective
        fields = ["kind", "party"]


class RetroActionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RetroActionStatus.choices)
    party = django_filters.CharFilter(label="Owner party", field_name="owner_party__slug")
    overdue = either("Overdue", "overdue", "not overdue", method="only_overdue")

    class Meta:
        model = RetroAction
        fields = ["status", "party", "overdue"]

    def only_overdue(
        self, queryset: QuerySet[RetroAction], name: str, value: bool | None
    ) -> QuerySet[RetroAction]:
        if value is None:
            return queryset
        late = overdue_retro_actions(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class KudosFilterSet(django_filters.FilterSet):
    to_party = django_filters.CharFilter(label="To party", field_name="to_party__slug")
    from_party = django_filters.CharFilter(label="From party", field_name="from_party__slug")

    class Meta:
        model = Kudos
        fields = ["to_party", "from_party"]


class GatheringFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=GatheringKind.choices)
    upcoming = either("When", "upcoming", "past", method="only_upcoming")

    class Meta:
        model = Gathering
        fields = ["kind", "upcoming"]

    def only_upcoming(
        self, queryset: QuerySet[Gathering], name: str, value: bool | None
    ) -> QuerySet[Gathering]:
        if value is None:
            return queryset
        now = timezone.now()
        return queryset.filter(starts_at__gte=now) if value else queryset.filter(starts_at__lt=now)

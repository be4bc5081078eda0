"""One FilterSet per list of the trust context, shared by the page, its partial, CSV and API."""

from __future__ import annotations

import django_filters

from podium.apps.trust.models import SurveyWave


class WaveFilterSet(django_filters.FilterSet):
    template = django_filters.CharFilter(label="Template", field_name="template__slug")
    period = django_filters.CharFilter(label="Period", lookup_expr="icontains")

    class Meta:
        model = SurveyWave
        fields = ["template", "period"]

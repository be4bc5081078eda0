from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.apps.ecosystem.choices import (
    ComponentKind,
    ContactRole,
    ContractStatus,
    Criticality,
    PartyKind,
    Segment,
)
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.core.contract_terms import standing


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


def contract_status(contract: Contract, today: dt.date) -> str:
    """Where the contract stands (`podium.core.contract_terms.standing`), as a ContractStatus."""
    return ContractStatus(
        standing(ends_on=contract.ends_on, notice_deadline=contract.notice_deadline, today=today)
    )


class ContractFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    party = django_filters.CharFilter(field_name="party__slug", label="Party")
    status = django_filters.ChoiceFilter(
        choices=ContractStatus.choices, method="by_status", label="Status"
    )

    class Meta:
        model = Contract
        fields = ["q", "party", "status"]

    def search(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(scope__icontains=value)
        )

    def by_status(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        # the notice deadline is date arithmetic on two columns; contracts are few, so decide here
        today = timezone.localdate()
        terms = queryset.values_list("pk", "ends_on", "notice_period_days")
        keep = [
            pk
            for pk, ends_on, notice in terms
            if contract_status(Contract(ends_on=ends_on, notice_period_days=notice), today) == value
        ]
        return queryset.filter(pk__in=keep)


class ContactFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    party = django_filters.CharFilter(field_name="party__slug", label="Party")
    role = django_filters.ChoiceFilter(choices=ContactRole.choices)

    class Meta:
        model = Contact
        fields = ["q", "party", "role"]

    def search(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))


class CalendarFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Search")
    country = django_filters.CharFilter(field_name="country", lookup_expr="iexact")
    time_zone = django_filters.CharFilter(field_name="time_zone", label="Time zone")

    class Meta:
        model = BusinessCalendar
        fields = ["q", "country", "time_zone"]

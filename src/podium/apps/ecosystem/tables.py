from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from podium.apps.ecosystem.filters import ContractStatus, contract_status
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.core.calendars.hours import hours_as_text


class PartyTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:party_detail", {"slug": tables.A("slug")}))
    component_count = tables.Column(verbose_name="Components")

    class Meta:
        model = Party
        fields = ("name", "kind", "segment", "risk_tier", "time_zone", "component_count")


class ServiceTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:service_detail", {"slug": tables.A("slug")}))
    component_count = tables.Column(verbose_name="Components")

    class Meta:
        model = Service
        fields = ("name", "criticality", "owner", "component_count")


class ComponentTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:component_detail", {"slug": tables.A("slug")}))
    run_by = tables.Column(verbose_name="Run by", accessor="run_by__name")

    class Meta:
        model = Component
        fields = ("name", "kind", "run_by")


class ContractTable(tables.Table):
    reference = tables.Column(
        linkify=("ecosystem:contract_detail", {"reference": tables.A("reference")})
    )
    party = tables.Column(accessor="party__name", verbose_name="Party")
    notice_deadline = tables.Column(
        verbose_name="Notice deadline", orderable=False, empty_values=()
    )
    status = tables.Column(verbose_name="Status", orderable=False, empty_values=())

    class Meta:
        model = Contract
        fields = (
            "reference",
            "title",
            "party",
            "starts_on",
            "ends_on",
            "notice_deadline",
            "status",
            "annual_value",
            "currency",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def _status(self, record: Contract) -> str:
        return contract_status(record, self.today)

    def render_status(self, record: Contract) -> str:
        status = self._status(record)
        label = ContractStatus(status).label
        if status == ContractStatus.ACTIVE:
            return label
        return format_html('<mark data-status="{}">{}</mark>', status, label)

    def value_status(self, record: Contract) -> str:
        return str(ContractStatus(self._status(record)).label)

    def render_notice_deadline(self, record: Contract) -> str:
        return record.notice_deadline.isoformat()


class ContactTable(tables.Table):
    party = tables.Column(
        accessor="party__name",
        verbose_name="Party",
        linkify=("ecosystem:party_detail", {"slug": tables.A("party__slug")}),
    )

    class Meta:
        model = Contact
        fields = ("name", "party", "role", "email", "phone", "time_zone")


class CalendarTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:calendar_detail", {"slug": tables.A("slug")}))
    weekly_hours = tables.Column(verbose_name="Weekly hours", orderable=False)

    class Meta:
        model = BusinessCalendar
        fields = ("name", "time_zone", "country", "subdivision", "always_open", "weekly_hours")

    def render_weekly_hours(self, value: Any) -> str:
        return hours_as_text(value)

    def value_weekly_hours(self, value: Any) -> str:
        return hours_as_text(value)

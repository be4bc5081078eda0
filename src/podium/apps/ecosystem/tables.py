"""Tables of the ecosystem lists: parties as chips, statuses as badges, numbers right-aligned;
the same columns go to the page and to the CSV (names and labels there)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.utils import timezone

from podium.apps.ecosystem.choices import ContractStatus
from podium.apps.ecosystem.filters import contract_status
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.core.calendars.hours import hours_as_text
from podium.platform import console
from podium.platform.lists import NUMBER, ChipColumn, TonedColumn


class PartyTable(tables.Table):
    code = tables.Column(verbose_name="Code", order_by=("code",))
    name = tables.Column(linkify=("ecosystem:party_detail", {"slug": tables.A("slug")}))
    risk_tier = TonedColumn("party.risk_tier", verbose_name="Risk")
    component_count = tables.Column(verbose_name="Components", attrs=NUMBER)

    class Meta:
        model = Party
        fields = ("name", "code", "kind", "segment", "risk_tier", "time_zone", "component_count")

    def render_code(self, record: Party) -> Any:
        return console.chip(record)

    def value_code(self, record: Party) -> str:
        return record.code


class ServiceTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:service_detail", {"slug": tables.A("slug")}))
    criticality = TonedColumn("service.criticality")
    component_count = tables.Column(verbose_name="Components", attrs=NUMBER)

    class Meta:
        model = Service
        fields = ("name", "criticality", "owner", "component_count")


class ComponentTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:component_detail", {"slug": tables.A("slug")}))
    run_by = ChipColumn(verbose_name="Run by", order_by=("run_by__name",))

    class Meta:
        model = Component
        fields = ("name", "kind", "run_by")


class ContractTable(tables.Table):
    reference = tables.Column(
        linkify=("ecosystem:contract_detail", {"reference": tables.A("reference")})
    )
    party = ChipColumn(verbose_name="Party", order_by=("party__name",))
    notice_deadline = tables.Column(
        verbose_name="Notice deadline", orderable=False, empty_values=()
    )
    status = tables.Column(verbose_name="Status", orderable=False, empty_values=())
    annual_value = tables.Column(verbose_name="Annual value", attrs=NUMBER)

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

    def render_status(self, record: Contract) -> Any:
        status = self._status(record)
        return console.badge(
            ContractStatus(status).label, console.tone_of("contract.status", status), status=status
        )

    def value_status(self, record: Contract) -> str:
        return str(ContractStatus(self._status(record)).label)

    def render_notice_deadline(self, record: Contract) -> Any:
        return console.day(record.notice_deadline, self.today)

    def value_notice_deadline(self, record: Contract) -> str:
        return record.notice_deadline.isoformat()

    def render_starts_on(self, value: Any) -> Any:
        return console.day(value, self.today)

    def render_ends_on(self, value: Any) -> Any:
        return console.day(value, self.today)

    def value_starts_on(self, value: dt.date) -> str:
        return value.isoformat()

    def value_ends_on(self, value: dt.date) -> str:
        return value.isoformat()

    def render_annual_value(self, value: Any) -> str:
        return f"{value:,.0f}"

    def value_annual_value(self, value: Any) -> Any:
        return value


class ContactTable(tables.Table):
    party = ChipColumn(
        verbose_name="Party",
        order_by=("party__name",),
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

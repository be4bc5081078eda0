"""The change list: status, type and risk as badges, the implementer as its chip, the window in
the viewer's zone; names, labels and ISO times in the CSV. Blackouts likewise."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables

from podium.apps.changes.models import BlackoutWindow, Change
from podium.platform.lists import ChipColumn, TonedColumn


class WindowColumn(tables.DateTimeColumn):
    """An instant in the viewer's zone, ISO order; ISO in the CSV."""

    def render(self, value: Any, **kwargs: Any) -> Any:
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def value(self, value: Any, **kwargs: Any) -> Any:
        return value.isoformat()


class ChangeTable(tables.Table):
    reference = tables.Column(
        linkify=("changes:change_detail", {"reference": tables.A("reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    status = TonedColumn("change.status")
    kind = TonedColumn("change.kind", verbose_name="Type")
    risk = TonedColumn("change.risk")
    implementer = ChipColumn(order_by=("implementer__name",))
    planned_start = WindowColumn(verbose_name="Starts", attrs={"td": {"class": "nowrap"}})
    planned_end = WindowColumn(verbose_name="Ends", attrs={"td": {"class": "nowrap"}})
    components = tables.Column(verbose_name="Components", orderable=False, empty_values=())

    class Meta:
        model = Change
        fields = (
            "reference", "title", "status", "kind", "risk", "implementer",
            "planned_start", "planned_end", "components",
        )  # fmt: skip

    def render_components(self, record: Change) -> str:
        return ", ".join(sorted(c.name for c in record.components.all()))

    def value_components(self, record: Change) -> str:
        return self.render_components(record)


class BlackoutTable(tables.Table):
    starts_at = WindowColumn(verbose_name="Starts")
    ends_at = WindowColumn(verbose_name="Ends")
    services = tables.Column(verbose_name="Services", orderable=False, empty_values=())

    class Meta:
        model = BlackoutWindow
        fields = ("name", "starts_at", "ends_at", "services", "reason")

    def render_services(self, record: BlackoutWindow) -> str:
        names = sorted(s.name for s in record.services.all())
        return ", ".join(names) if names else "every service"

    def value_services(self, record: BlackoutWindow) -> str:
        return self.render_services(record)

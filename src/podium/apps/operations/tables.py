"""The ticket list: priority and status as badges, the holding party as its chip, times relative;
names, labels and ISO times in the CSV."""

from __future__ import annotations

import django_tables2 as tables

from podium.apps.operations.models import Ticket
from podium.platform.lists import ChipColumn, TonedColumn, WhenColumn


class TicketTable(tables.Table):
    reference = tables.Column(
        linkify=("operations:ticket_detail", {"reference": tables.A("reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    priority = TonedColumn("priority")
    status = TonedColumn("ticket.status")
    service = tables.Column(accessor="service__name", verbose_name="Service")
    current_party = ChipColumn(verbose_name="Held by", order_by=("current_party__name",))
    opened_at = WhenColumn(verbose_name="Opened")

    class Meta:
        model = Ticket
        fields = (
            "reference",
            "title",
            "priority",
            "status",
            "service",
            "current_party",
            "opened_at",
        )

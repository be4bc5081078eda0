from __future__ import annotations

import django_tables2 as tables

from podium.apps.operations.models import Ticket


class TicketTable(tables.Table):
    reference = tables.Column(
        linkify=("operations:ticket_detail", {"reference": tables.A("reference")})
    )
    service = tables.Column(accessor="service__name", verbose_name="Service")
    current_party = tables.Column(accessor="current_party__name", verbose_name="Held by")

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

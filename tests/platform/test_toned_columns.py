"""A choice column's badge takes the tone its vocabulary declares for the row's value.

django-tables2 gives a column of a choices field the label ("P2 – high"), not the value
("P2"); tones are declared by value, so a badge looked up by its label is always grey."""

from __future__ import annotations

import re
from typing import Any

import pytest

from podium.apps.ecosystem.models import Service
from podium.apps.ecosystem.tables import ServiceTable
from podium.apps.operations.models import Ticket
from podium.apps.operations.tables import TicketTable
from podium.platform.console import tone_of

BADGE = re.compile(r'<span class="badge bg-([a-z]+)-lt">([^<]*)</span>')


def _badge(table: Any, row: int, column: str) -> tuple[str, str]:
    found = BADGE.fullmatch(str(table.rows[row].get_cell(column)))
    assert found, table.rows[row].get_cell(column)
    return found.group(1), found.group(2)


@pytest.mark.django_db
def test_a_tickets_status_and_priority_take_their_declared_tones(world: Any) -> None:
    ticket = Ticket.objects.get(pk=world.ticket_a.pk)
    table = TicketTable(Ticket.objects.filter(pk=ticket.pk))
    # the status is a choices field (the label is not the value); the priority is plain text
    for column, vocabulary, raw, label in [
        ("status", "ticket.status", ticket.status, ticket.get_status_display()),
        ("priority", "priority", ticket.priority, ticket.priority),
    ]:
        declared = tone_of(vocabulary, raw)
        assert declared != "secondary", (column, raw)  # the world's ticket has a coloured one
        assert _badge(table, 0, column) == (declared, label)
        assert table.rows[0].get_cell_value(column) == label  # the CSV keeps the label


@pytest.mark.django_db
def test_a_services_criticality_takes_its_declared_tone(world: Any) -> None:
    table = ServiceTable(Service.objects.order_by("slug"))
    seen = {}
    for index, service in enumerate(table.data):
        tone, label = _badge(table, index, "criticality")
        assert label == service.get_criticality_display()
        seen[service.criticality] = tone
    assert seen == {"critical": "red", "medium": "yellow"}

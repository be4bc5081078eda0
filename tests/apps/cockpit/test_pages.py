"""The cockpit and the party view as their readers get them: filters in the URL, needs
attention ordered by impact, every chart's CSV the rows of its "view data" table, a party's
users kept to their own party."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from tests.site.test_cockpit_query_counts import _bounced_tickets, _decisions_due
from tests.site.test_query_counts import _actions
from tests.support.clock import TEST_NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_figures() -> None:
    cache.clear()


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _csv(response: Any) -> list[dict[str, str]]:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_health_per_service_counts_the_periods_breaches(world: Any) -> None:
    _bounced_tickets(world, range(3))  # three P1s A → B → A, each resolved after a day
    client = _client(world, "integrator_admin")
    rows = _csv(
        client.get(reverse("cockpit:overview"), {"export": "csv", "table": "service-health"})
    )
    by_service = {r["service"]: r for r in rows}
    alpha = by_service[world.service_a.name]
    assert alpha["basis"] == "3"
    # a P1's four hours to resolve are long gone after a day: every one breached
    assert (alpha["breaches"], alpha["attainment"]) == ("3", "0.0")
    # the three open P1s opened 5-7 hours ago still run: the service was down since
    assert float(alpha["availability"]) < 100.0


def test_ping_pong_pairs_name_both_suppliers(world: Any) -> None:
    _bounced_tickets(world, range(2))
    client = _client(world, "integrator_admin")
    rows = _csv(client.get(reverse("cockpit:overview"), {"export": "csv", "table": "ping-pong"}))
    pair = {rows[0]["party_a"], rows[0]["party_b"]}
    assert pair == {world.supplier_a.name, world.supplier_b.name}
    assert rows[0]["bounces"] == "2"


def test_filters_live_in_the_url_and_narrow_every_section(world: Any) -> None:
    _bounced_tickets(world, range(2))
    client = _client(world, "integrator_admin")
    url = reverse("cockpit:overview")
    narrowed = client.get(url, {"period": "7d", "service": world.service_b.slug})
    assert narrowed.status_code == 200
    assert narrowed.context["filters"].period.key == "7d"
    assert [h.service for h in narrowed.context["overview"].health] == [world.service_b.slug]
    assert "period=7d&amp;service=" in narrowed.content.decode()  # links keep the filters
    rows = _csv(
        client.get(url, {"service": world.service_b.slug, "export": "csv", "table": "ping-pong"})
    )
    assert rows == []  # the bounces were on service A
    unknown = client.get(url, {"service": "no-such-service", "period": "90d"})
    assert unknown.context["filters"].service is None  # shown as an error, never guessed
    assert unknown.context["filters"].period.key == "90d"
    assert unknown.context["form"].errors["service"]


def test_needs_attention_comes_first_heaviest_first(world: Any) -> None:
    _bounced_tickets(world, range(2))
    _actions(world, range(2))
    _decisions_due(world, range(2))
    response = _client(world, "integrator_admin").get(reverse("cockpit:overview"))
    body = response.content.decode()
    assert body.index('id="needs-attention"') < body.index('id="service-health"')
    weights = [item.impact for item in response.context["overview"].attention]
    assert weights == sorted(weights, reverse=True)
    assert weights
    kinds = {item.kind for item in response.context["overview"].attention}
    # service A missed its attainment, actions are overdue, decisions fall due
    assert {"service", "action", "decision"} <= kinds
    rows = _csv(
        _client(world, "integrator_admin").get(reverse("cockpit:overview"), {"export": "csv"})
    )
    assert [float(r["impact"]) for r in rows] == weights


def test_every_chart_has_its_data_and_csv(world: Any) -> None:
    _bounced_tickets(world, range(2))
    response = _client(world, "integrator_admin").get(reverse("cockpit:overview"))
    body = response.content.decode()
    from podium.core.reports.cockpit import COCKPIT_CHARTS

    drawn = 0
    for key, chart in response.context["charts"].items():
        if key not in COCKPIT_CHARTS or not chart.table.rows:
            continue
        drawn += bool(chart.svg)
        assert f'data-view-data="{key}"' in body, key
        assert f"table={key}" in body, key
    assert drawn >= 2  # the trend and the ping-pong pairs at least
    assert "<svg" in body
    assert "http://" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_party_view_shows_the_partys_clocks_and_due_items(world: Any) -> None:
    _bounced_tickets(world, range(2))
    _actions(world, range(1))
    client = _client(world, "party_manager")
    response = client.get(reverse("cockpit:party", args=[world.supplier_a.slug]))
    assert response.status_code == 200
    view = response.context["view"]
    held = {c.ticket.reference for c in view.clocks}
    assert {"INC-CQ-OPEN0", "INC-CQ-OPEN1"} <= held
    p1 = next(c for c in view.clocks if c.ticket.reference == "INC-CQ-OPEN0")
    assert p1.breached_at is not None  # a P1 open five hours: past its four
    assert 'hx-get="?part=scorecard"' in response.content.decode()
    card = client.get(reverse("cockpit:party", args=[world.supplier_a.slug]), {"part": "scorecard"})
    assert card.status_code == 200
    assert 'id="party-scorecard"' in card.content.decode()


def test_a_partys_users_keep_to_their_own_party(world: Any) -> None:
    client = _client(world, "party_manager")
    assert client.get(reverse("cockpit:overview")).status_code == 403
    other = reverse("cockpit:party", args=[world.supplier_b.slug])
    assert client.get(other).status_code == 404
    assert client.get(other, {"export": "csv"}).status_code == 404
    assert client.get(other, {"part": "scorecard"}).status_code == 404


def test_home_and_navigation_lead_to_the_cockpit(world: Any) -> None:
    integrator = _client(world, "integrator_admin").get(reverse("home"))
    assert f'href="{reverse("cockpit:overview")}" id="overview-link"' in integrator.content.decode()
    manager = _client(world, "party_manager").get(reverse("home"))
    own = reverse("cockpit:party", args=[world.supplier_a.slug])
    assert f'href="{own}" id="overview-link"' in manager.content.decode()
    menus = {m.label: [i.url for i in m.items] for m in manager.context["nav_menus"]}
    assert menus["Cockpit"] == [own]


def test_notice_deadlines_ahead_within_ninety_days(world: Any) -> None:
    from podium.apps.cockpit.selectors.overview import notice_deadlines

    found = notice_deadlines(world.users["integrator_admin"], today=TEST_NOW.date())
    horizon = TEST_NOW.date() + dt.timedelta(days=90)
    assert all(TEST_NOW.date() <= n.deadline <= horizon for n in found)
    assert [n.deadline for n in found] == sorted(n.deadline for n in found)

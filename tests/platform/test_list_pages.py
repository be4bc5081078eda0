"""List pages: the page size and number in the URL are held to what a page can show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.platform.lists import MAX_PAGE_SIZE

LISTS = [
    "ecosystem:party_list",
    "ecosystem:contact_list",
    "ecosystem:service_list",
    "ecosystem:component_list",
    "ecosystem:contract_list",
    "ecosystem:calendar_list",
    "governance:activity_list",
    "governance:ladder_list",
    "governance:forum_list",
    "governance:decision_list",
    "governance:action_list",
    "operations:ticket_list",
]


@pytest.fixture
def integrator(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "query", ["per_page=-1", "per_page=0", "per_page=10000000", "per_page=x", "page=-3", "page=999"]
)
def test_any_page_size_or_number_answers_a_page(integrator: Client, name: str, query: str) -> None:
    response = integrator.get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    per_page = response.context["table"].paginator.per_page
    assert 1 <= per_page <= MAX_PAGE_SIZE


@pytest.mark.django_db
def test_the_page_size_asked_for_is_the_page_size_shown(integrator: Client, world: Any) -> None:
    response = integrator.get(reverse("ecosystem:party_list") + "?per_page=1&page=2")
    table = response.context["table"]
    assert table.paginator.count > 2
    assert len(table.page.object_list) == 1
    assert table.page.number == 2
    huge = integrator.get(reverse("ecosystem:party_list") + "?per_page=10000000")
    assert huge.context["table"].paginator.per_page == MAX_PAGE_SIZE
    past_the_end = integrator.get(reverse("ecosystem:party_list") + "?per_page=1&page=999")
    last = past_the_end.context["table"]
    assert last.page.number == last.paginator.num_pages

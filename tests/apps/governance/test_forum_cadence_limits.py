"""A forum meets at most daily: the page, the service, the model, the YAML reader and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from podium.apps.governance.models import Forum
from podium.apps.governance.selectors import forums as selectors
from podium.apps.governance.services import forums as services

pytestmark = pytest.mark.django_db
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _client(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    return client


def test_the_page_refuses_a_secondly_cadence_and_creates_nothing(world: Any) -> None:
    response = _client(world).post(
        reverse("governance:forum_create"),
        {
            "name": "Every second",
            "kind": "tactical_board",
            "cadence": "FREQ=SECONDLY",
            "first_meeting_at": "2026-01-13T10:00",
            "duration_minutes": "60",
            "time_zone": "Europe/Amsterdam",
        },
    )
    assert response.status_code == 200
    assert "FREQ=SECONDLY is finer than a day" in response.content.decode()
    assert not Forum.objects.filter(name="Every second").exists()


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9,14"])
def test_the_service_and_the_model_refuse_sub_daily_cadences(world: Any, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.ensure_forum(
            acting_user=None,
            slug="too-often",
            name="Too often",
            kind="tactical_board",
            cadence=rule,
            first_meeting_at=FIRST,
        )
    assert "cadence" in caught.value.message_dict
    assert not Forum.objects.filter(slug="too-often").exists()
    with pytest.raises(ValidationError) as model:
        Forum(name="x", slug="x", kind="tactical_board", cadence=rule).full_clean()
    assert "forums meet at most daily" in model.value.message_dict["cadence"][0]


def test_a_sub_daily_cadence_stored_earlier_shows_no_meetings_at_once(world: Any) -> None:
    forum = services.ensure_forum(
        acting_user=None,
        slug="legacy",
        name="Legacy board",
        kind="tactical_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    # A row written before the check existed; expanding it used to take 99 s per page.
    Forum.objects.filter(pk=forum.pk).update(cadence="FREQ=SECONDLY")
    forum.refresh_from_db()
    assert selectors.upcoming(forum, after=AFTER) == []
    client = _client(world)
    api = client.get(f"/api/v1/governance/forums/{forum.slug}")
    assert api.status_code == 200
    assert api.json()["next_meetings"] == []
    page = client.get(reverse("governance:forum_detail", args=[forum.slug]))
    assert page.status_code == 200
    with pytest.raises(ValidationError):  # no next meeting to prepare
        services.prepare_next_meeting(acting_user=None, forum=forum, now=AFTER)


def test_a_pathological_but_valid_cadence_is_saved_and_has_no_meetings(world: Any) -> None:
    forum = services.ensure_forum(
        acting_user=None,
        slug="never",
        name="Never meets",
        kind="tactical_board",
        cadence="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        first_meeting_at=FIRST,
    )
    assert selectors.upcoming(forum, after=AFTER) == []

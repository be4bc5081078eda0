"""Gatherings: planned by the integrator, seen by the invited parties, in a calendar feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from podium.apps.governance.services import forums
from podium.apps.trust.services import gatherings as services

pytestmark = pytest.mark.django_db
AT = dt.datetime(2027, 1, 14, 15, 0, tzinfo=dt.UTC)


def test_a_gathering_is_in_the_invited_partys_calendar_only(world: Any) -> None:
    forum = forums.ensure_forum(
        acting_user=None,
        slug="steering",
        name="Steering board",
        kind="strategic_board",
        charter="Quarterly steering.",
    )
    services.plan_gathering(
        acting_user=None,
        title="New year kick-off",
        kind="kick_off",
        starts_at=AT,
        parties=[world.integrator, world.supplier_a],
        location="Utrecht",
        forum=forum,
    )
    services.plan_gathering(
        acting_user=None,
        title="Beta celebration",
        kind="celebration",
        starts_at=AT,
        parties=[world.integrator, world.supplier_b],
    )
    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(reverse("trust:gathering_list")).content.decode()
    assert "New year kick-off" in page
    assert "Beta celebration" not in page
    feed = client.get(reverse("trust:gathering_calendar"))
    assert feed["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["New year kick-off"]
    assert events[0].decoded("DTSTART").astimezone(dt.UTC) == AT
    assert "Forum: Steering board" in str(events[0]["DESCRIPTION"])


def test_a_gathering_invites_someone_and_knows_its_zone(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.plan_gathering(
            acting_user=None, title="Nobody", kind="celebration", starts_at=AT, parties=[]
        )
    with pytest.raises(ValidationError):
        services.plan_gathering(
            acting_user=None,
            title="Where?",
            kind="celebration",
            starts_at=AT,
            parties=[world.supplier_a],
            time_zone="Mars/Olympus",
        )

"""Retrospectives: recorded by the integrator, actions tracked to closure by their owner party,
and open actions on the agendas of the forum a retrospective is linked to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.governance.selectors.forums import agenda_for
from podium.apps.governance.services import forums
from podium.apps.trust.services import retrospectives as services

pytestmark = pytest.mark.django_db
TODAY = TEST_NOW.date()


def _forum() -> Any:
    return forums.ensure_forum(
        acting_user=None,
        slug="ops-review",
        name="Operations review",
        kind="tactical_board",
        charter="Monthly service review.",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC),
    )


def _retro(world: Any, **kwargs: Any) -> Any:
    fields = {
        "title": "Web shop outage",
        "kind": "major_incident",
        "held_on": dt.date(2026, 10, 9),
        "parties": [world.integrator, world.supplier_a],
        "ticket": world.ticket_a,
        "went_well": "The bridge call was open within minutes.",
        "to_improve": "Hand the ticket over with the logs.",
    } | kwargs
    return services.record_retrospective(acting_user=None, **fields)


def test_a_major_incident_retrospective_names_its_incident(world: Any) -> None:
    with pytest.raises(ValidationError, match="names it"):
        _retro(world, ticket=None)
    assert _retro(world, kind="quarterly", ticket=None, period="2026-Q3").period == "2026-Q3"


def test_an_action_is_closed_by_its_owner_party_and_reopened(world: Any) -> None:
    retro = _retro(world)
    action = services.add_retro_action(
        acting_user=None,
        retrospective=retro,
        title="Attach logs to every hand-off",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 11, 15),
    )
    member = world.users["party_member"]
    done = services.set_retro_action_status(
        acting_user=member, action=action, status="done", today=TODAY
    )
    assert (done.status, done.closed_on) == ("done", TODAY)
    with pytest.raises(ValidationError, match="can become"):
        services.set_retro_action_status(
            acting_user=None, action=done, status="cancelled", today=TODAY
        )
    again = services.set_retro_action_status(
        acting_user=None, action=done, status="open", today=TODAY
    )
    assert (again.status, again.closed_on) == ("open", None)
    with pytest.raises(PermissionDenied):
        services.set_retro_action_status(
            acting_user=world.users["other_party_member"], action=again, status="done", today=TODAY
        )


def test_open_actions_appear_on_the_linked_forums_agenda_until_closed(world: Any) -> None:
    forum = _forum()
    retro = _retro(world, forum=forum)
    action = services.add_retro_action(
        acting_user=None,
        retrospective=retro,
        title="Attach logs to every hand-off",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 11, 15),
    )
    section = {s.title: s for s in agenda_for(forum, today=TODAY).sections}[
        "Open retrospective actions"
    ]
    [item] = section.items
    assert item.overdue
    assert item.party == world.supplier_a.pk
    assert "Attach logs to every hand-off" in item.text
    assert "(overdue)" in item.text
    meeting, _ = forums.prepare_meeting(acting_user=None, forum=forum, now=TEST_NOW)
    assert "Attach logs to every hand-off" in str(meeting.agenda)
    services.set_retro_action_status(acting_user=None, action=action, status="done", today=TODAY)
    section = {s.title: s for s in agenda_for(forum, today=TODAY).sections}[
        "Open retrospective actions"
    ]
    assert section.items == ()


def test_a_party_sees_only_retrospectives_it_took_part_in(world: Any) -> None:
    mine = _retro(world)
    theirs = _retro(
        world,
        title="Branch voice outage",
        parties=[world.integrator, world.supplier_b],
        ticket=world.ticket_b,
    )
    client = Client()
    client.force_login(world.users["party_member"])
    listing = client.get(reverse("trust:retrospective_list")).content.decode()
    assert "Web shop outage" in listing
    assert "Branch voice outage" not in listing
    own = client.get(reverse("trust:retrospective_detail", kwargs={"pk": mine.pk}))
    assert "Hand the ticket over with the logs." in own.content.decode()
    assert "INC-A" in own.content.decode()
    other = client.get(reverse("trust:retrospective_detail", kwargs={"pk": theirs.pk}))
    assert other.status_code == 404
    api = client.get("/api/v1/trust/retrospectives").json()
    assert [r["title"] for r in api["items"]] == ["Web shop outage"]

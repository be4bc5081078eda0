"""Calendar feeds by secret URL: the token, its rotation, and what a feed answers for whom."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from podium.apps.accounts.models import User
from podium.apps.accounts.selectors import user_for_calendar_feed_token
from podium.apps.accounts.services import rotate_calendar_feed_token
from podium.apps.governance.services import forums as services
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)


def _forum(world: Any, slug: str, name: str, party: Any) -> Any:
    forum = services.ensure_forum(
        acting_user=None,
        slug=slug,
        name=name,
        kind="tactical_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    services.set_membership(acting_user=None, forum=forum, party=party, role="member")
    return forum


@pytest.fixture
def forums(world: Any) -> tuple[Any, Any]:
    return (
        _forum(world, "alpha-review", "Alpha service review", world.supplier_a),
        _forum(world, "beta-board", "Beta carrier board", world.supplier_b),
    )


def _token(user: Any) -> str:
    return rotate_calendar_feed_token(acting_user=user, user=user)


def _personal(token: str) -> str:
    return reverse("governance:token_my_calendar", args=[token])


def _one(token: str, slug: str) -> str:
    return reverse("governance:token_forum_calendar", args=[token, slug])


def _uids(content: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_only_the_hash_is_stored_and_the_audit_holds_no_secret(world: Any) -> None:
    member = world.users["party_member"]
    token = _token(member)
    member.refresh_from_db()
    assert len(token) >= 40
    assert member.calendar_feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in member.calendar_feed_token_hash
    event = AuditEvent.objects.get(action="accounts.user.calendar_feed_token_rotated")
    assert event.actor == member
    assert token not in json.dumps([event.before, event.after])
    assert member.calendar_feed_token_hash not in json.dumps([event.before, event.after])
    assert user_for_calendar_feed_token(token) == member
    assert user_for_calendar_feed_token("") is None
    assert user_for_calendar_feed_token(token + "x") is None


def test_only_the_person_themself_rotates_their_token(world: Any) -> None:
    member = world.users["party_member"]
    for acting in (world.users["integrator_admin"], world.users["party_manager"], None):
        with pytest.raises(PermissionDenied):
            rotate_calendar_feed_token(acting_user=acting, user=member)
    member.refresh_from_db()
    assert member.calendar_feed_token_hash == ""


def test_token_feeds_answer_without_a_session_scoped_to_the_owner(
    world: Any, forums: tuple[Any, Any]
) -> None:
    alpha, beta = forums
    token = _token(world.users["party_member"])
    anonymous = Client()

    personal = anonymous.get(_personal(token))
    assert personal.status_code == 200
    assert personal["Content-Type"].startswith("text/calendar")
    assert "no-store" in personal["Cache-Control"]
    assert _uids(personal.content) == {f"forum-{alpha.pk}@podium"}
    calendar = icalendar.Calendar.from_ical(personal.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Alpha service review"
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert calendar.walk("VTIMEZONE")

    one = anonymous.get(_one(token, alpha.slug))
    assert one.status_code == 200
    assert _uids(one.content) == {f"forum-{alpha.pk}@podium"}
    # a forum supplier A does not sit in does not exist for A's token
    assert anonymous.get(_one(token, beta.slug)).status_code == 404
    assert anonymous.get(_one(token, "no-such-forum")).status_code == 404


def test_an_integrator_token_reaches_every_forum(world: Any, forums: tuple[Any, Any]) -> None:
    token = _token(world.users["integrator_admin"])
    for forum in forums:
        assert Client().get(_one(token, forum.slug)).status_code == 200


def test_rotation_retires_the_old_token_and_unknown_tokens_answer_404(
    world: Any, forums: tuple[Any, Any]
) -> None:
    member = world.users["party_member"]
    old = _token(member)
    new = _token(member)
    assert old != new
    client = Client()
    assert client.get(_personal(old)).status_code == 404
    assert client.get(_one(old, "alpha-review")).status_code == 404
    assert client.get(_personal(new)).status_code == 200
    assert client.get(_personal("not-a-token")).status_code == 404
    assert (
        AuditEvent.objects.filter(action="accounts.user.calendar_feed_token_rotated").count() == 2
    )


def test_a_deactivated_users_token_stops_working(world: Any, forums: tuple[Any, Any]) -> None:
    member = world.users["party_member"]
    token = _token(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert Client().get(_personal(token)).status_code == 404


def test_preferences_show_the_urls_once(world: Any, forums: tuple[Any, Any]) -> None:
    member = world.users["party_member"]
    client = Client()
    client.force_login(member)
    page = client.get(reverse("preferences")).content.decode()
    assert "Create a subscription URL" in page

    shown = client.post(reverse("calendar_feed_rotate"))
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    body = shown.content.decode()
    member.refresh_from_db()
    token = body.split("/governance/feeds/", 1)[1].split("/", 1)[0]
    assert user_for_calendar_feed_token(token) == member
    assert f"http://testserver{_personal(token)}" in body
    assert _one(token, "alpha-review") in body
    assert "beta-board" not in body  # only the forums the user may see

    again = client.get(reverse("preferences")).content.decode()
    assert token not in again
    assert "Rotate the subscription URL" in again

    # the time-zone form keeps working beside it
    saved = client.post(reverse("preferences"), {"time_zone": "Europe/Amsterdam"})
    assert saved.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "Europe/Amsterdam"


def test_rotating_needs_a_post_and_a_login(world: Any) -> None:
    client = Client()
    assert client.post(reverse("calendar_feed_rotate")).status_code == 302  # to the log-in
    client.force_login(world.users["auditor"])
    assert client.get(reverse("calendar_feed_rotate")).status_code == 405

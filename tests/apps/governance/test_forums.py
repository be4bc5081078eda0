"""Forums: services, the agenda from live data, and the .ics feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from podium.apps.governance.models import Meeting
from podium.apps.governance.services import forums as services
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)  # 10:00 Amsterdam, 2nd Tuesday
NOW = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def forum(world: Any) -> Any:
    f = services.ensure_forum(
        acting_user=None,
        slug="alpha-review",
        name="Alpha service review",
        kind="tactical_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=f, party=world.integrator, role="chair")
    services.set_membership(acting_user=None, forum=f, party=world.supplier_a, role="member")
    return f


def test_agenda_is_filled_from_live_data(world: Any, forum: Any) -> None:
    services.add_action(
        acting_user=None,
        forum=forum,
        title="Later",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 12, 1),
    )
    services.add_action(
        acting_user=None,
        forum=forum,
        title="Late",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 9, 1),
    )
    services.record_decision(
        acting_user=None,
        forum=forum,
        title="Renew or not",
        status="proposed",
        due_on=dt.date(2026, 10, 13),
    )
    # Alpha's contract ends 2027-12-31 with 90 days' notice: not within 90 days of NOW.
    world.contract_a.ends_on = dt.date(2027, 1, 15)  # notice deadline 2026-10-17
    world.contract_a.save()
    meeting = services.prepare_next_meeting(
        acting_user=world.users["integrator_admin"], forum=forum, now=NOW
    )
    assert meeting.starts_at == dt.datetime(2026, 10, 13, 8, 0, tzinfo=dt.UTC)  # 10:00 CEST
    sections = {s["title"]: s["items"] for s in meeting.agenda}
    actions = sections["Open actions"]
    assert [a["overdue"] for a in actions] == [True, False]
    assert actions[0]["text"].startswith("Late")
    assert sections["Decisions due"][0]["text"].endswith("Renew or not — due 2026-10-13")
    assert "C-ALPHA-1" in sections["Notice deadlines and ends within 90 days"][0]["text"]
    assert [a["party"] for a in actions] == [world.supplier_a.pk] * 2  # shown as its chip
    assert sections["Notice deadlines and ends within 90 days"][0]["party"] == world.supplier_a.pk
    assert sections["Responsibility matrix findings"] == []
    # Beta's contract is not in a forum Beta does not sit in
    assert not any("C-BETA-1" in i["text"] for s in sections.values() for i in s)
    assert AuditEvent.objects.filter(action="governance.meeting.prepared").count() == 1
    again = services.prepare_next_meeting(acting_user=None, forum=forum, now=NOW)
    assert again.pk == meeting.pk
    assert Meeting.objects.count() == 1
    client = Client()
    client.force_login(world.users["party_member"])
    page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    chip = f'<abbr class="chip bg-{world.supplier_a.colour}-lt" title="Alpha Cloud">ALP</abbr>'
    assert f"{chip} Late — Alpha Cloud" in page


def test_meeting_run_by_integrator_or_chair_only(world: Any, forum: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.prepare_next_meeting(
            acting_user=world.users["party_manager"], forum=forum, now=NOW
        )
    services.set_membership(acting_user=None, forum=forum, party=world.supplier_a, role="chair")
    meeting = services.prepare_next_meeting(
        acting_user=world.users["party_manager"], forum=forum, now=NOW
    )
    services.record_minutes(acting_user=world.users["party_manager"], meeting=meeting, minutes="ok")
    services.mark_held(acting_user=world.users["party_manager"], meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.status) == ("ok", "held")


def test_party_users_update_their_own_actions_only(world: Any, forum: Any) -> None:
    own = services.add_action(
        acting_user=None,
        forum=forum,
        title="Own",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 9, 1),
    )
    office = services.add_action(
        acting_user=None,
        forum=forum,
        title="Office",
        owner_party=world.integrator,
        due_on=dt.date(2026, 9, 1),
    )
    services.set_action_status(acting_user=world.users["party_member"], action=own, status="done")
    own.refresh_from_db()
    assert own.status == "done"
    with pytest.raises(PermissionDenied):
        services.set_action_status(
            acting_user=world.users["party_member"], action=office, status="done"
        )


def test_forum_feed_parses_with_rrule_timezone_and_stable_uid(world: Any, forum: Any) -> None:
    client = Client()
    client.force_login(world.users["party_member"])
    first = client.get("/governance/forums/alpha-review/calendar.ics")
    assert first["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(first.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTSTART").hour == 10
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    services.ensure_forum(acting_user=None, slug="alpha-review", name="Alpha review board")
    second = icalendar.Calendar.from_ical(
        client.get("/governance/forums/alpha-review/calendar.ics").content
    )
    assert next(iter(second.walk("VEVENT")))["UID"] == event["UID"]


def test_personal_feed_lists_the_forums_of_ones_party(world: Any, forum: Any) -> None:
    other = services.ensure_forum(
        acting_user=None,
        slug="beta-board",
        name="Beta board",
        kind="tactical_board",
        cadence="FREQ=WEEKLY",
        first_meeting_at=FIRST,
    )
    services.set_membership(acting_user=None, forum=other, party=world.supplier_b, role="member")
    client = Client()
    client.force_login(world.users["party_member"])
    calendar = icalendar.Calendar.from_ical(client.get("/governance/calendar.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Alpha service review"]
    assert client.get("/governance/forums/beta-board/").status_code == 404


def test_bad_cadence_is_refused(world: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.ensure_forum(
            acting_user=None,
            slug="x",
            name="X",
            kind="working_group",
            cadence="FREQ=NEVER",
            first_meeting_at=FIRST,
        )


def test_agenda_lists_matrix_findings_about_member_parties(world: Any, forum: Any) -> None:
    from podium.apps.governance.services import raci

    patching = raci.ensure_activity(
        acting_user=None, code="security-patching", name="Security patching"
    )
    # Alpha is Responsible for patching the web shop, but nobody is Accountable: a gap the board
    # Alpha sits in must see. Beta's gap on its own service is not Alpha's forum's business.
    raci.assign(
        acting_user=None, obj=world.service_a, activity=patching, party=world.supplier_a, role="R"
    )
    raci.assign(
        acting_user=None, obj=world.service_b, activity=patching, party=world.supplier_b, role="R"
    )
    meeting = services.prepare_next_meeting(acting_user=None, forum=forum, now=NOW)
    findings = {s["title"]: s["items"] for s in meeting.agenda}["Responsibility matrix findings"]
    texts = [item["text"] for item in findings]
    assert any("Web shop" in t and "Accountable" in t for t in texts), texts
    assert not any("Branch voice" in t for t in texts)

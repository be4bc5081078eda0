"""The affected parties hear of a change scheduled, moved or failed, once, from the pages, the
API and the CSV import; the implementer and the parties off the graph hear nothing; a save
that changes nothing tells nobody; nobody reads another party's internal notes in what they
are told.

On the small world with the changes of tests/support/changes.py: Kappa's database needs Alpha's
cluster, the web shop needs the cluster, and the integrator is Accountable (change approval)
on the web shop. So Alpha's change on the cluster is heard by Kappa (its database depends on
the cluster) and the integrator's staff (the web shop it serves), Kappa's change on its
database by Alpha (what the database needs); Beta, on no path, hears of neither.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.support.changes import ALPHA_NOTES, GAMMA_NOTES, NIGHT, signed_in

from podium.apps.changes.services import approvals, changes, imports
from podium.apps.changes.services.notifications import CHANGE_PATH
from podium.apps.operations.models import Delivery, Notification, NotificationMail
from podium.apps.operations.services import notifications
from podium.core import notifications as kinds
from podium.core.change_import import read_changes_csv

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def told(user: Any) -> list[tuple[str, str]]:
    return [
        (n.event_type.rsplit(".", 1)[-1], n.title)
        for n in Notification.objects.filter(user=user).order_by("id")
    ]


def everyone(world: Any, planned: Any) -> dict[str, Any]:
    return {**world.users, "kappa_member": planned.gamma_member}


def who_heard(world: Any, planned: Any) -> dict[str, list[tuple[str, str]]]:
    return {name: told(user) for name, user in everyone(world, planned).items() if told(user)}


def approve(world: Any, change: Any) -> Any:
    return approvals.decide_change(
        acting_user=world.users["integrator_admin"], change=change, decision="approved"
    )


def schedule(world: Any, change: Any) -> Any:
    approve(world, change)
    return changes.move_change(acting_user=None, change=change, status="scheduled")


def test_scheduling_tells_the_parties_on_the_graph_and_of_the_service_once(
    world: Any, planned: Any
) -> None:
    schedule(world, planned.change_a)
    ref = planned.change_a.reference
    heard = [("scheduled", f"{ref} scheduled: Patch the Alpha cluster")]
    # Kappa (its database needs the cluster), the integrator's staff (Accountable on the web
    # shop the cluster serves); not Alpha (it implements), not the auditor, not Beta
    assert who_heard(world, planned) == {
        "integrator_admin": heard,
        "integrator_analyst": heard,
        "kappa_member": heard,
    }
    row = Notification.objects.filter(user=planned.gamma_member).get()
    assert row.link == CHANGE_PATH.format(ref) == reverse("changes:change_detail", args=[ref])
    assert "Alpha Cloud" in row.detail
    assert "Alpha cluster" in row.detail
    # scheduled is final for this transition: going on to in progress tells nobody anew
    changes.move_change(acting_user=None, change=planned.change_a, status="in_progress")
    assert Notification.objects.count() == 3


def test_the_graph_is_read_in_both_directions(world: Any, planned: Any) -> None:
    schedule(world, planned.change_gamma)
    ref = planned.change_gamma.reference
    heard = [("scheduled", f"{ref} scheduled: Upgrade the Kappa database")]
    # Alpha runs what Kappa's database needs; no service needs the database
    assert who_heard(world, planned) == {"party_manager": heard, "party_member": heard}


def test_a_failed_or_rolled_back_change_is_heard_at_once_and_completed_is_not(
    world: Any, planned: Any
) -> None:
    for user in everyone(world, planned).values():
        user.email = f"{user.username}@example.test"
        user.save(update_fields=["email"])
    schedule(world, planned.change_a)
    schedule(world, planned.change_gamma)
    assert not NotificationMail.objects.exists()  # scheduled goes to the digest
    for change in (planned.change_a, planned.change_gamma):
        changes.move_change(acting_user=None, change=change, status="in_progress")
    changes.move_change(acting_user=None, change=planned.change_a, status="failed")
    changes.move_change(acting_user=None, change=planned.change_gamma, status="rolled_back")
    a, gamma = planned.change_a.reference, planned.change_gamma.reference
    assert told(planned.gamma_member)[-1] == ("failed", f"{a} failed: Patch the Alpha cluster")
    assert told(world.users["party_member"])[-1] == (
        "failed",
        f"{gamma} rolled back: Upgrade the Kappa database",
    )
    assert told(world.users["other_party_member"]) == []
    mails = {m.user_id: m for m in NotificationMail.objects.all()}
    assert set(mails) == {
        planned.gamma_member.pk,
        world.users["integrator_admin"].pk,
        world.users["integrator_analyst"].pk,
        world.users["party_manager"].pk,
        world.users["party_member"].pk,
    }
    assert f"{a} failed" in mails[planned.gamma_member.pk].subject
    assert f"/changes/c/{a}/" in mails[planned.gamma_member.pk].text


def test_a_completed_change_tells_nobody(world: Any, planned: Any) -> None:
    schedule(world, planned.change_a)
    before = Notification.objects.count()
    changes.move_change(acting_user=None, change=planned.change_a, status="in_progress")
    changes.move_change(acting_user=None, change=planned.change_a, status="completed")
    assert Notification.objects.count() == before


def test_moving_a_scheduled_window_tells_the_old_and_new_window_in_each_users_zone(
    world: Any, planned: Any
) -> None:
    admin = world.users["integrator_admin"]
    admin.time_zone = "Europe/Paris"
    admin.save(update_fields=["time_zone"])
    change = schedule(world, planned.change_a)
    changes.update_change(
        acting_user=None, change=change, planned_start=NIGHT + HOUR, planned_end=NIGHT + 5 * HOUR
    )
    changes.update_change(
        acting_user=None,
        change=change,
        planned_start=NIGHT + 2 * HOUR,
        planned_end=NIGHT + 6 * HOUR,
    )
    moves = Notification.objects.filter(event_type=kinds.CHANGE_MOVED)
    assert moves.count() == 2 * 3  # two moves, each to Kappa and the integrator's two staff
    paris = [n.detail for n in moves.filter(user=admin).order_by("id")]
    utc = [n.detail for n in moves.filter(user=planned.gamma_member).order_by("id")]
    assert (
        "now Wed 02 Dec 2026 23:00 – Thu 03 Dec 03:00 (UTC), was Wed 02 Dec 2026 22:00" in (utc[0])
    )
    assert "now Thu 03 Dec 2026 00:00 – 04:00 (UTC), was Wed 02 Dec 2026 23:00" in utc[1]
    assert "now Thu 03 Dec 2026 01:00 – 05:00 (Europe/Paris), was Thu 03 Dec 2026 00:00" in paris[1]
    assert told(world.users["party_member"]) == []  # the implementer
    assert told(world.users["other_party_member"]) == []


def test_a_save_that_changes_nothing_tells_nobody(world: Any, planned: Any) -> None:
    change = schedule(world, planned.change_a)
    before = Notification.objects.count()
    changes.update_change(
        acting_user=None,
        change=change,
        title=change.title,
        planned_start=change.planned_start,
        planned_end=change.planned_end,
        components=list(change.components.all()),
    )
    changes.update_change(acting_user=None, change=change, internal_notes="only the notes")
    assert Notification.objects.count() == before
    with pytest.raises(ValidationError) as error:
        changes.update_change(acting_user=None, change=change, title="Something else")
    assert "only its window moves" in error.value.message_dict["title"][0]
    assert Notification.objects.count() == before


def test_moving_a_draft_or_a_submitted_change_tells_nobody(world: Any, planned: Any) -> None:
    changes.update_change(acting_user=None, change=planned.change_gamma, internal_notes="x")
    with pytest.raises(ValidationError):
        changes.update_change(
            acting_user=None, change=planned.change_a, planned_end=NIGHT + 5 * HOUR
        )
    draft = changes.create_change(
        acting_user=None,
        implementer=world.supplier_a,
        title="Draft on the cluster",
        planned_start=NIGHT,
        planned_end=NIGHT + HOUR,
        components=[world.component_a],
    )
    changes.update_change(acting_user=None, change=draft, planned_end=NIGHT + 2 * HOUR)
    assert not Notification.objects.exists()


def test_moving_an_approved_change_tells_too(world: Any, planned: Any) -> None:
    change = approve(world, planned.change_gamma)
    changes.update_change(acting_user=None, change=change, planned_end=NIGHT + 4 * HOUR)
    assert [e for e, _ in told(world.users["party_member"])] == ["moved"]


def test_the_api_schedules_and_moves_once_each(world: Any, planned: Any) -> None:
    approve(world, planned.change_gamma)
    api = signed_in(planned.gamma_member)
    url = f"/api/v1/changes/changes/{planned.change_gamma.reference}"
    answer = api.patch(url, {"status": "scheduled"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    later = {"planned_start": "2026-12-03T00:00:00Z", "planned_end": "2026-12-03T02:00:00Z"}
    assert api.patch(url, later, content_type="application/json").status_code == 200
    # the same window again is no move
    assert api.patch(url, later, content_type="application/json").status_code == 200
    assert [e for e, _ in told(world.users["party_member"])] == ["scheduled", "moved"]
    assert told(world.users["other_party_member"]) == []
    assert told(planned.gamma_member) == []


def test_the_pages_schedule_and_move(world: Any, planned: Any) -> None:
    approve(world, planned.change_gamma)
    page = signed_in(planned.gamma_member)
    ref = planned.change_gamma.reference
    moved = page.post(reverse("changes:change_move", args=[ref]), {"status": "scheduled"})
    assert moved.status_code == 302
    edit = reverse("changes:change_edit", args=[ref])
    form = page.get(edit)
    assert form.status_code == 200
    posted = {
        "title": "Upgrade the Kappa database",
        "implementer": planned.gamma.slug,
        "kind": "normal",
        "risk": "medium",
        "planned_start": "2026-12-03T00:00",
        "planned_end": "2026-12-03T02:00",
        "components": [planned.gamma_db.slug],
        "description": "",
        "rollback_plan": "",
        "internal_notes": GAMMA_NOTES,
    }
    saved = page.post(edit, posted)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert [e for e, _ in told(world.users["party_member"])] == ["scheduled", "moved"]


def test_the_import_moves_each_change_once(world: Any, planned: Any) -> None:
    header = "reference,title,planned_start,planned_end,components\n"
    rows = [
        "T-1,Drain pool 1,2026-12-09T21:00:00Z,2026-12-09T22:00:00Z,alpha-k8s",
        "T-2,Drain pool 2,2026-12-10T21:00:00Z,2026-12-10T22:00:00Z,alpha-k8s",
    ]
    text = header + "\n".join(rows) + "\n"
    first = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read_changes_csv(text, tz=None),
        submit=True,
    )
    assert first.written, first.problems
    from podium.apps.changes.models import Change

    for change in Change.objects.filter(external_reference__in=["T-1", "T-2"]):
        schedule(world, change)
    Notification.objects.all().delete()
    moved = text.replace("T21:00:00Z,", "T20:00:00Z,")
    summary = imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read_changes_csv(moved, tz=None)
    )
    assert summary.counts()["updated"] == 2, summary.problems
    titles = sorted(t for _, t in told(planned.gamma_member))
    assert [t.split(" ", 1)[1] for t in titles] == [
        "moved: Drain pool 1",
        "moved: Drain pool 2",
    ]
    assert len(told(world.users["integrator_admin"])) == 2
    again = imports.import_changes(
        acting_user=None, implementer=world.supplier_a, read=read_changes_csv(moved, tz=None)
    )
    assert again.counts()["skipped"] == 2
    assert len(told(planned.gamma_member)) == 2
    # a refused row (the title of a scheduled change) writes nothing and tells nobody
    refused = imports.import_changes(
        acting_user=None,
        implementer=world.supplier_a,
        read=read_changes_csv(
            moved.replace("Drain pool 1", "Drain pool one").replace("T20:00", "T19:00"), tz=None
        ),
    )
    assert not refused.written
    assert len(told(planned.gamma_member)) == 2


def test_nobody_reads_another_partys_notes_in_what_they_are_told(world: Any, planned: Any) -> None:
    notifications.create_webhook(
        acting_user=None,
        party=planned.gamma,
        callback="https://kappa.example/hooks",
        event_types=[],
        now=NIGHT,
    )
    for user in everyone(world, planned).values():
        user.email = f"{user.username}@example.test"
        user.save(update_fields=["email"])
    for change in (planned.change_a, planned.change_gamma):
        schedule(world, change)
        changes.update_change(acting_user=None, change=change, planned_end=NIGHT + 5 * HOUR)
        changes.move_change(acting_user=None, change=change, status="in_progress")
        changes.move_change(acting_user=None, change=change, status="failed")
    assert Notification.objects.count() >= 12
    written = [
        *(f"{n.title} {n.detail}" for n in Notification.objects.all()),
        *(f"{m.subject} {m.text}" for m in NotificationMail.objects.all()),
        *(d.body for d in Delivery.objects.filter(kind="cloudevent")),
    ]
    assert Delivery.objects.filter(kind="cloudevent").count() == 3  # Kappa's hook, of Alpha's
    for text in written:
        assert ALPHA_NOTES not in text
        assert GAMMA_NOTES not in text
    event = json.loads(Delivery.objects.filter(kind="cloudevent").first().body)  # type: ignore[union-attr]
    assert "internal_notes" not in event["data"]


def test_the_preferences_choose_the_mail_of_change_events(world: Any, planned: Any) -> None:
    member = planned.gamma_member
    member.email = "kappa@example.test"
    member.save(update_fields=["email"])
    api = signed_in(member)
    got = api.get("/api/v1/operations/notification-preferences").json()
    assert (got["change_scheduled"], got["change_moved"], got["change_failed"]) == (
        "digest",
        "digest",
        "immediately",
    )
    put = api.put(
        "/api/v1/operations/notification-preferences",
        {"change_scheduled": "immediately", "change_failed": "off"},
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    schedule(world, planned.change_a)
    (mail,) = NotificationMail.objects.filter(user=member)
    assert "scheduled" in mail.subject
    changes.move_change(acting_user=None, change=planned.change_a, status="in_progress")
    changes.move_change(acting_user=None, change=planned.change_a, status="failed")
    assert NotificationMail.objects.filter(user=member).count() == 1
    assert Notification.objects.filter(user=member, event_type=kinds.CHANGE_FAILED).exists()

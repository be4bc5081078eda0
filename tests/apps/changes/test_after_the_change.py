"""After the change: incidents opened on what it touched or affects during its window or
shortly after are linked to it (named only to whoever may open their ticket), and a failed or
rolled-back change asks for a retrospective, which the change advisory board sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.support.changes import NIGHT, advisory_board, build_changes, signed_in

from podium.apps.changes.selectors import changes as selectors
from podium.apps.changes.services import approvals, changes
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db


def _ticket(world: Any, reference: str, opened_at: dt.datetime, holder: Any) -> Any:
    from podium.apps.operations.services.tickets import (
        HistoricalEvent,
        HistoricalTicket,
    )

    return HistoricalTicket(
        reference=reference,
        title="Web shop checkout errors",
        service_id=world.service_a.pk,
        component_id=None,
        priority="P2",
        status="inProgress",
        opened_at=opened_at,
        resolved_at=None,
        closed_at=None,
        events=(HistoricalEvent(opened_at, "inProgress", "", holder.pk, "Ops", "eng"),),
    )


@pytest.fixture
def failed(world: Any) -> Any:
    """Supplier A's cluster patch ran on the night of 2 December and failed; four tickets on
    the web shop (which needs the cluster) around it."""
    from podium.apps.operations.services.tickets import import_ticket_history

    planned = build_changes(world)
    change = planned.change_a
    approvals.decide_change(
        acting_user=world.users["integrator_admin"], change=change, decision="approved"
    )
    for status in ("scheduled", "in_progress", "failed"):
        change = changes.move_change(acting_user=None, change=change, status=status)
    hour = dt.timedelta(hours=1)
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            _ticket(world, "INC-BEFORE", NIGHT - hour, world.supplier_a),
            _ticket(world, "INC-DURING", NIGHT + 3 * hour, world.supplier_a),
            _ticket(world, "INC-HIDDEN", NIGHT + 5 * hour, world.integrator),
            _ticket(world, "INC-LATE", NIGHT + 29 * hour, world.supplier_a),  # window + 25 h
        ],
    )
    return change


def test_incidents_during_and_shortly_after_are_linked(world: Any, failed: Any) -> None:
    assert selectors.incident_references(failed) == ["INC-DURING", "INC-HIDDEN"]
    member = selectors.linked_incidents(world.users["party_member"], failed)
    assert [t.reference for t in member.tickets] == ["INC-DURING"]
    assert member.hidden == 1  # held by the integrator only: not supplier A's to open
    staff = selectors.linked_incidents(world.users["integrator_admin"], failed)
    assert ([t.reference for t in staff.tickets], staff.hidden) == (["INC-DURING", "INC-HIDDEN"], 0)


def test_a_change_that_never_started_links_nothing(world: Any) -> None:
    planned = build_changes(world)
    assert selectors.incident_references(planned.change_a) == []


def test_the_page_and_the_api_name_only_the_tickets_the_viewer_may_open(
    world: Any, failed: Any
) -> None:
    client = signed_in(world.users["party_member"])
    page = client.get(reverse("changes:change_detail", args=[failed.reference])).content.decode()
    assert "INC-DURING" in page
    assert "INC-HIDDEN" not in page
    assert "1 more on tickets you may not open" in page
    assert "INC-LATE" not in page
    assert "Ask for a retrospective" in page
    answer = client.get(f"/api/v1/changes/changes/{failed.reference}").json()
    assert answer["incidents"] == ["INC-DURING"]
    assert answer["retrospective_asked_at"] is None


def test_a_failed_change_asks_for_a_retrospective_once(world: Any, failed: Any) -> None:
    from podium.apps.governance.selectors.forums import agenda_for

    client = signed_in(world.users["party_member"])
    url = reverse("changes:change_retrospective", args=[failed.reference])
    assert client.post(url, {"reason": "  "}).status_code == 302
    failed.refresh_from_db()
    assert failed.retrospective_asked_at is None  # no reason, no request
    client.post(url, {"reason": "Why the rollback left the web shop down"})
    failed.refresh_from_db()
    assert failed.retrospective_reason == "Why the rollback left the web shop down"
    entry = AuditEvent.objects.get(action="changes.change.retrospective_asked")
    assert entry.after["status"] == "failed"
    with pytest.raises(ValidationError, match="asked for a retrospective already"):
        changes.ask_for_retrospective(acting_user=None, change=failed, reason="again")

    board = advisory_board()
    today = failed.retrospective_asked_at.date()
    section = next(
        s
        for s in agenda_for(board, today=today).sections
        if s.title == "Retrospectives asked for by changes"
    )
    assert [i.text for i in section.items] == [
        f"{failed.reference} Patch the Alpha cluster — Alpha Cloud, failed: "
        "Why the rollback left the web shop down (2 incidents after it)"
    ]


def test_only_a_failed_or_rolled_back_change_asks(world: Any) -> None:
    planned = build_changes(world)
    with pytest.raises(ValidationError, match="A submitted change does not ask"):
        changes.ask_for_retrospective(acting_user=None, change=planned.change_a, reason="why")

"""What the sweep of due deadlines fired: the list of escalations on tickets the viewer may see
(filters, CSV), an adapter over the scoped selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from podium.apps.governance.selectors import escalation as ladders
from podium.apps.operations import selectors
from podium.apps.operations.filters import EscalationFilterSet
from podium.apps.operations.models import Ticket
from podium.apps.operations.services import escalations
from podium.apps.operations.tables import EscalationTable
from podium.platform.lists import render_list


@require_GET
@login_required
def escalation_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.escalations_visible_to(request.user),
        filterset_class=EscalationFilterSet,
        table_class=EscalationTable,
        title="Escalations",
        export_name="escalations",
        template="operations/escalation_list.html",
    )


@dataclass(frozen=True, slots=True)
class NextEscalation:
    """The ticket page's "next escalation": what fires and when (overdue: owed, not yet swept)."""

    label: str
    due_at: dt.datetime
    overdue: bool


def next_escalation(
    ticket: Ticket, *, may_read_ladder: bool, now: dt.datetime
) -> NextEscalation | None:
    """What the sweep fires next on `ticket`; a step names whom it reaches only to a viewer
    who may read the ladder."""
    firing = escalations.upcoming(ticket, now=now)
    if firing is None:
        return None
    if firing.step is None:
        share = round(escalations.warning_share() * 100)
        label = f"Warning ({share} % of the target)" if firing.kind == "warning" else "Breach"
    elif may_read_ladder:
        step = firing.step
        label = (
            f"Step {step.position} ({step.level}): {ladders.role_label(step.contact_role)} "
            f"at {step.party} by {step.channel}"
        )
    else:
        label = f"Step {firing.step.position}"
    return NextEscalation(label, firing.due_at, firing.due_at <= now)

"""Major incidents: declared from a ticket by the integrator's staff, which brings the parties
of its bridge together (kept on the incident: `selectors.major_incidents.bridge_reasons`);
status updates on its timeline from the integrator or a party on the bridge; closed with a
review and the follow-up agreed (the retrospective asked for, and by when — Trust ›
Retrospectives records it when it is held). Every write is audited; a closed incident takes no
more updates.

The bridge hears of it: the declaration, each update on the timeline and the close are told
once each to the users of every party on the bridge (the update's author aside) — inbox, and
e-mail by their preference — and as a CloudEvent to the webhooks of those parties and the
integrator's (`org.podium.major_incident.declared`, `.update`, `.closed`), in the
transaction that writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import IncidentPhase, MajorIncidentStatus
from podium.apps.operations.models import MajorIncident, MajorIncidentUpdate, Ticket
from podium.apps.operations.rules import POST_INCIDENT_UPDATES, RUN_MAJOR_INCIDENTS
from podium.apps.operations.selectors.major_incidents import bridge_reasons
from podium.apps.operations.services import notifications as notices
from podium.core import notifications
from podium.platform import audit
from podium.platform.access import Actor, party_of, require, visible_party_ids


def _user_id(acting_user: Actor | None) -> int | None:
    return (
        getattr(acting_user, "pk", None)
        if getattr(acting_user, "is_authenticated", False)
        else None
    )


def declare_major_incident(
    *, acting_user: Actor | None, ticket: Ticket, title: str, now: dt.datetime
) -> MajorIncident:
    """Declare `ticket` a major incident; its bridge is the parties `bridge_reasons` names now."""
    require(acting_user, RUN_MAJOR_INCIDENTS)
    if not title.strip():
        raise ValidationError({"title": "Give the major incident a title."})
    if not ticket.is_open:
        raise ValidationError(
            {
                "ticket": f"{ticket.reference} is {ticket.status}: only an open ticket becomes a major incident."
            }
        )
    with transaction.atomic():
        if MajorIncident.objects.filter(ticket=ticket).exists():
            raise ValidationError({"ticket": f"{ticket.reference} is a major incident already."})
        incident = MajorIncident(
            ticket=ticket,
            title=title.strip(),
            declared_at=now,
            declared_by_id=_user_id(acting_user),
        )
        incident.full_clean()
        incident.save()
        parties = sorted(bridge_reasons(ticket))
        incident.parties.set(parties)
        audit.record(
            acting_user=acting_user,
            action="operations.major_incident.declared",
            target=incident,
            after={"ticket": ticket.reference, "title": incident.title, "parties": parties},
        )
        _tell_bridge(
            incident,
            notifications.MAJOR_INCIDENT_DECLARED,
            key=f"major-incident-{incident.pk}-declared",
            title=f"Major incident declared: {incident.title}",
            detail=f"{ticket.reference} · {ticket.priority} · {ticket.title}",
            data={},
            now=now,
            author_id=None,
        )
    return incident


def post_incident_update(
    *,
    acting_user: Actor | None,
    incident: MajorIncident,
    phase: str,
    text: str,
    now: dt.datetime,
) -> MajorIncidentUpdate:
    """Add a status update to the timeline: the integrator's staff, or a user of a party on
    the bridge (for that party)."""
    require(acting_user, POST_INCIDENT_UPDATES)
    party_id = party_of(acting_user) if acting_user is not None else None
    if (
        acting_user is not None
        and visible_party_ids(acting_user) is not None
        and (party_id is None or not incident.parties.filter(pk=party_id).exists())
    ):
        raise PermissionDenied("Only the users of a party on the bridge post its status updates.")
    if incident.status != MajorIncidentStatus.OPEN:
        raise ValidationError({"text": "The major incident is closed: it takes no more updates."})
    if phase not in IncidentPhase.values:
        raise ValidationError({"phase": f"Choose one of {', '.join(IncidentPhase.values)}."})
    if not text.strip():
        raise ValidationError({"text": "Say what changed."})
    with transaction.atomic():
        update = MajorIncidentUpdate(
            incident=incident,
            written_at=now,
            author_id=_user_id(acting_user),
            party_id=party_id,
            phase=phase,
            text=text.strip(),
        )
        update.full_clean()
        update.save()
        audit.record(
            acting_user=acting_user,
            action="operations.major_incident.updated",
            target=incident,
            party_id=party_id,
            after={"phase": phase, "text": update.text},
        )
        _tell_bridge(
            incident,
            notifications.MAJOR_INCIDENT_UPDATE,
            key=f"major-incident-update-{update.pk}",
            title=f"{incident.title}: {update.get_phase_display().lower()}",
            detail=update.text,
            data={"phase": phase, "text": update.text},
            now=now,
            author_id=update.author_id,
            party_id=party_id,
        )
    return update


def close_major_incident(
    *,
    acting_user: Actor | None,
    incident: MajorIncident,
    review: str,
    follow_up: str,
    retrospective_due_on: dt.date | None,
    now: dt.datetime,
) -> MajorIncident:
    """Close the incident with its review (what happened and why) and the follow-up agreed:
    the retrospective asked for, with whom, by when."""
    require(acting_user, RUN_MAJOR_INCIDENTS)
    problems: dict[str, Any] = {}
    if not review.strip():
        problems["review"] = "Write the review: what happened, and why."
    if not follow_up.strip():
        problems["follow_up"] = "Say what follows: the retrospective asked for, with whom, by when."
    if retrospective_due_on is not None and retrospective_due_on < incident.declared_at.date():
        problems["retrospective_due_on"] = (
            "The retrospective falls after the incident was declared."
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        row = MajorIncident.objects.select_for_update().get(pk=incident.pk)
        if row.status == MajorIncidentStatus.CLOSED:
            raise ValidationError({"review": "The major incident is closed already."})
        before = audit.snapshot(row, ("status", "review", "follow_up", "retrospective_due_on"))
        row.status = MajorIncidentStatus.CLOSED
        row.closed_at = now
        row.review = review.strip()
        row.follow_up = follow_up.strip()
        row.retrospective_due_on = retrospective_due_on
        row.full_clean()
        row.save()
        audit.record(
            acting_user=acting_user,
            action="operations.major_incident.closed",
            target=row,
            before=before,
            after=audit.snapshot(row, ("status", "review", "follow_up", "retrospective_due_on")),
        )
        _tell_bridge(
            row,
            notifications.MAJOR_INCIDENT_CLOSED,
            key=f"major-incident-{row.pk}-closed",
            title=f"Major incident closed: {row.title}",
            detail=row.follow_up,
            data={
                "review": row.review,
                "follow_up": row.follow_up,
                "retrospective_due_on": (
                    row.retrospective_due_on.isoformat() if row.retrospective_due_on else None
                ),
            },
            now=now,
            author_id=None,
        )
    return row


# The incident page's path (`operations:major_incident_detail`; a test holds the two together).
INCIDENT_PATH = "/operations/major-incidents/{}/"


def _tell_bridge(
    incident: MajorIncident,
    event_type: str,
    *,
    key: str,
    title: str,
    detail: str,
    data: dict[str, Any],
    now: dt.datetime,
    author_id: int | None,
    party_id: int | None = None,
) -> None:
    """Tell the bridge's users (not the author) and webhooks of one event on the incident,
    once (by `key`); called inside the transaction that writes it. The users of a party on the
    bridge may open the incident's page (`major_incidents_visible_to`), not always its ticket:
    the link is the incident's."""
    parties = set(incident.parties.values_list("pk", flat=True))
    slugs = ecosystem.party_slugs()
    link = INCIDENT_PATH.format(incident.pk)
    notices.notify(
        users=[u for u in notices.users_of_parties(parties) if u != author_id],
        event_type=event_type,
        key=key,
        title=title,
        link=link,
        detail=detail,
        now=now,
    )
    notices.publish(
        incident.ticket,
        event_type,
        {
            "major_incident": incident.pk,
            "title": incident.title,
            "ticket": incident.ticket.reference,
            "status": incident.status,
            "bridge": sorted(slugs[p] for p in parties if p in slugs),
            "party": slugs.get(party_id) if party_id is not None else None,
            "incident_link": notices.public_url() + link,
            **data,
        },
        now=now,
        seeing=parties,
    )

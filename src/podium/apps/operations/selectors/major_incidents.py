"""Reads of major incidents. Whoever may see the ticket sees its major incident, and so do the
users of every party on its bridge (they are called to it, whether or not they held the
ticket). The bridge is read from the responsibility matrix on what the ticket affects, the
ladder version it keeps and who held it (`bridge_party_ids`, kept when the incident is
declared) and shown with each party's contacts and whether it works now (`bridge`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import escalation as ladders
from podium.apps.governance.selectors import raci as matrix
from podium.apps.operations.choices import MajorIncidentStatus
from podium.apps.operations.models import MajorIncident, MajorIncidentUpdate, Ticket, TicketHolder
from podium.apps.operations.selectors import tickets_of_parties
from podium.core import raci
from podium.platform.access import Actor, visible_party_ids


def major_incidents_visible_to(user: Actor) -> QuerySet[MajorIncident]:
    """Major incidents the user may see, open ones first, then the latest declared."""
    rows = MajorIncident.objects.select_related(
        "ticket", "ticket__service", "ticket__current_party", "declared_by"
    ).order_by("-status", "-declared_at", "-id")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    reachable = Q(ticket__in=tickets_of_parties(parties).values("pk")) | Q(
        pk__in=MajorIncident.parties.through.objects.filter(party__in=parties).values(
            "majorincident_id"
        )
    )
    return rows.filter(reachable)


def major_incident_of(user: Actor, ticket: Ticket) -> MajorIncident | None:
    """The ticket's major incident, if it has one the user may see (the ticket page)."""
    return major_incidents_visible_to(user).filter(ticket=ticket).first()


def incident_updates(incident: MajorIncident) -> QuerySet[MajorIncidentUpdate]:
    """The timeline, oldest first."""
    return incident.updates.select_related("author", "party").order_by("written_at", "id")


@dataclass(frozen=True)
class BridgeMember:
    """One party on a major incident's bridge: why it is there (RACI letters, ladder steps,
    held the ticket), its contacts and whether it works now by its calendar."""

    party: Any
    reasons: tuple[str, ...]
    contacts: tuple[Any, ...]
    hours: ecosystem.Hours


def bridge_reasons(ticket: Ticket) -> dict[int, list[str]]:
    """Why each party belongs on the ticket's bridge, by party id: its letters for incident
    resolution on the ticket's service and component, the steps of the ladder version the
    ticket keeps that reach it, and having held the ticket. Unscoped: the bridge is the
    incident's, and who may read it is decided with the incident."""
    reasons: dict[int, list[str]] = {}
    wanted = {(raci.SERVICE, ticket.service_id), (raci.COMPONENT, ticket.component_id)}
    for letter in matrix.all_letters():
        if letter.obj in wanted and letter.activity_code == raci.INCIDENT_RESOLUTION:
            on = "service" if letter.obj[0] == raci.SERVICE else "component"
            reasons.setdefault(letter.party_id, []).append(f"{letter.role} on the {on}")
    if ticket.escalation_ladder_id is not None:
        snapshot = ladders.snapshots_of({ticket.escalation_ladder_id}).get(
            ticket.escalation_ladder_id
        )
        slugs = {slug: pk for pk, slug in ecosystem.party_slugs().items()}
        for step in snapshot.steps if snapshot else ():
            party_id = slugs.get(step.party)
            if party_id is not None:
                reasons.setdefault(party_id, []).append(
                    f"ladder step {step.position} ({ladders.role_label(step.contact_role).lower()})"
                )
    for party_id in TicketHolder.objects.filter(ticket=ticket).values_list("party_id", flat=True):
        reasons.setdefault(party_id, []).append("held the ticket")
    return reasons


def bridge(incident: MajorIncident, now: dt.datetime) -> list[BridgeMember]:
    """The parties on the bridge with their contacts and hours at `now`, by name (three
    queries and the matrix)."""
    reasons = bridge_reasons(incident.ticket)
    kept = set(incident.parties.values_list("pk", flat=True))
    parties = ecosystem.parties_with_contacts(kept)
    members = [
        BridgeMember(
            party,
            tuple(reasons.get(pk, ["on the bridge when it was declared"])),
            tuple(party.contacts.all()),
            ecosystem.hours_at(party, now),
        )
        for pk, party in parties.items()
    ]
    return sorted(members, key=lambda m: m.party.name)


def open_incident_count(user: Actor) -> int:
    return major_incidents_visible_to(user).filter(status=MajorIncidentStatus.OPEN).count()

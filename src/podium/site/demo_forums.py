"""Loading the demo's ladders, forums, meetings, decisions, actions and agreement through the
governance services. Every service used is idempotent (or checked before it is called), so a
second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from podium.apps.accounts.models import User
from podium.apps.ecosystem.models import Party
from podium.apps.governance.models import CollaborationAgreement, EscalationLadder
from podium.apps.governance.services import agreements, escalation, forums
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.governance_forums import GovernanceForumsSpec, build_governance_forums
from podium.platform.access import Actor


def load_forums(spec: EcosystemSpec, *, acting_user: Actor | None = None) -> GovernanceForumsSpec:
    governance = build_governance_forums(spec)
    with transaction.atomic():
        parties = {p.slug: p for p in Party.objects.all()}
        _load_ladders(governance, parties, acting_user)
        _load_forums(governance, parties, acting_user)
        _load_agreements(governance, parties, acting_user)
    return governance


def _load_ladders(
    governance: GovernanceForumsSpec, parties: dict[str, Party], acting_user: Actor | None
) -> None:
    for ladder in governance.ladders:
        existing = EscalationLadder.objects.filter(key=ladder.key).count()
        for steps, note in list(zip(ladder.versions, ladder.notes, strict=True))[existing:]:
            escalation.publish_ladder_version(
                acting_user=acting_user,
                key=ladder.key,
                name=ladder.name,
                party=parties[ladder.party].slug,
                change_note=note,
                steps=[
                    escalation.StepInput(
                        level=s.level,
                        wait_minutes=s.wait_minutes,
                        wait_kind=s.wait_kind,
                        party=parties[s.party].slug,
                        contact_role=s.contact_role,
                        channel=s.channel,
                    )
                    for s in steps
                ],
            )


def _load_forums(
    governance: GovernanceForumsSpec, parties: dict[str, Party], acting_user: Actor | None
) -> None:
    for f in governance.forums:
        forum = forums.ensure_forum(
            acting_user=acting_user,
            slug=f.slug,
            name=f.name,
            kind=f.kind,
            charter=f.charter,
            cadence=f.cadence,
            first_meeting_at=f.first_meeting_at,
            duration_minutes=f.duration_minutes,
        )
        for party, role in f.members:
            forums.set_membership(
                acting_user=acting_user, forum=forum, party=parties[party], role=role
            )
        meetings = [
            forums.schedule_meeting(
                acting_user=acting_user,
                forum=forum,
                starts_at=m.starts_at,
                minutes=m.minutes,
                status="held" if m.held else "planned",
            )
            for m in f.meetings
        ]
        for number, (title, status, on) in enumerate(f.decisions, start=1):
            forums.record_decision(
                acting_user=acting_user,
                forum=forum,
                meeting=meetings[min(number, len(meetings)) - 1] if meetings else None,
                reference=f"D-{f.slug.upper()[:12]}-{number:03d}",
                title=title,
                status=status,
                due_on=on if status == "proposed" else None,
                decided_on=on if status == "decided" else None,
            )
        for title, owner, due_on, status in f.actions:
            forums.add_action(
                acting_user=acting_user,
                forum=forum,
                meeting=meetings[-1] if meetings else None,
                title=title,
                owner_party=parties[owner],
                due_on=due_on,
                status=status,
            )


def _load_agreements(
    governance: GovernanceForumsSpec, parties: dict[str, Party], acting_user: Actor | None
) -> None:
    existing = CollaborationAgreement.objects.count()
    for a in governance.agreements[existing:]:
        agreements.publish_agreement(
            acting_user=acting_user, title=a.title, text=a.text, effective_from=a.effective_from
        )
    for a, version in zip(
        governance.agreements, CollaborationAgreement.objects.order_by("version"), strict=False
    ):
        for slug in a.acknowledged_by:
            manager = User.objects.filter(role="party_manager", party=parties[slug]).first()
            if manager is not None:
                at = max(
                    version.created_at,
                    dt.datetime.combine(a.effective_from, dt.time(9), tzinfo=dt.UTC),
                )
                agreements.acknowledge_agreement(acting_user=manager, agreement=version, at=at)

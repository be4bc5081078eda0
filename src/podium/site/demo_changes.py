"""Loading the demo's change calendar through the changes services: the planned changes of
`podium.core.synthetic.changes.plan_changes` (two parties on dependent components in one night,
one change in the month-end freeze), the month-end blackout and two parties' maintenance
windows, and the change advisory board (a governance forum) whose next meeting has the changes
awaiting approval on its agenda. A change already planned (same implementer and title) is not
planned again, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from podium.apps.changes.choices import CAB_FORUM_SLUG
from podium.apps.changes.models import Change
from podium.apps.changes.services import changes, windows
from podium.apps.ecosystem.models import Component, Party, Service
from podium.apps.governance.services import forums
from podium.core.synthetic import EcosystemSpec
from podium.core.synthetic.changes import ChangePlan, plan_changes
from podium.platform.access import Actor


def load_changes(spec: EcosystemSpec, *, acting_user: Actor | None = None) -> ChangePlan:
    """The calendar for the weeks after the history ends (``spec.end``, the demo's today)."""
    plan = plan_changes(spec, today=spec.end.date())
    with transaction.atomic():
        parties = {p.slug: p for p in Party.objects.all()}
        components = {c.slug: c for c in Component.objects.all()}
        services = {s.slug: s for s in Service.objects.all()}
        for blackout in plan.blackouts:
            windows.ensure_blackout(
                acting_user=acting_user,
                name=blackout.name,
                starts_at=blackout.start,
                ends_at=blackout.end,
                services=[services[s] for s in blackout.services if s in services],
                reason=blackout.reason,
            )
        for slot in plan.maintenance:
            if slot.party in parties:
                windows.ensure_maintenance_window(
                    acting_user=acting_user,
                    party=parties[slot.party],
                    weekday=slot.weekday,
                    starts=slot.starts,
                    ends=slot.ends,
                    time_zone=slot.time_zone,
                )
        for planned in plan.changes:
            party = parties.get(planned.implementer)
            if (
                party is None
                or Change.objects.filter(implementer=party, title=planned.title).exists()
            ):
                continue
            changes.create_change(
                acting_user=acting_user,
                implementer=party,
                title=planned.title,
                planned_start=planned.start,
                planned_end=planned.end,
                components=[components[c] for c in planned.components],
                kind=planned.kind,
                risk=planned.risk,
                description=planned.description,
                rollback_plan=planned.rollback_plan,
                internal_notes=planned.internal_notes,
                submit=planned.submit,
            )
        _load_advisory_board(spec, parties, plan, acting_user)
    return plan


def _load_advisory_board(
    spec: EcosystemSpec, parties: dict[str, Party], plan: ChangePlan, acting_user: Actor | None
) -> None:
    """The change advisory board meets on Tuesday mornings; the integrator chairs it and every
    party planning a change sits in it. Its next meeting is prepared from the live calendar."""
    integrator = next((p for p in spec.parties if p.kind == "integrator"), None)
    board = forums.ensure_forum(
        acting_user=acting_user,
        slug=CAB_FORUM_SLUG,
        name="Change advisory board",
        kind="process_forum",
        charter="Weekly review of the changes awaiting approval, with their conflicts.",
        cadence="FREQ=WEEKLY;BYDAY=TU",
        first_meeting_at=dt.datetime.combine(
            spec.end.date() - dt.timedelta(days=spec.end.weekday() + 6), dt.time(9), dt.UTC
        ),
        duration_minutes=60,
    )
    members = [integrator.slug] if integrator else []
    members += sorted({c.implementer for c in plan.changes} - set(members))
    for number, slug in enumerate(members):
        if slug in parties:
            forums.set_membership(
                acting_user=acting_user,
                forum=board,
                party=parties[slug],
                role="chair" if number == 0 and integrator else "member",
            )
    forums.prepare_meeting(acting_user=acting_user, forum=board, now=spec.end)

"""The database as a governance document: what `podium governance export` writes.

An operator command, so it reads every row (no party scope). Ladders appear as their current
version; a forum's members with their roles (the people seated for a party are not part of the
document: they are users, managed where users are).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contract,
    Dependency,
    Party,
    Service,
    ServiceComponent,
)
from podium.apps.governance.models import (
    Activity,
    EscalationLadder,
    Forum,
    ResponsibilityAssignment,
)
from podium.core import governance_code as gc
from podium.core.governance_code.schema import WEEKDAYS

CENTS = Decimal("0.01")
THOUSANDTHS = Decimal("0.001")


def _hours(stored: Any) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    stored = stored or {}
    return tuple(
        (day, tuple((str(start), str(end)) for start, end in stored[day]))
        for day in WEEKDAYS
        if stored.get(day)
    )


def _closures(stored: Any) -> tuple[dt.date, ...]:
    days = {d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in stored or ()}
    return tuple(sorted(days))


def _calendars() -> tuple[gc.Calendar, ...]:
    return tuple(
        gc.Calendar(
            key=c.slug,
            name=c.name,
            time_zone=c.time_zone,
            country=c.country,
            subdivision=c.subdivision,
            weekly_hours=_hours(c.weekly_hours),
            closures=_closures(c.closures),
            always_open=c.always_open,
        )
        for c in BusinessCalendar.objects.order_by("slug")
    )


def _parties() -> tuple[gc.Party, ...]:
    rows = Party.objects.select_related("calendar").prefetch_related("contacts").order_by("slug")
    return tuple(
        gc.Party(
            key=p.slug,
            name=p.name,
            kind=p.kind,
            code=p.code,
            colour=p.colour,
            segment=p.segment,
            risk_tier=p.risk_tier,
            time_zone=p.time_zone,
            calendar=p.calendar.slug if p.calendar else None,
            description=p.description,
            contacts=tuple(
                sorted(
                    (
                        gc.Contact(c.name, c.role, c.email, c.phone, c.time_zone)
                        for c in p.contacts.all()
                    ),
                    key=lambda c: c.key,
                )
            ),
        )
        for p in rows
    )


def _components() -> tuple[gc.Component, ...]:
    depends: dict[int, list[str]] = defaultdict(list)
    for source, target in Dependency.objects.values_list("source_id", "target__slug"):
        depends[source].append(target)
    return tuple(
        gc.Component(
            key=c.slug,
            name=c.name,
            kind=c.kind,
            run_by=c.run_by.slug,
            description=c.description,
            depends_on=tuple(sorted(depends[c.pk])),
        )
        for c in Component.objects.select_related("run_by").order_by("slug")
    )


def _services() -> tuple[gc.Service, ...]:
    needs: dict[int, list[str]] = defaultdict(list)
    for service, component in ServiceComponent.objects.values_list("service_id", "component__slug"):
        needs[service].append(component)
    return tuple(
        gc.Service(
            key=s.slug,
            name=s.name,
            criticality=s.criticality,
            owner=s.owner,
            description=s.description,
            components=tuple(sorted(needs[s.pk])),
        )
        for s in Service.objects.order_by("slug")
    )


def _contracts() -> tuple[gc.Contract, ...]:
    rows = (
        Contract.objects.select_related("party")
        .prefetch_related("services", "components", "targets__calendar")
        .order_by("reference")
    )
    return tuple(
        gc.Contract(
            key=c.reference,
            party=c.party.slug,
            title=c.title,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            scope=c.scope,
            notice_period_days=c.notice_period_days,
            annual_value=Decimal(c.annual_value).quantize(CENTS),
            currency=c.currency,
            services=tuple(sorted(s.slug for s in c.services.all())),
            components=tuple(sorted(x.slug for x in c.components.all())),
            targets=tuple(
                gc.Target(
                    priority=t.priority,
                    response_minutes=t.response_minutes,
                    resolution_minutes=t.resolution_minutes,
                    availability_percent=None
                    if t.availability_percent is None
                    else Decimal(t.availability_percent).quantize(THOUSANDTHS),
                    service_credit_percent=Decimal(t.service_credit_percent).quantize(CENTS),
                    calendar=t.calendar.slug if t.calendar else None,
                )
                for t in sorted(c.targets.all(), key=lambda t: t.priority)
            ),
        )
        for c in rows
    )


def _activities() -> tuple[gc.Activity, ...]:
    return tuple(
        gc.Activity(a.code, a.name, a.description, a.position)
        for a in Activity.objects.order_by("code")
    )


def _raci() -> tuple[gc.RaciCell, ...]:
    cells: dict[tuple[str, str, str], list[gc.Letter]] = defaultdict(list)
    rows = ResponsibilityAssignment.objects.values_list(
        "service__slug", "component__slug", "activity__code", "party__slug", "role", "note"
    )
    for service, component, activity, party, role, note in rows:
        where = (gc.SERVICE, service) if service else (gc.COMPONENT, component)
        cells[(*where, activity)].append(gc.Letter(role, party, note))
    built = (
        gc.RaciCell(kind, key, activity, tuple(sorted(letters, key=lambda x: x.key)))
        for (kind, key, activity), letters in cells.items()
    )
    return tuple(sorted(built, key=lambda c: c.key))


def _ladders() -> tuple[gc.Ladder, ...]:
    rows = (
        EscalationLadder.objects.filter(is_current=True)
        .select_related("party", "service")
        .prefetch_related("steps__party")
        .order_by("key")
    )
    return tuple(
        gc.Ladder(
            key=ladder.key,
            name=ladder.name,
            party=ladder.party.slug if ladder.party else None,
            service=ladder.service.slug if ladder.service else None,
            steps=tuple(
                gc.LadderStep(
                    level=s.level,
                    wait_minutes=s.wait_minutes,
                    party=s.party.slug,
                    contact_role=s.contact_role,
                    channel=s.channel,
                    wait_kind=s.wait_kind,
                )
                for s in sorted(ladder.steps.all(), key=lambda s: s.position)
            ),
        )
        for ladder in rows
    )


def _forums() -> tuple[gc.Forum, ...]:
    rows = Forum.objects.prefetch_related("memberships__party").order_by("slug")
    return tuple(
        gc.Forum(
            key=f.slug,
            name=f.name,
            kind=f.kind,
            charter=f.charter,
            cadence=f.cadence,
            first_meeting_at=f.first_meeting_at.astimezone(dt.UTC) if f.first_meeting_at else None,
            duration_minutes=f.duration_minutes,
            time_zone=f.time_zone,
            members=tuple(
                sorted(
                    (gc.Member(m.party.slug, m.role) for m in f.memberships.all()),
                    key=lambda m: m.key,
                )
            ),
        )
        for f in rows
    )


def export_document() -> gc.GovernanceDocument:
    """Every governed row as one document, sorted by key in every section."""
    return gc.GovernanceDocument(
        calendars=_calendars(),
        parties=_parties(),
        components=_components(),
        services=_services(),
        contracts=_contracts(),
        activities=_activities(),
        raci=_raci(),
        ladders=_ladders(),
        forums=_forums(),
    )

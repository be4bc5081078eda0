"""Watermelon alerts as a viewer may read them: per business service the viewer may see, the
tickets breached end to end in a rolling window while every party met its own target
(`podium.core.watermelons`), naming only the tickets the viewer may see. The cockpit reads
`watermelon_alerts` too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.models import Ticket
from podium.apps.operations.selectors import ticket_clock_groups, tickets_visible_to
from podium.apps.operations.selectors.arbitration import TACTICAL
from podium.core import raci, watermelons
from podium.core.forums import AgendaItem, AgendaSection
from podium.platform.access import Actor

WINDOWS = (7, 30, 90)
"""The rolling windows the page offers, in days."""
DEFAULT_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class ServiceWatermelons:
    """One service's alert: the engine's figures, and its tickets the viewer may open."""

    service: Any
    alert: watermelons.WatermelonAlert
    tickets: tuple[Ticket, ...]

    @property
    def hidden(self) -> int:
        """Watermelon tickets of the service the viewer may not open (counted, not named)."""
        return self.alert.count - len(self.tickets)


def watermelon_alerts(
    viewer: Actor, now: dt.datetime, window: dt.timedelta = DEFAULT_WINDOW
) -> list[ServiceWatermelons]:
    """The services the viewer may see with watermelon tickets breached in [now - window,
    now), most first, then by service name. Tickets count when they have an event in the window (every ticket
    resolved in it does)."""
    services = {s.pk: s for s in ecosystem.services_visible_to(viewer)}
    alerts = service_alerts(services, now, window)
    named = {t.reference: t for t in tickets_visible_to(viewer).filter(
        reference__in=[r for a in alerts for r in a.tickets]
    )}  # fmt: skip
    rows = [
        ServiceWatermelons(
            services[int(a.service)],
            a,
            tuple(named[r] for r in a.tickets if r in named),
        )
        for a in alerts
    ]
    return sorted(rows, key=lambda row: (-row.alert.count, row.service.name))


def service_watermelons(
    viewer: Actor, service: Any, now: dt.datetime, window: dt.timedelta = DEFAULT_WINDOW
) -> ServiceWatermelons:
    """One service's verdict over [now - window, now) for its page — the service being one the
    viewer may see (the page found it among them): the same figures as the watermelon page's
    row for it, naming only the tickets the viewer may open, the others counted."""
    groups = ticket_clock_groups(service_id=service.pk, start=now - window, end=now)
    alert = watermelons.service_watermelons(groups, str(service.pk), now=now, window=window)
    named = {t.reference: t for t in tickets_visible_to(viewer).filter(
        reference__in=alert.tickets
    )} if alert.tickets else {}  # fmt: skip
    return ServiceWatermelons(service, alert, tuple(named[r] for r in alert.tickets if r in named))


def service_alerts(
    services: dict[int, Any], now: dt.datetime, window: dt.timedelta
) -> tuple[watermelons.WatermelonAlert, ...]:
    """The engine's alerts over the tickets of these services (by id)."""
    groups = ticket_clock_groups(service_id=None, start=now - window, end=now)
    cases = {str(c) for g in groups for c in g.log.frame["case_id"].unique()}
    service_of = {
        reference: str(service_id)
        for reference, service_id in Ticket.objects.filter(
            reference__in=cases, service_id__in=list(services)
        ).values_list("reference", "service_id")
    }
    return watermelons.watermelon_alerts(groups, service_of, now=now, window=window)


def stored_service_alerts(
    services: dict[int, Any], now: dt.datetime, window: dt.timedelta
) -> tuple[watermelons.WatermelonAlert, ...]:
    """The alerts of `service_alerts` from the clock verdicts the live path keeps on each
    ticket (`core.watermelons.alerts_from_verdicts`): one query of the window's tickets whose
    clock breached or still runs, their segments left in the database."""
    from django.db.models import Q

    from podium.apps.operations.models import TicketEvent

    in_window = TicketEvent.objects.filter(occurred_at__gte=now - window, occurred_at__lt=now)
    rows = (
        Ticket.objects.filter(service_id__in=list(services), pk__in=in_window.values("ticket_id"))
        .filter(~Q(clock_state__breached_at=None) | Q(clock_state__state="running"))
        .values_list(
            "reference",
            "service_id",
            "clock_state__state",
            "clock_state__due_at",
            "clock_state__breached_at",
            "clock_state__parties",
        )
    )
    verdicts = (
        (reference, str(service), {"state": state, "due_at": due, "breached_at": at,
                                   "parties": parties})
        for reference, service, state, due, at, parties in rows
    )  # fmt: skip
    return watermelons.alerts_from_verdicts(verdicts, now=now, window=window)


def watermelon_section(forum: Any, today: dt.date) -> AgendaSection:
    """The agenda section of a tactical board's meeting: the services with watermelons in the
    30 days before the meeting's day, each about its service."""
    if forum.kind != TACTICAL:
        return AgendaSection("Watermelons", note="On the agenda of the tactical board.")
    now = dt.datetime.combine(today, dt.time(), dt.UTC)
    services = {s.pk: s for s in ecosystem.services_among(ecosystem.service_ids())}
    items = [
        AgendaItem(
            "watermelon",
            f"{services[int(a.service)].name}: {a.count} of {a.breached} tickets breached end to "
            f"end in {DEFAULT_WINDOW.days} days met every party's own target",
            ref=services[int(a.service)].slug,
            about_object=(raci.SERVICE, int(a.service)),
        )
        for a in sorted(
            service_alerts(services, now, DEFAULT_WINDOW),
            key=lambda a: (-a.count, services[int(a.service)].name),
        )
    ]
    return AgendaSection("Watermelons", tuple(items))

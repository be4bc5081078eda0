"""The integrator's cockpit: the whole ecosystem on one page, every figure read through the
other contexts' selectors (scoped to the reader) and computed by `podium.core.cockpit`.

One read of the period's ticket history feeds the health of every service, its trend and the
ping-pong pairs: the engine runs once per clock group, then each service and bucket is a
filter over its result. Everything else is a bounded query per section, so the number of
queries does not grow with the rows (pinned by tests/site/test_query_counts.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse

from podium.apps.changes.selectors import changes as change_selectors
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.selectors import objectives
from podium.apps.governance.selectors import forums
from podium.apps.operations import selectors as operations
from podium.apps.operations.choices import OPEN_STATUSES, EscalationKind
from podium.apps.operations.selectors import watermelons as watermelon_selectors
from podium.apps.trust.selectors import surveys
from podium.core import changes as change_rules
from podium.core import cockpit
from podium.core.collaboration import ping_pong
from podium.core.eventlog import EventLog
from podium.core.goals import Window
from podium.core.reports import ReportTable
from podium.core.reports import cockpit as tables
from podium.core.watermelons import WatermelonAlert
from podium.platform.access import Actor

SHOWN = 8
"""Rows a section lists; its CSV and its own page hold the rest."""
ATTENTION_SHOWN = 12
DECISIONS_AHEAD_DAYS = 14
"""A proposed decision due within two weeks is "due"."""


@dataclass(frozen=True)
class Filters:
    """What the URL narrows the cockpit to: the period, one service, one party."""

    period: cockpit.Period
    service: Any = None
    party: Any = None

    def query(self, **more: str) -> str:
        """The filters as a query string (for links that keep them), with `more` added."""
        from urllib.parse import urlencode

        values = {"period": self.period.key}
        if self.service is not None:
            values["service"] = self.service.slug
        if self.party is not None:
            values["party"] = self.party.slug
        return urlencode({**values, **more})


@dataclass(frozen=True)
class AttentionItem:
    """One thing to look at, its weight (`podium.core.cockpit`'s impact functions) and where
    it leads."""

    kind: str
    text: str
    url: str
    impact: float
    tone: str = "orange"
    label: str = ""
    party: Any = None
    day: dt.date | None = None
    moment: dt.datetime | None = None


@dataclass(frozen=True)
class OpenBreach:
    """An open ticket whose clock breached or whose ladder fired, and who holds it now."""

    ticket: Any
    kind: str
    fired_at: dt.datetime
    holder: Any
    hours_over: float | None
    escalations: int


@dataclass(frozen=True)
class ChangeRow:
    change: Any
    conflicts: list[Any]


@dataclass(frozen=True)
class NoticeRow:
    contract: Any
    deadline: dt.date
    days_left: int


@dataclass
class Overview:
    filters: Filters
    window: Window
    health: list[cockpit.ServiceHealth]
    service_names: dict[str, str]
    tables: dict[str, ReportTable]
    breaches: list[OpenBreach]
    breach_total: int
    changes: list[ChangeRow]
    week: tuple[dt.date, dt.date]
    notices: list[NoticeRow]
    overdue_actions: list[Any]
    overdue_action_total: int
    decisions_due: list[Any]
    decisions_due_total: int
    trust_wave: Any
    watermelons: list[WatermelonRow]
    figures_read_at: dt.datetime
    attention: list[AttentionItem] = field(default_factory=list)


# --- the period's figures: read once, kept five minutes ------------------------------------

PERIOD_FIGURES_SECONDS = 300
"""How long the period's figures (health, trend, ping-pong) are kept before they are read
again: they sum weeks of history, which a minute more or less does not change; what is open
now (breaches, changes, actions) is read live on every request."""


@dataclass(frozen=True)
class PeriodFigures:
    """What the period's ticket history says, and when it was read."""

    health: list[cockpit.ServiceHealth]
    ping_pong: list[tuple[int, int, int, int]]  # party id a, party id b, bounces, tickets
    read_at: dt.datetime


def _scoped_tickets(user: Actor, services: Sequence[Any], party: Any) -> Any:
    tickets = operations.tickets_visible_to(user).filter(service__in=[s.pk for s in services])
    if party is not None:
        tickets = tickets.filter(pk__in=operations.tickets_of_parties({party.pk}).values("pk"))
    return tickets


def _stopped_counts(tickets: Any, buckets: Sequence[Window]) -> dict[str, list[tuple[int, int]]]:
    """Per service and bucket: the tickets whose end-to-end clock stopped (resolved) in the
    bucket, and how many of them had breached — the engine's verdict that the live path keeps
    on each ticket (`clock_state`), counted by the database in one query."""
    breached = ~Q(clock_state__breached_at=None)
    counts: dict[str, Any] = {}
    for i, bucket in enumerate(buckets):
        inside = Q(resolved_at__gte=bucket.start, resolved_at__lt=bucket.end)
        counts[f"m{i}"] = Count("pk", filter=inside)
        counts[f"b{i}"] = Count("pk", filter=inside & breached)
    rows = (
        tickets.filter(
            resolved_at__gte=buckets[0].start,
            resolved_at__lt=buckets[-1].end,
            clock_state__state="stopped",
        )
        .order_by()
        .values("service__slug")
        .annotate(**counts)
    )
    return {
        row["service__slug"]: [(row[f"m{i}"], row[f"b{i}"]) for i in range(len(buckets))]
        for row in rows
    }


def _outages(tickets: Any, window: Window) -> dict[str, list[Any]]:
    rows = (
        tickets.filter(priority="P1", opened_at__lt=window.end)
        .exclude(resolved_at__lt=window.start)
        .values_list("service__slug", "opened_at", "resolved_at", "closed_at")
    )
    found: dict[str, list[Any]] = {}
    for slug, opened, resolved, closed in rows:
        found.setdefault(slug, []).append((opened, resolved or closed))
    return found


def _ping_pong_pairs(
    tickets: Any, window: Window, *, narrowed: bool
) -> list[tuple[int, int, int, int]]:
    """The engine's direct ping-pong (A → B → A) over the period's events, per party pair."""
    log = operations.ticket_event_log(window.start, window.end)
    if narrowed:
        keep = pl.Series([str(pk) for pk in tickets.values_list("pk", flat=True)]).implode()
        log = EventLog(frame=log.frame.filter(pl.col("case_id").is_in(keep)))
    pairs = ping_pong(log).pairs.head(SHOWN)
    return [
        (int(a), int(b), int(bounces), int(cases))
        for a, b, bounces, cases in pairs.select("party_a", "party_b", "bounces", "cases").rows()
    ]


def period_figures(
    user: Actor, filters: Filters, *, services: Sequence[Any], now: dt.datetime, today: dt.date
) -> PeriodFigures:
    """Each service's attainment, availability and trend, and the hottest ping-pong pairs,
    over the filters' period; kept `PERIOD_FIGURES_SECONDS` for the same filters (the
    overview is only for readers who see everything, so one copy serves them all)."""
    key = ":".join(
        (
            "cockpit-period",
            filters.period.key,
            today.isoformat(),
            getattr(filters.service, "slug", ""),
            getattr(filters.party, "slug", ""),
            ",".join(str(s.pk) for s in services),
        )
    )
    kept = cache.get(key)
    if isinstance(kept, PeriodFigures):
        return kept
    window = filters.period.window(today)
    buckets = filters.period.buckets(today)
    tickets = _scoped_tickets(user, services, filters.party)
    figures = PeriodFigures(
        health=cockpit.service_health(
            _stopped_counts(tickets, buckets),
            _outages(tickets, window),
            [s.slug for s in services],
            buckets,
            now=now,
        ),
        ping_pong=_ping_pong_pairs(
            tickets, window, narrowed=filters.service is not None or filters.party is not None
        ),
        read_at=now,
    )
    cache.set(key, figures, PERIOD_FIGURES_SECONDS)
    return figures


def health_tables(
    health: Sequence[cockpit.ServiceHealth], names: dict[str, str], buckets: Sequence[Window]
) -> tuple[ReportTable, ReportTable]:
    summary = tables.service_health_table(
        {
            "service": names[h.service],
            "attainment": h.attainment,
            "basis": h.basis,
            "breaches": h.breaches,
            "availability": h.availability,
            "direction": h.direction,
        }
        for h in health
    )
    trend = tables.service_trend_table(
        {
            "service": names[h.service],
            "bucket": bucket.start.date().isoformat(),
            "attainment": value,
        }
        for h in health
        for bucket, value in zip(buckets, h.trend, strict=True)
    )
    return summary, trend


def ping_pong_table(
    pairs: Sequence[tuple[int, int, int, int]], names: dict[int, str]
) -> ReportTable:
    """The pairs of parties whose tickets bounced straight back most in the period."""
    return tables.ping_pong_pairs_table(
        {"party_a": names.get(a, "?"), "party_b": names.get(b, "?"), "bounces": n, "cases": c}
        for a, b, n, c in pairs
    )


def ecosystem_map_table(
    user: Actor, services: Sequence[Any], health: Sequence[cockpit.ServiceHealth], party: Any
) -> ReportTable:
    """Service × party: the components each party runs for the service, the open tickets it
    holds on it, coloured by the service's attainment."""
    components = {c.pk: c for c in ecosystem.components_visible_to(user).select_related("run_by")}
    links = ecosystem.service_links(set(components), [s.pk for s in services])
    held = {
        (row["service_id"], row["current_party_id"]): row["n"]
        for row in operations.open_tickets_visible_to(user)
        .filter(service__in=[s.pk for s in services])
        .values("service_id", "current_party_id")
        .annotate(n=Count("id"))
    }
    attainment = {h.service: h.attainment for h in health}
    by_id = {s.pk: s for s in services}
    cells: dict[tuple[int, int], list[Any]] = {}
    for component_id, service_id in links:
        runner = components[component_id].run_by
        if party is not None and runner.pk != party.pk:
            continue
        cells.setdefault((service_id, runner.pk), [runner, 0])[1] += 1
    rows = [
        {
            "service": by_id[service_id].name,
            "party": runner.name,
            "components": count,
            "open_tickets": held.get((service_id, party_id), 0),
            "attainment": attainment.get(by_id[service_id].slug),
        }
        for (service_id, party_id), (runner, count) in sorted(
            cells.items(), key=lambda item: (by_id[item[0][0]].name, item[1][0].name)
        )
    ]
    return tables.ecosystem_map_table(rows)


def shared_goals_table(user: Actor, today: dt.date, party: Any = None) -> ReportTable:
    """The key results of the objectives running today, as last measured."""
    rows = objectives.key_results_visible_to(user).filter(
        objective__period_start__lte=today, objective__period_end__gte=today
    )
    if party is not None:
        rows = rows.filter(Q(party=party) | Q(party__isnull=True))
    return tables.shared_goals_table(
        {
            "objective": kr.objective.title,
            "key_result": kr.title,
            "progress": kr.current_progress,
            "value": kr.current_value,
            "target": kr.target,
            "unit": kr.unit,
        }
        for kr in rows.order_by("objective__period_start", "objective_id", "position", "pk")
    )


def trust_map_table(user: Actor, party: Any = None) -> tuple[ReportTable, Any]:
    """Every shown pair of the latest wave with answers (a party's users: their own row and
    column only, as the trust map itself)."""
    found = surveys.trust_map(user)
    rows = [
        {
            "rater": cell.rater.name,
            "rated": cell.rated.name,
            "score": cell.score,
            "change": cell.trend,
        }
        for _, cells in found.rows
        for cell in cells
        if cell.shown is not None and (party is None or party.pk in (cell.rater.pk, cell.rated.pk))
    ]
    return tables.trust_map_table(rows), found.wave


# --- what is open now --------------------------------------------------------------------------


def _hours_over(ticket: Any, now: dt.datetime) -> float | None:
    breached = (ticket.clock_state or {}).get("breached_at")
    if not breached:
        return None
    return round((now - dt.datetime.fromisoformat(breached)).total_seconds() / 3600, 1)


def open_breaches(
    user: Actor, *, now: dt.datetime, service: Any = None, party: Any = None, limit: int = 200
) -> tuple[list[OpenBreach], int]:
    """Open tickets whose clock breached or whose escalation ladder fired, latest first, each
    with the party holding it now (whose time runs), and how many there are."""
    rows = operations.escalations_visible_to(user).filter(
        ticket__status__in=OPEN_STATUSES, kind__in=(EscalationKind.BREACH, EscalationKind.STEP)
    )
    if service is not None:
        rows = rows.filter(ticket__service=service)
    if party is not None:
        rows = rows.filter(ticket__current_party=party)
    total = rows.values("ticket_id").distinct().count()
    seen: dict[int, OpenBreach] = {}
    fired: dict[int, int] = {}
    for escalation in rows.select_related("ticket__current_party", "ticket__service")[:limit]:
        ticket = escalation.ticket
        fired[ticket.pk] = fired.get(ticket.pk, 0) + 1
        if ticket.pk not in seen:
            seen[ticket.pk] = OpenBreach(
                ticket,
                escalation.kind,
                escalation.fired_at,
                ticket.current_party,
                _hours_over(ticket, now),
                0,
            )
    found = [
        OpenBreach(b.ticket, b.kind, b.fired_at, b.holder, b.hours_over, fired[b.ticket.pk])
        for b in seen.values()
    ]
    return found, total


def changes_this_week(
    user: Actor, *, today: dt.date, now: dt.datetime, party: Any = None, service: Any = None
) -> tuple[list[ChangeRow], tuple[dt.date, dt.date]]:
    """The live changes planned this week (Monday to Sunday), each with its conflicts."""
    monday, next_monday = change_selectors.week_of(today)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(next_monday, dt.time(), tzinfo=dt.UTC)
    rows = change_selectors.between(change_selectors.changes_visible_to(user), start, end).filter(
        status__in=change_rules.LIVE
    )
    if party is not None:
        rows = rows.filter(implementer=party)
    if service is not None:
        component_ids = set(
            ecosystem.service_components_visible_to(user, service).values_list("pk", flat=True)
        )
        rows = rows.filter(components__in=component_ids).distinct()
    listed = list(rows.order_by("planned_start", "pk"))
    conflicts = change_selectors.conflicts_for(user, listed, now=now)
    return [ChangeRow(c, conflicts.get(c.pk, [])) for c in listed], (monday, next_monday)


def notice_deadlines(user: Actor, *, today: dt.date, party: Any = None) -> list[NoticeRow]:
    """Contracts whose notice deadline falls in the next 90 days, nearest first."""
    horizon = today + dt.timedelta(days=cockpit.NOTICE_HORIZON_DAYS)
    rows = ecosystem.contracts_visible_to(user).select_related("party")
    if party is not None:
        rows = rows.filter(party=party)
    found = [
        NoticeRow(c, c.notice_deadline, (c.notice_deadline - today).days)
        for c in rows
        if today <= c.notice_deadline <= horizon
    ]
    return sorted(found, key=lambda n: (n.deadline, n.contract.reference))


def overdue_actions(user: Actor, *, today: dt.date, party: Any = None) -> tuple[list[Any], int]:
    rows = forums.actions_visible_to(user).filter(forums.overdue_actions(today))
    if party is not None:
        rows = rows.filter(owner_party=party)
    return list(rows.order_by("due_on", "pk")[:SHOWN]), rows.count()


def decisions_due(user: Actor, *, today: dt.date, party: Any = None) -> tuple[list[Any], int]:
    """Proposed decisions past or within two weeks of their due date."""
    rows = forums.decisions_visible_to(user).filter(
        status="proposed",
        due_on__isnull=False,
        due_on__lte=today + dt.timedelta(days=DECISIONS_AHEAD_DAYS),
    )
    if party is not None:
        rows = rows.filter(forum__in=forums.forums_of_party(party.pk))
    return list(rows.order_by("due_on", "pk")[:SHOWN]), rows.count()


@dataclass(frozen=True)
class KeptWatermelons:
    """The engine's watermelon alerts over operations' rolling window ending `read_at`."""

    alerts: tuple[WatermelonAlert, ...]
    read_at: dt.datetime


@dataclass(frozen=True)
class WatermelonRow:
    """One service's watermelon alert: the engine's figures (the overview's readers see every
    ticket, so the count is theirs to read; operations' page names the tickets)."""

    service: Any
    alert: WatermelonAlert


def watermelon_alerts(
    user: Actor, *, services: Sequence[Any], now: dt.datetime, today: dt.date
) -> list[WatermelonRow]:
    """Watermelon alerts (green on every party's clock, red end to end) of the services the
    reader may see, over operations' rolling window, most first: operations' alerts read
    from the clock verdicts the live path keeps on each ticket, as the period's figures are
    (one query; the engine over every clock of the window's tickets cost seconds at 10×
    scale), and kept `PERIOD_FIGURES_SECONDS` as the period's figures are (one copy for every
    reader of the overview: they all see everything)."""
    by_id = {s.pk: s for s in services}
    key = f"cockpit-watermelons:{today.isoformat()}:{','.join(str(pk) for pk in sorted(by_id))}"
    kept = cache.get(key)
    if not isinstance(kept, KeptWatermelons):
        alerts = watermelon_selectors.stored_service_alerts(
            by_id, now, watermelon_selectors.DEFAULT_WINDOW
        )
        kept = KeptWatermelons(alerts, now)
        cache.set(key, kept, PERIOD_FIGURES_SECONDS)
    rows = [WatermelonRow(by_id[int(a.service)], a) for a in kept.alerts if int(a.service) in by_id]
    return sorted(rows, key=lambda row: (-row.alert.count, row.service.name))


# --- needs attention ---------------------------------------------------------------------------


def needs_attention(overview: Overview, *, today: dt.date) -> list[AttentionItem]:
    """Every section's items that call for a look, heaviest first (`podium.core.cockpit`)."""
    items: list[AttentionItem] = []
    for b in overview.breaches:
        t = b.ticket
        items.append(
            AttentionItem(
                "breach",
                f"{t.reference} {t.title}: {b.kind}"
                + (f", {b.hours_over:g} h past its deadline" if b.hours_over else ""),
                reverse("operations:ticket_detail", args=[t.reference]),
                cockpit.breach_impact(t.priority, breached=True, hours_over=b.hours_over or 0),
                tone="red",
                label=t.priority,
                party=b.holder,
                moment=b.fired_at,
            )
        )
    for h in overview.health:
        weight = cockpit.health_impact(h.attainment, h.availability)
        if weight > 0:
            name = overview.service_names[h.service]
            attained = "no ticket measured" if h.attainment is None else f"{h.attainment:g} %"
            items.append(
                AttentionItem(
                    "service",
                    f"{name}: SLA attainment {attained}, availability {h.availability:g} %",
                    reverse("ecosystem:service_detail", args=[h.service]),
                    weight,
                    tone="orange",
                    label="service",
                )
            )
    for row in overview.changes:
        if row.conflicts:
            c = row.change
            items.append(
                AttentionItem(
                    "change",
                    f"{c.reference} {c.title}: {len(row.conflicts)} conflict"
                    + ("s" if len(row.conflicts) != 1 else ""),
                    reverse("changes:change_detail", args=[c.reference]),
                    cockpit.conflict_impact(len(row.conflicts)),
                    tone="yellow",
                    label="change",
                    party=c.implementer,
                    moment=c.planned_start,
                )
            )
    for n in overview.notices:
        items.append(
            AttentionItem(
                "notice",
                f"{n.contract.reference} {n.contract.title}: notice deadline in {n.days_left} days",
                reverse("ecosystem:contract_detail", args=[n.contract.reference]),
                cockpit.deadline_impact(n.days_left),
                tone="orange",
                label="notice",
                party=n.contract.party,
                day=n.deadline,
            )
        )
    for a in overview.overdue_actions:
        items.append(
            AttentionItem(
                "action",
                a.title + (f" ({a.forum.name})" if a.forum else ""),
                reverse("governance:action_list") + "?overdue=true",
                cockpit.overdue_impact((today - a.due_on).days),
                tone="red",
                label="action",
                party=a.owner_party,
                day=a.due_on,
            )
        )
    for d in overview.decisions_due:
        items.append(
            AttentionItem(
                "decision",
                f"{d.reference} {d.title} ({d.forum.name})",
                reverse("governance:forum_detail", args=[d.forum.slug]),
                cockpit.overdue_impact((today - d.due_on).days, base=15.0),
                tone="orange",
                label="decision",
                day=d.due_on,
            )
        )
    items.sort(key=lambda i: (-i.impact, i.kind, i.text))
    return items


# --- the whole page ----------------------------------------------------------------------------


def overview(
    user: Actor,
    filters: Filters,
    *,
    now: dt.datetime,
    today: dt.date,
    services: Sequence[Any] | None = None,
    parties: Sequence[Any] | None = None,
) -> Overview:
    """Every section of the cockpit for `user` under `filters`. `services` and `parties` are
    the ones the reader may see, by name, when the caller has read them already (the filters'
    form does): each is read once a request."""
    visible = list(
        ecosystem.services_visible_to(user).order_by("name") if services is None else services
    )
    if parties is None:
        parties = list(ecosystem.parties_visible_to(user).order_by("name"))
    services = visible
    if filters.service is not None:
        services = [s for s in services if s.pk == filters.service.pk]
    figures = period_figures(user, filters, services=services, now=now, today=today)
    health = figures.health
    names = {s.slug: s.name for s in services}
    summary, trend = health_tables(health, names, filters.period.buckets(today))
    party_names = {p.pk: p.name for p in parties}
    trust_table, wave = trust_map_table(user, filters.party)
    all_tables = {
        t.key: t
        for t in (
            summary,
            trend,
            ecosystem_map_table(user, services, health, filters.party),
            ping_pong_table(figures.ping_pong, party_names),
            shared_goals_table(user, today, filters.party),
            trust_table,
        )
    }
    breaches, breach_total = open_breaches(
        user, now=now, service=filters.service, party=filters.party
    )
    changes, week = changes_this_week(
        user, today=today, now=now, party=filters.party, service=filters.service
    )
    actions, action_total = overdue_actions(user, today=today, party=filters.party)
    decisions, decision_total = decisions_due(user, today=today, party=filters.party)
    found = Overview(
        filters=filters,
        window=filters.period.window(today),
        health=health,
        service_names=names,
        tables=all_tables,
        breaches=breaches,
        breach_total=breach_total,
        changes=changes,
        week=week,
        notices=notice_deadlines(user, today=today, party=filters.party),
        overdue_actions=actions,
        overdue_action_total=action_total,
        decisions_due=decisions,
        decisions_due_total=decision_total,
        trust_wave=wave,
        watermelons=watermelon_alerts(user, services=visible, now=now, today=today),
        figures_read_at=figures.read_at,
    )
    found.attention = needs_attention(found, today=today)
    return found

"""One party's view: its tickets with their clocks, what is due next, its scorecard and trend,
its actions and decisions, the feedback about it, its part in the shared goals, its changes.

Every read goes through the other contexts' selectors with the acting user, so a party's users
get only what those selectors give them; the view itself decides who may open which party
(`cockpit.rules.VIEW_PARTY`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from podium.apps.changes.selectors import changes as change_selectors
from podium.apps.cockpit.selectors import overview
from podium.apps.goals.selectors import contributions, scorecards
from podium.apps.governance.selectors import forums
from podium.apps.operations import selectors as operations
from podium.apps.trust.selectors import surveys
from podium.core import changes as change_rules
from podium.core import trust
from podium.core.reports import ReportTable
from podium.core.reports import cockpit as tables
from podium.core.scorecard import month_windows
from podium.platform.access import Actor

TICKETS_SHOWN = 15
DUE_SHOWN = 8
CHANGES_SHOWN = 10


@dataclass(frozen=True)
class LiveClock:
    """A held ticket's end-to-end clock as last computed (`operations` keeps it on the
    ticket), read at `now`: running or paused, when it is due, whether it breached."""

    ticket: Any
    state: str
    due_at: dt.datetime | None
    breached_at: dt.datetime | None
    remaining_seconds: float | None

    @property
    def tone(self) -> str:
        if self.breached_at is not None:
            return "red"
        if self.remaining_seconds is not None and self.remaining_seconds < 3600:
            return "orange"
        return "green" if self.state == "running" else "secondary"


@dataclass(frozen=True)
class DueItem:
    kind: str
    text: str
    at: dt.datetime
    url_name: str
    url_arg: str | None = None


@dataclass
class PartyView:
    party: Any
    clocks: list[LiveClock]
    held_total: int
    due_next: list[DueItem]
    tables: dict[str, ReportTable]
    actions: list[Any]
    decisions: list[Any]
    feedback: Any
    feedback_wave: Any
    contributions: list[Any]
    changes: list[overview.ChangeRow]


def _instant(text: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def live_clocks(user: Actor, party: Any, *, now: dt.datetime) -> tuple[list[LiveClock], int]:
    """The open tickets the party holds now, the nearest deadline first."""
    rows = operations.open_tickets_visible_to(user).filter(current_party=party)
    found = []
    for ticket in rows.order_by("next_deadline_at", "opened_at", "pk")[:TICKETS_SHOWN]:
        state = ticket.clock_state or {}
        due_at = _instant(state.get("due_at"))
        found.append(
            LiveClock(
                ticket,
                str(state.get("state", "")),
                due_at,
                _instant(state.get("breached_at")),
                (due_at - now).total_seconds() if due_at is not None else None,
            )
        )
    found.sort(
        key=lambda c: (c.breached_at is None, c.due_at or dt.datetime.max.replace(tzinfo=dt.UTC))
    )
    return found, rows.count()


def _midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def due_next(
    clocks: list[LiveClock],
    actions: list[Any],
    decisions: list[Any],
    notices: list[overview.NoticeRow],
    changes: list[overview.ChangeRow],
    *,
    now: dt.datetime,
) -> list[DueItem]:
    """The next deadlines of every kind, soonest first: clocks running out, actions and
    decisions due, notice deadlines, changes about to start."""
    items = [
        DueItem(
            "ticket",
            f"{c.ticket.reference} {c.ticket.title}",
            c.due_at,
            "operations:ticket_detail",
            c.ticket.reference,
        )
        for c in clocks
        if c.due_at is not None and c.breached_at is None and c.due_at >= now
    ]
    items += [
        DueItem("action", a.title, _midday(a.due_on), "governance:action_list")
        for a in actions
        if a.due_on is not None and a.due_on >= now.date()
    ]
    items += [
        DueItem(
            "decision",
            f"{d.reference} {d.title}",
            _midday(d.due_on),
            "governance:forum_detail",
            d.forum.slug,
        )
        for d in decisions
        if d.status == "proposed" and d.due_on is not None and d.due_on >= now.date()
    ]
    items += [
        DueItem(
            "notice",
            f"{n.contract.reference}: notice deadline",
            _midday(n.deadline),
            "ecosystem:contract_detail",
            n.contract.reference,
        )
        for n in notices
    ]
    items += [
        DueItem(
            "change",
            f"{r.change.reference} {r.change.title}",
            r.change.planned_start,
            "changes:change_detail",
            r.change.reference,
        )
        for r in changes
        if r.change.planned_start >= now
    ]
    items.sort(key=lambda i: (i.at, i.kind, i.text))
    return items[:DUE_SHOWN]


@dataclass(frozen=True)
class PartyScorecard:
    """The party's card this month and the months before (oldest first), each figure's
    trend, and the chart's table."""

    table: ReportTable
    months: list[dt.date]
    cards: list[Any]
    trends: dict[str, str]

    @property
    def card(self) -> Any:
        return self.cards[-1] if self.cards else None


SCORECARD_SECONDS = 300
"""How long a party's scorecard is kept: it reads four months of the party's ticket events
for its hand-offs and the clock verdicts of the tickets closed in them
(`goals.selectors.scorecards`), which a few minutes do not change."""


def party_scorecard(user: Actor, party: Any, *, today: dt.date, now: dt.datetime) -> PartyScorecard:
    """The party's balanced scorecard and its trend, from the goals context's selector; the
    same figures for everyone who may open the party's view, so one copy serves them."""
    month = today.replace(day=1)
    key = f"cockpit-scorecard:{party.pk}:{month.isoformat()}"
    kept = cache.get(key)
    if isinstance(kept, PartyScorecard):
        return kept
    months = [w.start.date() for w in month_windows(month, scorecards.TREND_MONTHS)]
    rows = scorecards.scorecard_rows(
        user, month, now=now, party_slug=party.slug, from_verdicts=True
    )
    cards = rows[0].cards if rows else []
    figures = (
        ("ola_attainment", "OLA attainment"),
        ("sla_attainment", "SLA attainment"),
        ("prompt_handoffs", "Hand-offs taken within 1 h"),
    )
    table = tables.scorecard_trend_table(
        {"month": m.isoformat(), "figure": label, "value": getattr(card, name)}
        for m, card in zip(months, cards, strict=False)
        for name, label in figures
    )
    found = PartyScorecard(table, months, cards, rows[0].trends if rows else {})
    cache.set(key, found, SCORECARD_SECONDS)
    return found


def feedback_about(party: Any, *, today: dt.date) -> tuple[Any, Any]:
    """How the others rated the party in the latest closed wave, and that wave; withheld
    below the wave's anonymity threshold (None when no wave closed yet)."""
    wave = surveys.latest_closed_wave(today)
    if wave is None:
        return None, None
    shown = surveys.received_rating(party.pk, wave)
    return (shown if isinstance(shown, trust.Aggregate) else None), wave


def party_changes(user: Actor, party: Any, *, now: dt.datetime) -> list[overview.ChangeRow]:
    """The party's changes still ahead or of the last week, with their conflicts."""
    rows = (
        change_selectors.changes_visible_to(user)
        .filter(implementer=party, planned_end__gte=now - dt.timedelta(days=7))
        .exclude(status__in=(change_rules.CANCELLED, change_rules.REJECTED))
        .order_by("planned_start", "pk")
    )
    listed = list(rows[:CHANGES_SHOWN])
    live = [c for c in listed if c.status in change_rules.LIVE]
    conflicts = change_selectors.conflicts_for(user, live, now=now)
    return [overview.ChangeRow(c, conflicts.get(c.pk, [])) for c in listed]


def party_view(user: Actor, party: Any, *, now: dt.datetime, today: dt.date) -> PartyView:
    clocks, held_total = live_clocks(user, party, now=now)
    actions = list(
        forums.open_actions(forums.actions_visible_to(user).filter(owner_party=party)).order_by(
            "due_on", "pk"
        )[: overview.SHOWN * 2]
    )
    decisions = list(
        forums.decisions_visible_to(user)
        .filter(forum__in=forums.forums_of_party(party.pk))
        .order_by("-status", "due_on", "-pk")[: overview.SHOWN]
    )
    notices = overview.notice_deadlines(user, today=today, party=party)
    changes = party_changes(user, party, now=now)
    goals = overview.shared_goals_table(user, today, party)
    feedback, wave = feedback_about(party, today=today)
    return PartyView(
        party=party,
        clocks=clocks,
        held_total=held_total,
        due_next=due_next(clocks, actions, decisions, notices, changes, now=now),
        tables={goals.key: goals},
        actions=actions,
        decisions=decisions,
        feedback=feedback,
        feedback_wave=wave,
        contributions=contributions.party_part(user, party.pk, today),
        changes=changes,
    )

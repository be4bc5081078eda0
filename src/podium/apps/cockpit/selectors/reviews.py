"""The monthly service review of one party: what its users and the integrator discuss once a
month, read from every context through its selectors and scoped by the viewer.

One read of the month's ticket history feeds the breaches, the hand-offs and the service
credits, and one evaluation of its clocks (`core.goals.evaluate_groups`: the engine once per
calendar and rule set) both the breaches and the credits; the scorecard reads its four months
itself from the clock verdicts kept on the tickets and their events, the scorecard page's
figures (`goals.selectors.scorecards`, `from_verdicts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.selectors import credits as goal_credits
from podium.apps.goals.selectors import scorecards
from podium.apps.governance.selectors import forums
from podium.apps.operations import selectors as operations
from podium.apps.trust.selectors import kudos as trust_kudos
from podium.apps.trust.selectors import surveys
from podium.core import credits as credit_engine
from podium.core import trust
from podium.core.forums import OPEN_ACTION_STATUSES, PROPOSED
from podium.core.goals import evaluate_groups, held_by
from podium.core.reports import review as engine
from podium.core.scorecard import month_windows
from podium.platform.access import Actor, may


@dataclass(frozen=True)
class Feedback:
    """How the other parties rated the party in the latest wave closed by the month's end:
    an aggregate, or withheld below the wave's anonymity threshold."""

    wave: Any
    shown: trust.Aggregate | trust.Withheld


@dataclass(frozen=True)
class MonthlyReview:
    party: Any
    month: dt.date
    generated_at: dt.datetime
    scorecard: scorecards.PartyRow | None
    months: list[dt.date]
    breaches: list[engine.BreachedTicket]
    flows: engine.Flows
    credits: goal_credits.PartyCredits | None  # None: the viewer may not read them
    feedback: Feedback | None
    kudos: list[Any]
    actions: list[Any]
    decisions: list[Any]
    names: dict[str, str]

    @property
    def month_label(self) -> str:
        return self.month.strftime("%Y-%m")

    @property
    def own_breaches(self) -> int:
        return sum(1 for b in self.breaches if b.own_clock_breached)

    def name_of(self, slug: str) -> str:
        return self.names.get(slug, slug)


def reviewable_party(user: Actor, slug: str) -> Any:
    """The party, if the viewer may read its review (its own users, the integrator's staff
    and auditors); None otherwise, so that another party's review is a 404."""
    return ecosystem.parties_visible_to(user).filter(slug=slug).first()


def monthly_review(user: Actor, party: Any, month: dt.date, *, now: dt.datetime) -> MonthlyReview:
    """Everything the review of `party` for `month` shows, as `user` may see it."""
    window = month_windows(month, 1)[0]
    groups = held_by(
        operations.ticket_clock_groups(service_id=None, start=window.start, end=window.end),
        party.slug,
    )
    # the month's clocks, evaluated once for the breaches and the service credits
    clocks = evaluate_groups(groups, as_of=window.as_of(now))
    rows = scorecards.scorecard_rows(
        user, month, now=now, party_slug=party.slug, from_verdicts=True
    )
    credits = None
    if may(user, "goals.view_credits", party):
        breaches = credit_engine.party_breaches(groups, window, now=now, results=clocks)
        credits = goal_credits.party_credits(user, party, month, now=now, breaches=breaches)
    end_day = window.end.date()
    actions = list(
        forums.actions_visible_to(user)
        .filter(owner_party=party, status__in=OPEN_ACTION_STATUSES)
        .order_by("due_on", "pk")
    )
    decisions = list(
        forums.decisions_visible_to(user)
        .filter(forum__memberships__party=party)
        .filter(Q(status=PROPOSED) | Q(decided_on__gte=window.start.date(), decided_on__lt=end_day))
        .distinct()
        .order_by("reference")
    )
    given = list(
        trust_kudos.kudos_visible_to(user)
        .filter(to_party=party, given_at__gte=window.start, given_at__lt=window.end)
        .order_by("given_at", "pk")
    )
    wave = surveys.latest_closed_wave(end_day)
    feedback = None if wave is None else Feedback(wave, surveys.received_rating(party.pk, wave))
    slugs = ecosystem.party_slugs()
    names = {slugs[pk]: name for pk, name in ecosystem.party_names().items() if pk in slugs}
    return MonthlyReview(
        party=party,
        month=window.start.date(),
        generated_at=now,
        scorecard=rows[0] if rows else None,
        months=[w.start.date() for w in month_windows(month, scorecards.TREND_MONTHS)],
        breaches=engine.breached_tickets(groups, window, now=now, party=party.slug, results=clocks),
        flows=engine.party_flows(groups, window, now=now, party=party.slug),
        credits=credits,
        feedback=feedback,
        kudos=given,
        actions=actions,
        decisions=decisions,
        names=names,
    )


def review_charts(review: MonthlyReview) -> dict[str, engine.Spec]:
    """The review's Vega-Lite specs, keyed by section (only where there is something to draw)."""
    charts: dict[str, engine.Spec] = {}
    if review.scorecard is not None:
        charts["trend"] = engine.attainment_trend_spec(
            [
                (month.strftime("%Y-%m"), card.ola_attainment, card.sla_attainment)
                for month, card in zip(review.months, review.scorecard.cards, strict=True)
            ]
        )
    if review.breaches:
        charts["breaches"] = engine.time_used_spec(review.breaches, review.names)
    if review.flows.partners:
        charts["flows"] = engine.flows_spec(review.flows, review.names)
    return charts

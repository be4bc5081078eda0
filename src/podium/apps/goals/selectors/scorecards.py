"""Reads of the balanced scorecard: each party's figures per month, comparable across parties
and against the months before. The relationship column is the trust context's: the trust index
each party received (`trust.selectors.surveys.trust_indices`, withheld below a wave's
threshold) and the kudos it received. A party's users read their own party's card only; the
integrator and auditors every party's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.models import Contribution
from podium.apps.operations import selectors as operations
from podium.apps.trust.selectors import kudos as trust_kudos
from podium.apps.trust.selectors import surveys as trust_surveys
from podium.core import scorecard
from podium.core.goals import Window, held_by
from podium.platform.access import Actor

TREND_MONTHS = 4
"""The month shown and the three before it, for the trend."""


@dataclass(frozen=True)
class PartyRow:
    party: object
    cards: list[scorecard.Scorecard]  # oldest first, the chosen month last
    trends: dict[str, str]

    @property
    def card(self) -> scorecard.Scorecard:
        return self.cards[-1]


_HIGHER_IS_BETTER = {
    "ola_attainment": True,
    "sla_attainment": True,
    "prompt_handoffs": True,
    "bounces_caused": False,
    "response_hours": False,
    "shared_goal_share": False,
    "relationship": True,
    "kudos_received": True,
}


def _shares(window: Window) -> dict[str, float]:
    rows = (
        Contribution.objects.filter(
            key_result__objective__period_start__lt=window.end.date(),
            key_result__objective__period_end__gte=window.start.date(),
        )
        .values("party__slug")
        .annotate(share=Avg("share"))
    )
    return {r["party__slug"]: round(float(r["share"]), 1) for r in rows}


def scorecard_rows(
    user: Actor,
    month: dt.date,
    *,
    now: dt.datetime,
    party_slug: str | None = None,
    from_verdicts: bool = False,
) -> list[PartyRow]:
    """The visible parties' scorecards of `month` and the months before it (one read of the
    ticket history for the whole span; the engine runs once per month).

    `from_verdicts` reads the clocks from the verdicts the live path keeps on each ticket
    whose clock stopped (`core.scorecard.scorecards_from_verdicts`: one query, no engine)
    and the hand-offs from the span's events: the same figures in a fraction of the time (a
    ticket whose clock stopped and ran again counts at its last stop only)."""
    parties = list(ecosystem.parties_visible_to(user).order_by("name"))
    if party_slug is not None:
        parties = [p for p in parties if p.slug == party_slug]
    if not parties:
        return []
    windows = scorecard.month_windows(month, TREND_MONTHS)
    slugs = [p.slug for p in parties]
    slug_of = {p.pk: p.slug for p in parties}
    # how the others rate it: the wave closed by the month's end; the kudos of the month
    rated = trust_surveys.trust_indices([w.end.date() for w in windows])
    thanked = trust_kudos.kudos_received_in([(w.start, w.end) for w in windows])
    if from_verdicts:
        verdicts = operations.stopped_clock_verdicts(
            windows[0].start, windows[-1].end, party_slug=party_slug
        )
        log = operations.party_event_log(windows[0].start, windows[-1].end, party_slug=party_slug)

        def cards_of(window: Window, **others: Any) -> dict[str, scorecard.Scorecard]:
            return scorecard.scorecards_from_verdicts(verdicts, log, window, **others)
    else:
        groups = operations.ticket_clock_groups(
            service_id=None, start=windows[0].start, end=windows[-1].end
        )
        if party_slug is not None:  # one party's card reads only the cases it took part in
            groups = held_by(groups, party_slug)

        def cards_of(window: Window, **others: Any) -> dict[str, scorecard.Scorecard]:
            return scorecard.scorecards(groups, window, **others)

    per_month = [
        cards_of(
            window,
            now=now,
            parties=slugs,
            shared_goal_shares=_shares(window),
            relationships={slug_of[pk]: v for pk, v in scores.items() if pk in slug_of},
            kudos_received={slug_of[pk]: n for pk, n in counts.items() if pk in slug_of},
        )
        for window, scores, counts in zip(windows, rated, thanked, strict=True)
    ]
    rows = []
    for party in parties:
        cards = [month_cards[party.slug] for month_cards in per_month]
        trends = {
            name: scorecard.trend([getattr(c, name) for c in cards], better)
            for name, better in _HIGHER_IS_BETTER.items()
        }
        rows.append(PartyRow(party, cards, trends))
    return rows

"""Reads of the relationship surveys: waves, who rates whom, and the aggregates of the answers.

Every figure shown anywhere — the wave page, its CSV, the API, the trust map, `trust_index` for
other contexts — is made by :func:`podium.core.trust.aggregate_ratings`, which withholds a group
of fewer respondents than the wave's threshold. A party's users get aggregates about their own
party (as a whole and per rating party) and the ecosystem average; integrator staff and auditors
get every pair, each only above the threshold. Nobody gets an individual answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import raci
from podium.apps.operations import selectors as operations
from podium.apps.trust.models import Invitation, Response, SurveyTemplate, SurveyWave
from podium.core import trust
from podium.platform.access import Actor, visible_party_ids

Shown = trust.Aggregate | trust.Withheld


def templates() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.order_by("name")


def waves_visible_to(user: Actor) -> QuerySet[SurveyWave]:
    """Every wave (a wave belongs to the whole ecosystem), with how many were invited, how
    many answered and how many respondents it holds (answers collected outside the links
    included) — counts of people, never of what they said."""
    return SurveyWave.objects.select_related("template").annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
        respondents=Count("responses__submission", distinct=True),
    )


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("wave", "wave__template", "party")
        .filter(token_hash=token_hash)
        .first()
    )


# --- who works with whom ----------------------------------------------------------------------


def working_pairs() -> set[tuple[int, int]]:
    """Pairs of parties (lower id first) that work together: they hold letters on one service
    or component in the responsibility matrix, or both held one ticket."""
    on_object: dict[Any, set[int]] = {}
    for letter in raci.all_letters():
        on_object.setdefault(letter.obj, set()).add(letter.party_id)
    pairs = {(a, b) for parties in on_object.values() for a in parties for b in parties if a < b}
    return pairs | operations.parties_holding_together()


def _rated_by(party_id: int, pairs: set[tuple[int, int]], integrators: set[int]) -> set[int]:
    others: set[int] = set()
    for a, b in pairs:
        if a == party_id:
            others.add(b)
        elif b == party_id:
            others.add(a)
    if party_id not in integrators:
        others |= integrators
    others.discard(party_id)
    return others


def parties_rated_by(party_id: int) -> list[Any]:
    """The parties a respondent of `party_id` rates: those it works with, and the integrator
    (which is rated by everyone and rates everyone it works with)."""
    others = _rated_by(party_id, working_pairs(), set(ecosystem.integrator_party_ids()))
    return list(ecosystem.parties_among(others).order_by("name"))


def rating_plan() -> Callable[[int], set[int]]:
    """`parties_rated_by` as ids for any number of parties, reading who works with whom once."""
    pairs = working_pairs()
    integrators = set(ecosystem.integrator_party_ids())
    return lambda party_id: _rated_by(party_id, pairs, integrators)


# --- aggregates -------------------------------------------------------------------------------


def wave_ratings(wave: SurveyWave) -> list[trust.Rating]:
    """Every answer of the wave as core ratings, for aggregation only (never to be shown)."""
    return [
        trust.Rating(
            respondent=row.submission,
            rater_party=row.rater_party_id,
            rated_party=row.rated_party_id,
            scores=row.scores(),
            comment=row.comment,
        )
        for row in Response.objects.filter(wave=wave).order_by("pk")
    ]


@dataclass(frozen=True)
class PartyReport:
    """How one party is rated in a wave: by everyone, and by each rating party."""

    party: Any
    received: Shown
    by_rater: tuple[tuple[Any, Shown], ...]


@dataclass(frozen=True)
class WaveReport:
    wave: SurveyWave
    ecosystem: Shown
    parties: tuple[PartyReport, ...]
    dimensions: tuple[str, ...] = trust.DIMENSIONS


@dataclass(frozen=True)
class Shares:
    """A wave's aggregates, each made by core.trust so that none of fewer than the wave's
    threshold is shown, nor recovered by subtracting shown parts from their whole: the
    ecosystem (without comments), each rated party's whole (with comments) and each pair (no
    comments, which would name the rating party)."""

    ecosystem: Shown
    received: dict[int, Shown]
    pairs: dict[tuple[int, int], Shown]


def wave_shares(wave: SurveyWave) -> Shares:
    ratings = wave_ratings(wave)
    k = wave.threshold
    everyone = trust.aggregate_ratings(ratings, lambda r: "all", threshold=k, with_comments=False)
    received = trust.breakdown(
        ratings, lambda r: r.rated_party, lambda r: "all", threshold=k, with_comments=True
    ).get("all", {})
    by_rated = trust.breakdown(
        ratings, lambda r: r.rater_party, lambda r: r.rated_party, threshold=k
    )
    pairs = {
        (rater, rated): shown for rated, parts in by_rated.items() for rater, shown in parts.items()
    }
    return Shares(everyone.get("all", trust.Withheld(k)), received, pairs)


def wave_report(user: Actor, wave: SurveyWave) -> WaveReport:
    """The wave's aggregates the user may read (see the module's docstring)."""
    shares = wave_shares(wave)
    scope = visible_party_ids(user)
    rated_ids = set(shares.received)
    if scope is not None:
        rated_ids &= set(scope)
    raters = {rater for rater, rated in shares.pairs if rated in rated_ids}
    names = {p.pk: p for p in ecosystem.parties_among(rated_ids | raters)}
    reports = []
    for rated in sorted(rated_ids, key=lambda pk: names[pk].name):
        by_rater = tuple(
            sorted(
                (
                    (names[rater], shown)
                    for (rater, about), shown in shares.pairs.items()
                    if about == rated
                ),
                key=lambda pair: pair[0].name,
            )
        )
        reports.append(PartyReport(names[rated], shares.received[rated], by_rater))
    return WaveReport(wave, shares.ecosystem, tuple(reports))


def received_rating(party_id: int, wave: SurveyWave) -> Shown:
    """How everyone rated `party_id` in `wave`, withheld below the wave's threshold.

    A read for contexts that decide scope themselves (a party's scorecard: how the others rate
    it); the caller shows it only to those who may see that party.
    """
    return wave_shares(wave).received.get(party_id, trust.Withheld(wave.threshold))


def latest_closed_wave(today: dt.date) -> SurveyWave | None:
    return SurveyWave.objects.filter(closes_on__lt=today).order_by("-closes_on", "-pk").first()


def trust_reading(party_id: int | None, *, today: dt.date) -> tuple[float, int] | None:
    """The trust index of the latest wave closed before `today` and how many respondents it
    is read from: the overall score (1–5) `party_id` received, or with None the ecosystem
    average; None when no wave closed yet or too few respondents answered to show it."""
    wave = latest_closed_wave(today)
    if wave is None:
        return None
    shown = wave_shares(wave).ecosystem if party_id is None else received_rating(party_id, wave)
    return (shown.overall, shown.respondents) if isinstance(shown, trust.Aggregate) else None


def trust_index(party_id: int | None, *, today: dt.date) -> float | None:
    """:func:`trust_reading`'s score alone. For the goals context's key results."""
    reading = trust_reading(party_id, today=today)
    return reading[0] if reading is not None else None


def trust_indices(days: Sequence[dt.date]) -> list[dict[int, float]]:
    """For each of `days`, the trust index each party received in the latest wave closed
    before that day (parties withheld or not rated are absent): the scorecard's relationship
    column month by month, each wave read once."""
    waves = list(
        SurveyWave.objects.filter(closes_on__lt=max(days, default=dt.date.min)).order_by(
            "-closes_on", "-pk"
        )
    )
    read: dict[int, dict[int, float]] = {}
    found: list[dict[int, float]] = []
    for day in days:
        wave = next((w for w in waves if w.closes_on < day), None)
        if wave is None:
            found.append({})
            continue
        if wave.pk not in read:
            read[wave.pk] = {
                party: shown.overall
                for party, shown in wave_shares(wave).received.items()
                if isinstance(shown, trust.Aggregate)
            }
        found.append(read[wave.pk])
    return found


# --- the trust map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapCell:
    rater: Any
    rated: Any
    shown: Shown | None
    trend: float | None

    @property
    def score(self) -> float | None:
        return self.shown.overall if isinstance(self.shown, trust.Aggregate) else None

    @property
    def tone(self) -> str:
        """The heatmap colour of the pair's score (a class; the page allows no inline style)."""
        score = self.score
        if score is None:
            return ""
        if score >= 4:
            return "bg-green-lt"
        if score >= 3:
            return "bg-lime-lt"
        if score >= 2.5:
            return "bg-yellow-lt"
        if score >= 2:
            return "bg-orange-lt"
        return "bg-red-lt"


@dataclass(frozen=True)
class TrustMap:
    wave: SurveyWave | None
    previous: SurveyWave | None
    raters: tuple[Any, ...]
    rated: tuple[Any, ...]
    rows: tuple[tuple[Any, tuple[MapCell, ...]], ...]
    ecosystem: Shown | None
    ecosystem_trend: float | None


def trust_map(user: Actor, wave: SurveyWave | None = None) -> TrustMap:
    """Party (rating, rows) × party (rated, columns) for `wave` (default: the latest wave with
    answers), each cell the pair's overall score above the threshold and its change since the
    previous wave. A party's users see only the row and column of their own party."""
    waves = list(
        SurveyWave.objects.filter(responses__isnull=False).distinct().order_by("-opens_on", "-pk")
    )
    if wave is None:
        wave = waves[0] if waves else None
    if wave is None:
        return TrustMap(None, None, (), (), (), None, None)
    earlier = [w for w in waves if w.opens_on < wave.opens_on]
    previous = earlier[0] if earlier else None

    def by_pair(w: SurveyWave | None) -> dict[Any, Shown]:
        if w is None:
            return {}
        shares = wave_shares(w)
        return {**shares.pairs, "all": shares.ecosystem}

    now_shown, before = by_pair(wave), by_pair(previous)
    pair_keys = [key for key in now_shown if key != "all"]
    scope = visible_party_ids(user)
    if scope is not None:
        pair_keys = [(a, b) for a, b in pair_keys if a in scope or b in scope]
    party_ids = {a for a, _ in pair_keys} | {b for _, b in pair_keys}
    parties = {p.pk: p for p in ecosystem.parties_among(party_ids)}
    raters = tuple(sorted({parties[a] for a, _ in pair_keys}, key=lambda p: p.name))
    rated = tuple(sorted({parties[b] for _, b in pair_keys}, key=lambda p: p.name))
    keys = set(pair_keys)
    rows = tuple(
        (
            rater,
            tuple(
                MapCell(
                    rater,
                    about,
                    now_shown.get((rater.pk, about.pk)) if (rater.pk, about.pk) in keys else None,
                    trust.trend(
                        now_shown.get((rater.pk, about.pk)), before.get((rater.pk, about.pk))
                    )
                    if (rater.pk, about.pk) in keys
                    else None,
                )
                for about in rated
            ),
        )
        for rater in raters
    )
    return TrustMap(
        wave,
        previous,
        raters,
        rated,
        rows,
        now_shown.get("all"),
        trust.trend(now_shown.get("all"), before.get("all")),
    )


# --- insight: trust against ping-pong and hand-off delay --------------------------------------


@dataclass(frozen=True)
class InsightRow:
    party_a: Any
    party_b: Any
    figures: trust.PairFigures
    x: float  # the point's place on the chart, 0–100 (trust 1–5 across)
    y: float  # 0–100 down from the top (ping-pong share 1–0)


@dataclass(frozen=True)
class Insight:
    wave: SurveyWave | None
    rows: tuple[InsightRow, ...]
    ping_pong: trust.Relation
    handoff_delay: trust.Relation


def insight(user: Actor, wave: SurveyWave | None = None) -> Insight:
    """Per party pair, the trust between them (the mean of the directions shown in the wave,
    so never below its threshold) against the ping-pong and hand-off delay of their tickets;
    the relations are read over every pair with a shown trust score, the table shows a party's
    users only the pairs their party is in."""
    if wave is None:
        wave = (
            SurveyWave.objects.filter(responses__isnull=False)
            .distinct()
            .order_by("-opens_on", "-pk")
            .first()
        )
    scores: dict[tuple[str, str], list[float]] = {}
    if wave is not None:
        for (rater, rated), shown in wave_shares(wave).pairs.items():
            if isinstance(shown, trust.Aggregate):
                a, b = sorted((rater, rated))
                scores.setdefault((str(a), str(b)), []).append(shown.overall)
    by_pair = {key: round(sum(v) / len(v), 2) for key, v in scores.items()}
    figures = trust.pair_figures(by_pair, operations.ticket_event_log())
    ping = trust.relate("ping_pong", "ping-pong", [(f.trust, f.ping_pong) for f in figures])
    delay = trust.relate(
        "handoff_delay",
        "hand-off delay",
        [(f.trust, f.handoff_delay_hours) for f in figures if f.handoff_delay_hours is not None],
    )
    scope = visible_party_ids(user)
    shown_figures = [
        f for f in figures if scope is None or f.party_a in scope or f.party_b in scope
    ]
    ids = {f.party_a for f in shown_figures} | {f.party_b for f in shown_figures}
    parties = {p.pk: p for p in ecosystem.parties_among(ids)}
    rows = tuple(
        InsightRow(
            parties[f.party_a],
            parties[f.party_b],
            f,
            round((f.trust - trust.LOWEST) / (trust.HIGHEST - trust.LOWEST) * 100, 1),
            round(100 - f.ping_pong * 100, 1),
        )
        for f in shown_figures
    )
    return Insight(wave, rows, ping, delay)

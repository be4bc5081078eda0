"""The demo's trust data, derived from an ecosystem spec and who rates whom (pure: the same
arguments always give the same data).

Two survey waves, a quarter apart, both closed before the spec's end: each party's respondents
(three to five, so every pair is above the default anonymity threshold) rate every party they
work with. Most pairs rate each other well; the ping-pong pair (``spec.planted.ping_pong``)
rate each other low in both waves, a little less low after their retrospective; the slow
pick-up party is rated low on responsiveness. Then a quarterly retrospective of the ping-pong
pair on the service review's agenda with its actions (one overdue, one in progress, one
done), kudos about it and about a ticket, and two gatherings: the kick-off of the shared goals
and the next quarterly review.

Who rates whom is the caller's (``works_with``: the parties a respondent of each party is asked
to rate, as the survey link asks), so the answers hold for the loaded ecosystem.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from podium.core.synthetic.spec import EcosystemSpec
from podium.core.trust import DIMENSIONS, HIGHEST, LOWEST

SUBMISSIONS = uuid.UUID("6f1d5b8e-2a47-4c1e-9a1b-0c5e7d3f9a21")
"""The namespace of the demo's submission keys (uuid5), so a second load finds its answers."""
SERVICE_REVIEW = "service-review"
"""The forum whose agendas list the retrospective's open actions (``governance_forums``)."""


@dataclass(frozen=True, slots=True)
class RatingSpec:
    rated: str
    scores: tuple[int, ...]
    comment: str


@dataclass(frozen=True, slots=True)
class SubmissionSpec:
    """One respondent of ``party``: a key that names nobody, and a rating of each party."""

    key: uuid.UUID
    party: str
    ratings: tuple[RatingSpec, ...]


@dataclass(frozen=True, slots=True)
class WaveSpec:
    slug: str
    name: str
    period: str
    opens_on: dt.date
    closes_on: dt.date
    submissions: tuple[SubmissionSpec, ...]


@dataclass(frozen=True, slots=True)
class RetroActionSpec:
    title: str
    owner: str
    due_on: dt.date
    status: str


@dataclass(frozen=True, slots=True)
class RetrospectiveSpec:
    title: str
    held_on: dt.date
    period: str
    forum: str
    parties: tuple[str, ...]
    went_well: str
    to_improve: str
    actions: tuple[RetroActionSpec, ...]


@dataclass(frozen=True, slots=True)
class KudosSpec:
    giver: str
    receiver: str
    message: str
    at: dt.datetime
    ticket: str | None  # a ticket's reference
    retrospective: str | None  # a retrospective's title
    goal: str | None = None  # a shared goal's (objective's) title


@dataclass(frozen=True, slots=True)
class GatheringSpec:
    title: str
    kind: str
    starts_at: dt.datetime
    duration_minutes: int
    time_zone: str
    location: str
    description: str
    forum: str
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrustSpec:
    template_slug: str
    template_name: str
    introduction: str
    waves: tuple[WaveSpec, ...]
    retrospectives: tuple[RetrospectiveSpec, ...]
    kudos: tuple[KudosSpec, ...]
    gatherings: tuple[GatheringSpec, ...]


def _period(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


_PRAISE = (
    "Clear hand-over notes.",
    "They pick up the phone when it matters.",
    "Honest about what they cannot do.",
    "",
    "",
)
_PING_PONG = (
    "Tickets come back without what was tried.",
    "We send it over, it comes straight back.",
    "Nobody owns the order-to-cash interface.",
    "",
)
_SLOW = ("Hand-offs wait in their queue for hours.", "")


def _scores(rng: random.Random, means: Sequence[float]) -> tuple[int, ...]:
    return tuple(min(HIGHEST, max(LOWEST, round(mean + rng.uniform(-0.8, 0.8)))) for mean in means)


def _wave(
    spec: EcosystemSpec,
    works_with: Mapping[str, Sequence[str]],
    *,
    opens_on: dt.date,
    closes_on: dt.date,
    mending: float,
    rng: random.Random,
) -> WaveSpec:
    period = _period(opens_on)
    ping = {spec.planted.ping_pong.party_a, spec.planted.ping_pong.party_b}
    slow = spec.planted.slow_pickup.party
    responsiveness = DIMENSIONS.index("responsiveness")
    submissions = []
    for party in sorted(works_with):
        for number in range(rng.randint(3, 5)):
            ratings = []
            for rated in sorted(works_with[party]):
                comments: tuple[str, ...]
                if {party, rated} == ping:
                    means = [1.9 + mending] * len(DIMENSIONS)
                    comments = _PING_PONG
                else:
                    means = [4.0 + rng.uniform(-0.4, 0.4)] * len(DIMENSIONS)
                    comments = _PRAISE
                if rated == slow:
                    means[responsiveness] = 2.0
                    comments = _SLOW
                ratings.append(RatingSpec(rated, _scores(rng, means), rng.choice(comments)))
            key = uuid.uuid5(SUBMISSIONS, f"{spec.seed}:{period}:{party}:{number}")
            submissions.append(SubmissionSpec(key, party, tuple(ratings)))
    return WaveSpec(
        f"relationship-{period.lower()}",
        f"Relationship survey {period}",
        period,
        opens_on,
        closes_on,
        tuple(submissions),
    )


def build_trust(
    spec: EcosystemSpec,
    works_with: Mapping[str, Sequence[str]],
    *,
    tickets: Mapping[str, str] | None = None,
    goal: str | None = None,
) -> TrustSpec:
    """The demo's trust data; `works_with` maps each party's slug to the slugs it rates,
    `tickets` names a ticket (its reference) per party that a kudos may thank it for, `goal`
    the title of the shared goal against the ping-pong pair's bounces (the integrator thanks
    the first of the pair for its part in it).

    >>> from podium.core.synthetic import generate_ecosystem
    >>> spec = generate_ecosystem(seed=1, end=dt.date(2026, 6, 30), months=6)
    >>> ping = spec.planted.ping_pong
    >>> works = {ping.party_a: [ping.party_b], ping.party_b: [ping.party_a]}
    >>> data = build_trust(spec, works)
    >>> [w.period for w in data.waves], all(w.closes_on < spec.end.date() for w in data.waves)
    (['2026-Q1', '2026-Q2'], True)
    >>> low = [r.scores for s in data.waves[0].submissions for r in s.ratings]
    >>> len(low) >= 6, max(sum(s) / len(s) for s in low) < 3
    (True, True)
    """
    rng = random.Random(spec.seed * 104729 + 7)
    today = spec.end.date()
    first = _wave(
        spec,
        works_with,
        opens_on=today - dt.timedelta(days=105),
        closes_on=today - dt.timedelta(days=91),
        mending=0.0,
        rng=rng,
    )
    second = _wave(
        spec,
        works_with,
        opens_on=today - dt.timedelta(days=21),
        closes_on=today - dt.timedelta(days=7),
        mending=0.4,
        rng=rng,
    )
    names = {p.slug: p.name for p in spec.parties}
    integrator = next(p.slug for p in spec.parties if p.kind == "integrator")
    ping = spec.planted.ping_pong
    a, b = ping.party_a, ping.party_b
    held_on = first.closes_on + dt.timedelta(days=7)
    retro = RetrospectiveSpec(
        f"Quarterly retrospective {first.period}: {names[a]} and {names[b]}",
        held_on,
        first.period,
        SERVICE_REVIEW,
        (integrator, a, b),
        "Both teams joined; the survey said plainly what the tickets had shown.",
        f"Tickets on {ping.services[0]} bounce between {names[a]} and {names[b]} without what "
        "was tried; nobody owns the interface between them.",
        (
            RetroActionSpec(
                f"Invite {names[b]} to {names[a]}'s daily triage",
                a,
                held_on + dt.timedelta(days=14),
                "done",
            ),
            RetroActionSpec(
                "Write joint runbooks for the top ten bouncing ticket types",
                a,
                today + dt.timedelta(days=14),
                "in_progress",
            ),
            RetroActionSpec(
                "Agree on one hand-over note for the order-to-cash interface",
                b,
                today - dt.timedelta(days=10),
                "open",
            ),
        ),
    )
    end = spec.end
    kudos = [
        KudosSpec(
            b,
            a,
            "The first joint runbook already stopped the invoicing bounces.",
            end - dt.timedelta(days=5, hours=3),
            None,
            retro.title,
        ),
        KudosSpec(
            a,
            b,
            "Thanks for joining our triage every morning.",
            end - dt.timedelta(days=40, hours=5),
            None,
            retro.title,
        ),
    ]
    if goal is not None:
        kudos.append(
            KudosSpec(
                integrator,
                a,
                "Fewer order-to-cash bounces since the joint runbooks: the shared goal is in sight.",
                end - dt.timedelta(days=3, hours=4),
                None,
                None,
                goal,
            )
        )
    for receiver, reference in sorted((tickets or {}).items())[:1]:
        if receiver != integrator:
            kudos.append(
                KudosSpec(
                    integrator,
                    receiver,
                    "Restored it and told everyone what happened, first time.",
                    end - dt.timedelta(days=12, hours=2),
                    reference,
                    None,
                )
            )
    everyone = tuple(sorted(names))
    kick_off = dt.datetime.combine(today - dt.timedelta(days=180), dt.time(8), tzinfo=dt.UTC)
    review = dt.datetime.combine(today + dt.timedelta(days=16), dt.time(13), tzinfo=dt.UTC)
    gatherings = (
        GatheringSpec(
            "Kick-off: one goal for the whole ecosystem",
            "kick_off",
            kick_off,
            240,
            "Europe/Amsterdam",
            "Nordhaven HQ, Rotterdam",
            "Every party meets the shared objectives and the people behind the other tickets.",
            SERVICE_REVIEW,
            everyone,
        ),
        GatheringSpec(
            f"Quarterly review {second.period} and drinks",
            "quarterly_review",
            review,
            180,
            "Europe/Amsterdam",
            "Nordhaven HQ, Rotterdam",
            "The shared goals, the survey's trust map, and what we celebrate.",
            SERVICE_REVIEW,
            everyone,
        ),
    )
    return TrustSpec(
        "relationship",
        "Relationship survey",
        "How is the collaboration with the parties you work with going? Your answers are "
        "only ever shown together with those of others.",
        (first, second),
        (retro,),
        tuple(kudos),
        gatherings,
    )

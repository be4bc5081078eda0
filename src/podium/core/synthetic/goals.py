"""The demo's shared goals, derived from an ecosystem spec (pure: the same spec always gives
the same goals).

Two objectives over the six months up to the spec's end, owned by the integrator, each with
metric-bound key results on the planted patterns (the ping-pong pair's services, the
watermelon service's SLA, the slow pick-up party's hand-offs) and a key result checked in by
hand; check-ins every four weeks with a confidence that follows the story, and the values of the
manual result. Metric-bound values are not here: the engine measures them at each check-in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from podium.core.synthetic.spec import EcosystemSpec

CHECK_IN_EVERY = dt.timedelta(weeks=4)


@dataclass(frozen=True, slots=True)
class KeyResultSpec:
    title: str
    metric: str
    service: str | None
    party: str | None
    unit: str
    baseline: float
    target: float
    direction: str


@dataclass(frozen=True, slots=True)
class CheckInSpec:
    key_result: str  # its title
    at: dt.datetime
    confidence: int
    note: str
    value: float | None  # only for a result checked in by hand


@dataclass(frozen=True, slots=True)
class ObjectiveSpec:
    title: str
    why: str
    period_start: dt.date
    period_end: dt.date
    owner: str
    key_results: tuple[KeyResultSpec, ...]
    check_ins: tuple[CheckInSpec, ...]


def _integrator(spec: EcosystemSpec) -> str:
    return next(p.slug for p in spec.parties if p.kind == "integrator")


def build_goals(spec: EcosystemSpec) -> tuple[ObjectiveSpec, ...]:
    """The demo's objectives with their key results and check-ins over six months.

    >>> from podium.core.synthetic import generate_ecosystem
    >>> import datetime as dt
    >>> goals = build_goals(generate_ecosystem(seed=1, end=dt.date(2026, 6, 30), months=6))
    >>> [len(o.key_results) for o in goals], len(goals[0].check_ins) >= 12
    ([3, 3], True)
    """
    rng = random.Random(spec.seed * 7919 + 11)
    end_day = (spec.end - dt.timedelta(days=1)).date()
    start_day = (spec.end - dt.timedelta(days=182)).date()
    owner = _integrator(spec)
    services = {s.slug: s.name for s in spec.services}
    parties = {p.slug: p.name for p in spec.parties}
    ping = spec.planted.ping_pong
    melon = spec.planted.watermelon
    slow = spec.planted.slow_pickup
    bounce = KeyResultSpec(
        f"Ping-pong on {services.get(ping.services[0], ping.services[0])} down to a tenth",
        "ping_pong_share",
        ping.services[0],
        None,
        "%",
        40.0,
        10.0,
        "decrease",
    )
    sla = KeyResultSpec(
        f"{services.get(melon.service, melon.service)} meets its end-to-end SLA",
        "sla_attainment",
        melon.service,
        None,
        "%",
        50.0,
        90.0,
        "increase",
    )
    pickup = KeyResultSpec(
        f"Hand-offs to {parties.get(slow.party, slow.party)} taken within four hours",
        "handoff_delay",
        None,
        slow.party,
        "h",
        14.0,
        4.0,
        "decrease",
    )
    runbooks = KeyResultSpec(
        "Joint runbooks written for the top ten bouncing ticket types",
        "manual",
        None,
        None,
        "runbooks",
        0.0,
        10.0,
        "increase",
    )
    restore = KeyResultSpec(
        "Median time to restore under eight business hours",
        "time_to_restore",
        None,
        None,
        "h",
        16.0,
        8.0,
        "decrease",
    )
    kickoffs = KeyResultSpec(
        "Suppliers that joined a shared service review",
        "manual",
        None,
        None,
        "suppliers",
        2.0,
        8.0,
        "increase",
    )
    objectives = (
        ObjectiveSpec(
            "No customer waits on a bounce between suppliers",
            "Order-to-cash tickets bounce between the developer and the ERP vendor while the "
            "customer waits; each bounce adds a day.",
            start_day,
            end_day,
            owner,
            (bounce, sla, runbooks),
            (),
        ),
        ObjectiveSpec(
            "Restore service together, faster",
            "Every party meets its own targets, yet the customer waits: work the hand-offs.",
            start_day,
            end_day,
            owner,
            (restore, pickup, kickoffs),
            (),
        ),
    )
    return tuple(
        ObjectiveSpec(
            o.title,
            o.why,
            o.period_start,
            o.period_end,
            o.owner,
            o.key_results,
            _check_ins(o, spec.end, rng),
        )
        for o in objectives
    )


def _check_ins(
    objective: ObjectiveSpec, end: dt.datetime, rng: random.Random
) -> tuple[CheckInSpec, ...]:
    first = dt.datetime.combine(objective.period_start, dt.time(10), tzinfo=dt.UTC)
    moments = []
    at = first + CHECK_IN_EVERY
    while at < end:
        moments.append(at)
        at += CHECK_IN_EVERY
    found = []
    for result in objective.key_results:
        value = result.baseline
        for step, moment in enumerate(moments, start=1):
            confidence = min(10, max(1, 4 + step // 2 + rng.randint(-1, 1)))
            manual = None
            if result.metric == "manual":
                value = min(result.target, value + rng.choice((0.0, 1.0, 1.0, 2.0)))
                manual = value
            note = "On the agenda of the next service review." if step % 3 == 0 else ""
            found.append(CheckInSpec(result.title, moment, confidence, note, manual))
    return tuple(found)

"""Service credits: what each party owes for the breaches of its own clock in a month.

A breach is a party's OLA clock on a ticket passing its target (the party used the time) at an
instant inside the month. Each breach costs the covering contract's credit rule for the
ticket's priority — a percentage of the contract's monthly fee (a twelfth of its annual
value) — and a contract's credits in one month are capped at its monthly fee. The evidence of a
breach is its party's clock segments on that ticket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from podium.core.clocks import ClockResult
from podium.core.clocks.business_time import UTC_DATETIME
from podium.core.goals import ClockGroup, Window, evaluate_groups

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Segment:
    start: dt.datetime
    end: dt.datetime | None
    running: bool
    business_seconds: float


@dataclass(frozen=True, slots=True)
class Breach:
    """A party's clock on a ticket passed its target at `breached_at`."""

    case_id: str
    party: str
    target_seconds: float
    elapsed_seconds: float
    breached_at: dt.datetime
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class CreditRule:
    """A contract's credit for one priority: `percent` of `monthly_fee` per breach."""

    contract: str
    monthly_fee: Decimal
    percent: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Credit:
    """What one party owes under one contract in the month, and the breaches behind it."""

    party: str
    contract: str
    currency: str
    amount: Decimal
    capped: bool
    breaches: tuple[tuple[Breach, Decimal], ...]


def party_breaches(
    groups: Sequence[ClockGroup],
    window: Window,
    *,
    now: dt.datetime,
    results: Sequence[ClockResult] | None = None,
) -> list[Breach]:
    """Every party clock that breached inside the window, as known at `now`. `results` are
    the groups' clocks evaluated at `window.as_of(now)` when the caller has them already
    (`podium.core.goals.evaluate_groups`: one evaluation feeds several readings)."""
    start = pl.lit(window.start, dtype=UTC_DATETIME)
    end = pl.lit(window.end, dtype=UTC_DATETIME)
    found = []
    if results is None:
        results = evaluate_groups(groups, as_of=window.as_of(now))
    for result in results:
        breached = result.parties.filter(
            pl.col("breached") & (pl.col("breached_at") >= start) & (pl.col("breached_at") < end)
        )
        if not breached.height:
            continue
        segments = result.segments.join(
            breached.select("case_id", "party"), on=["case_id", "party"], how="semi"
        ).sort("case_id", "party", "start")
        by_key: dict[tuple[str, str], list[Segment]] = {}
        for case_id, party, seg_start, seg_end, running, seconds in segments.select(
            "case_id", "party", "start", "end", "running", "business_seconds"
        ).rows():
            by_key.setdefault((case_id, party), []).append(
                Segment(seg_start, seg_end, bool(running), float(seconds or 0.0))
            )
        for case_id, party, target, elapsed, at in breached.select(
            "case_id", "party", "target_seconds", "elapsed_seconds", "breached_at"
        ).rows():
            found.append(
                Breach(
                    case_id,
                    party,
                    float(target),
                    float(elapsed),
                    at,
                    tuple(by_key.get((case_id, party), ())),
                )
            )
    return sorted(found, key=lambda b: (b.party, b.breached_at, b.case_id))


def monthly_credits(
    breaches: Sequence[Breach], rule_for: Callable[[Breach], CreditRule | None]
) -> list[Credit]:
    """The credits of the month per party and contract; a breach no contract's rule covers
    (the party has no contract for the ticket) costs nothing and is left out.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    >>> b = [Breach("INC-1", "alpha", 3600, 7200, at, ()), Breach("INC-2", "alpha", 3600, 5000, at, ())]
    >>> rule = CreditRule("C-1", Decimal("10000.00"), Decimal("5"), "EUR")
    >>> [(c.contract, c.amount, len(c.breaches)) for c in monthly_credits(b, lambda _: rule)]
    [('C-1', Decimal('1000.00'), 2)]
    """
    grouped: dict[tuple[str, str], tuple[CreditRule, list[tuple[Breach, Decimal]]]] = {}
    for breach in breaches:
        rule = rule_for(breach)
        if rule is None:
            continue
        cost = (rule.monthly_fee * rule.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        grouped.setdefault((breach.party, rule.contract), (rule, []))[1].append((breach, cost))
    credits = []
    for (party, contract), (rule, costed) in sorted(grouped.items()):
        total = sum((cost for _, cost in costed), Decimal(0))
        cap = rule.monthly_fee.quantize(CENT, rounding=ROUND_HALF_UP)
        credits.append(
            Credit(
                party,
                contract,
                rule.currency,
                min(total, cap),
                total > cap,
                tuple(costed),
            )
        )
    return credits

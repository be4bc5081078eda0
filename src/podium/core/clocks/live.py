"""One ticket's clocks, for the live path: the batch engine run over that ticket's events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import BusinessTime
from podium.core.clocks.evaluate import DEFAULT_POLICY, evaluate_clocks
from podium.core.clocks.policy import ClockPolicy
from podium.core.eventlog import EventLog


class SingleCaseError(ValueError):
    """The events given for one ticket belong to several tickets, or to none."""


@dataclass(frozen=True, slots=True)
class PartyClockState:
    """One party's (OLA) clock on one ticket."""

    party: str
    target_seconds: float
    elapsed_seconds: float
    due_at: dt.datetime | None
    breached_at: dt.datetime | None
    holding: bool
    remaining_seconds: float | None


@dataclass(frozen=True, slots=True)
class CaseClockState:
    """A ticket's end-to-end (SLA) clock, its parties' clocks and its segments, at ``as_of``."""

    case_id: str
    state: str
    target_seconds: float
    elapsed_seconds: float
    due_at: dt.datetime | None
    breached_at: dt.datetime | None
    remaining_seconds: float | None
    parties: tuple[PartyClockState, ...]
    segments: pl.DataFrame
    as_of: dt.datetime

    @property
    def breached(self) -> bool:
        return self.breached_at is not None


def case_clock_state(
    events: pl.DataFrame | EventLog,
    calendar: BusinessTime,
    as_of: dt.datetime,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> CaseClockState:
    """The clock state of one ticket from its events (any order; ``seq`` breaks ties).

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    >>> events = pl.DataFrame({"case_id": ["T1", "T1"], "activity": ["Queued", "Accepted"],
    ...     "timestamp": [t, t + dt.timedelta(hours=1)], "party": ["desk", "vendor"]})
    >>> state = case_clock_state(events, WallClockTime(), as_of=t + dt.timedelta(hours=3))
    >>> state.state, state.elapsed_seconds, [(p.party, p.elapsed_seconds) for p in state.parties]
    ('running', 10800.0, [('desk', 3600.0), ('vendor', 7200.0)])
    """
    log = events if isinstance(events, EventLog) else EventLog.from_frame(events)
    case_ids = log.frame["case_id"].unique().to_list()
    if len(case_ids) != 1:
        raise SingleCaseError(f"expected the events of one case, got {len(case_ids)} cases")
    result = evaluate_clocks(log, calendar, policy, as_of)
    if result.cases.height == 0:
        raise SingleCaseError(f"case {case_ids[0]} has no event at or before {as_of.isoformat()}")
    case = result.cases.row(0, named=True)
    parties = tuple(
        PartyClockState(
            party=row["party"],
            target_seconds=row["target_seconds"],
            elapsed_seconds=row["elapsed_seconds"],
            due_at=row["due_at"],
            breached_at=row["breached_at"],
            holding=row["holding"],
            remaining_seconds=row["remaining_seconds"],
        )
        for row in result.parties.iter_rows(named=True)
    )
    return CaseClockState(
        case_id=case["case_id"],
        state=case["state"],
        target_seconds=case["target_seconds"],
        elapsed_seconds=case["elapsed_seconds"],
        due_at=case["due_at"],
        breached_at=case["breached_at"],
        remaining_seconds=case["remaining_seconds"],
        parties=parties,
        segments=result.segments,
        as_of=result.as_of,
    )

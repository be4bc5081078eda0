"""One ticket's clocks, for the live path: the batch engine run over that ticket's events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import BusinessTime
from podium.core.clocks.evaluate import DEFAULT_POLICY, ClockResult, evaluate_clocks
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
    cases = log.frame["case_id"].n_unique()
    if cases != 1:
        raise SingleCaseError(f"expected the events of one case, got {cases} cases")
    states = case_clock_states(log, calendar, as_of, policy)
    if not states:
        case_id = log.frame["case_id"][0]
        raise SingleCaseError(f"case {case_id} has no event at or before {as_of.isoformat()}")
    return next(iter(states.values()))


def case_clock_states(
    events: pl.DataFrame | EventLog,
    calendar: BusinessTime,
    as_of: dt.datetime,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> dict[str, CaseClockState]:
    """The clock state of every case of these events, from one engine call: what a batch of
    tickets needs after a bulk load, computed as the live path computes one. A case with no
    event at or before `as_of` has no state.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    >>> events = pl.DataFrame({"case_id": ["T1", "T2", "T2"],
    ...     "activity": ["Queued", "Queued", "Resolved"],
    ...     "timestamp": [t, t, t + dt.timedelta(hours=1)], "party": ["desk"] * 3})
    >>> states = case_clock_states(events, WallClockTime(), as_of=t + dt.timedelta(hours=2))
    >>> {case: (s.state, s.elapsed_seconds) for case, s in states.items()}
    {'T1': ('running', 7200.0), 'T2': ('stopped', 3600.0)}
    """
    log = events if isinstance(events, EventLog) else EventLog.from_frame(events)
    return clock_states_of(evaluate_clocks(log, calendar, policy, as_of))


def clock_states_of(result: ClockResult) -> dict[str, CaseClockState]:
    """Each case's state in an engine result (`evaluate_clocks`): for a caller that also
    reads the result's whole segments frame at once (a bulk load's clocks, stored as JSON)."""
    parties: dict[str, list[PartyClockState]] = {}
    for row in result.parties.rows(named=True):  # (iter_rows asks the dtypes every call)
        parties.setdefault(row["case_id"], []).append(
            PartyClockState(
                party=row["party"],
                target_seconds=row["target_seconds"],
                elapsed_seconds=row["elapsed_seconds"],
                due_at=row["due_at"],
                breached_at=row["breached_at"],
                holding=row["holding"],
                remaining_seconds=row["remaining_seconds"],
            )
        )
    if result.cases.height == 1:  # one ticket: its segments are all of them
        segments = {result.cases["case_id"][0]: result.segments}
    else:
        segments = _by_case(result.segments)
    empty = result.segments.clear()
    return {
        case["case_id"]: CaseClockState(
            case_id=case["case_id"],
            state=case["state"],
            target_seconds=case["target_seconds"],
            elapsed_seconds=case["elapsed_seconds"],
            due_at=case["due_at"],
            breached_at=case["breached_at"],
            remaining_seconds=case["remaining_seconds"],
            parties=tuple(parties.get(case["case_id"], ())),
            segments=segments.get(case["case_id"], empty),
            as_of=result.as_of,
        )
        for case in result.cases.rows(named=True)
    }


def _by_case(segments: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Each case's segments: slices of the frame, which holds each case's segments together
    (cheap views, where `partition_by` would copy a frame per case)."""
    runs = segments["case_id"].rle()
    lengths = runs.struct.field("len").to_list()
    cases = runs.struct.field("value").to_list()
    if len(set(cases)) != len(cases):  # not grouped after all: split the slow way
        return {
            key[0]: frame
            for key, frame in segments.partition_by(
                "case_id", as_dict=True, maintain_order=True
            ).items()
        }
    out, offset = {}, 0
    for case, length in zip(cases, lengths, strict=True):
        out[case] = segments.slice(offset, length)
        offset += length
    return out

"""SLA/OLA clocks: run/pause segments, elapsed business time, due and breach, per party too."""

from podium.core.clocks.business_time import BusinessTime, WallClockTime
from podium.core.clocks.evaluate import DEFAULT_POLICY, ClockResult, evaluate_clocks
from podium.core.clocks.live import (
    CaseClockState,
    PartyClockState,
    case_clock_state,
    case_clock_states,
    clock_states_of,
)
from podium.core.clocks.policy import ClockPolicy, ClockPolicyError

__all__ = [
    "DEFAULT_POLICY",
    "BusinessTime",
    "CaseClockState",
    "ClockPolicy",
    "ClockPolicyError",
    "ClockResult",
    "PartyClockState",
    "WallClockTime",
    "case_clock_state",
    "case_clock_states",
    "clock_states_of",
    "evaluate_clocks",
]

"""The batch form of the live path: one engine call over many tickets gives each ticket exactly
the state the one-ticket call gives it, so a bulk load and a single TMF621 update can never
disagree."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.core.calendars import calendar_preset
from podium.core.clocks import ClockPolicy, case_clock_state, case_clock_states

BASE = dt.datetime(2024, 3, 4, 6, tzinfo=dt.UTC)
POLICY = ClockPolicy(
    pause_activities=frozenset({"pending"}),
    stop_activities=frozenset({"resolved"}),
    targets={"P1": 3600.0, "P3": 8 * 3600.0},
    party_targets={"A": 1800.0},
)
event = st.tuples(
    st.integers(0, 4),
    st.integers(0, 5 * 24 * 60),
    st.sampled_from(["acknowledged", "inProgress", "pending", "resolved"]),
    st.sampled_from(["A", "B", None]),
    st.sampled_from(["P1", "P3"]),
)


def _frame(rows: list[tuple[int, int, str, str | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "seq": list(range(len(rows))),
            "case_id": [f"T{r[0]}" for r in rows],
            "timestamp": [BASE + dt.timedelta(minutes=r[1]) for r in rows],
            "activity": [r[2] for r in rows],
            "party": [r[3] for r in rows],
            "priority": [r[4] for r in rows],
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(event, min_size=1, max_size=40), hours=st.integers(0, 6 * 24))
def test_every_case_of_a_batch_gets_its_own_live_state(
    rows: list[tuple[int, int, str, str | None, str]], hours: int
) -> None:
    frame = _frame(rows)
    as_of = BASE + dt.timedelta(hours=hours)
    calendar = calendar_preset("NL")
    batch = case_clock_states(frame, calendar, as_of, POLICY)
    for case_id in frame["case_id"].unique():
        alone = frame.filter(pl.col("case_id") == case_id)
        if alone["timestamp"].min() > as_of:  # type: ignore[operator]
            assert case_id not in batch  # nothing had happened yet
            continue
        one = case_clock_state(alone, calendar, as_of, POLICY)
        many = batch[case_id]
        assert (many.state, many.due_at, many.breached_at) == (
            one.state,
            one.due_at,
            one.breached_at,
        )
        assert many.elapsed_seconds == one.elapsed_seconds
        assert many.parties == one.parties
        assert many.segments.equals(one.segments)

"""Properties the clocks must keep on any log, and a slow reference they must agree with."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.core.analysis import run_analysis
from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.clocks import ClockPolicy, evaluate_clocks
from podium.core.eventlog import EventLog

ALWAYS = BusinessCalendar.always_open()
OFFICE = calendar_preset("NL")
BASE = dt.datetime(2024, 3, 4, 6, tzinfo=dt.UTC)
POLICY = ClockPolicy(default_target_seconds=3 * 3600.0, party_targets={"A": 3600.0})

ACTIVITIES = ["Queued", "Accepted", "On Hold", "Completed"]
SUB_STATUSES = [None, "In Progress", "Wait - User"]

event = st.tuples(
    st.integers(0, 2),  # case
    st.integers(0, 3 * 24 * 60),  # minutes after BASE (ties likely at this scale? see below)
    st.sampled_from(ACTIVITIES),
    st.sampled_from(SUB_STATUSES),
    st.sampled_from(["A", "B", "C", None]),
)


def build(rows: list[tuple[int, int, str, str | None, str | None]], coarse: bool) -> pl.DataFrame:
    step = 600 if coarse else 1  # coarse timestamps make ties within a case common
    return pl.DataFrame(
        {
            "seq": list(range(len(rows))),
            "case_id": [f"c{r[0]}" for r in rows],
            "timestamp": [BASE + dt.timedelta(minutes=(r[1] // step) * step) for r in rows],
            "activity": [r[2] for r in rows],
            "sub_status": [r[3] for r in rows],
            "party": [r[4] for r in rows],
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )


logs = st.builds(build, st.lists(event, min_size=1, max_size=14), st.booleans())
calendars = st.sampled_from([ALWAYS, OFFICE])


def reference_elapsed(frame: pl.DataFrame, as_of: dt.datetime) -> dict[str, float]:
    """Obviously correct end-to-end elapsed on a 24x7 calendar, one event at a time."""
    out: dict[str, float] = {}
    rows = sorted(
        frame.filter(pl.col("timestamp") <= as_of).rows(named=True),
        key=lambda r: (r["timestamp"], r["seq"]),
    )
    for case_id in sorted({r["case_id"] for r in rows}):
        events = [r for r in rows if r["case_id"] == case_id]
        total = 0.0
        for i, e in enumerate(events):
            stops = e["activity"] in POLICY.stop_activities
            pauses = e["activity"] == "On Hold" or e["sub_status"] == "Wait - User"
            if stops or pauses:
                continue
            end = events[i + 1]["timestamp"] if i + 1 < len(events) else as_of
            total += (end - e["timestamp"]).total_seconds()
        out[case_id] = total
    return out


@settings(max_examples=25, deadline=None)
@given(logs, st.integers(0, 4 * 24 * 60))
def test_engine_agrees_with_the_reference(frame: pl.DataFrame, minutes: int) -> None:
    as_of = BASE + dt.timedelta(minutes=minutes)
    cases = evaluate_clocks(EventLog.from_frame(frame), ALWAYS, POLICY, as_of).cases
    assert dict(cases.select("case_id", "elapsed_seconds").rows()) == reference_elapsed(
        frame, as_of
    )


@settings(max_examples=25, deadline=None)
@given(logs, calendars, st.integers(0, 4 * 24 * 60), st.integers(0, 2 * 24 * 60))
def test_elapsed_never_decreases_as_as_of_grows(
    frame: pl.DataFrame, calendar: BusinessCalendar, minutes: int, more: int
) -> None:
    log = EventLog.from_frame(frame)
    early = BASE + dt.timedelta(minutes=minutes)
    late = early + dt.timedelta(minutes=more)
    before = dict(
        evaluate_clocks(log, calendar, POLICY, early)
        .cases.select("case_id", "elapsed_seconds")
        .rows()
    )
    after = dict(
        evaluate_clocks(log, calendar, POLICY, late)
        .cases.select("case_id", "elapsed_seconds")
        .rows()
    )
    for case_id, elapsed in before.items():
        assert after[case_id] >= elapsed


@settings(max_examples=25, deadline=None)
@given(logs, calendars, st.data())
def test_pausing_never_brings_a_due_time_earlier(
    frame: pl.DataFrame, calendar: BusinessCalendar, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, frame.height - 1))
    paused = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == index)
        .then(pl.lit("Wait - User"))
        .otherwise(pl.col("sub_status"))
        .alias("sub_status")
    )
    as_of = BASE + dt.timedelta(days=4)
    due = evaluate_clocks(EventLog.from_frame(frame), calendar, POLICY, as_of).cases
    due_paused = evaluate_clocks(EventLog.from_frame(paused), calendar, POLICY, as_of).cases
    for (case_id, a), (_, b) in zip(
        due.select("case_id", "due_at").rows(),
        due_paused.select("case_id", "due_at").rows(),
        strict=True,
    ):
        assert (a is None) == (b is None), case_id
        if a is not None:
            assert b >= a, case_id


@settings(max_examples=25, deadline=None)
@given(logs, calendars)
def test_party_clocks_add_up_to_the_end_to_end_clock(
    frame: pl.DataFrame, calendar: BusinessCalendar
) -> None:
    frame = frame.with_columns(pl.col("party").fill_null("B"))
    result = evaluate_clocks(
        EventLog.from_frame(frame), calendar, POLICY, BASE + dt.timedelta(days=4)
    )
    per_party = result.parties.group_by("case_id").agg(pl.col("elapsed_seconds").sum())
    totals = dict(per_party.rows())
    for case_id, elapsed in result.cases.select("case_id", "elapsed_seconds").rows():
        assert abs(totals.get(case_id, 0.0) - elapsed) < 1e-6


@settings(max_examples=15, deadline=None)
@given(logs, calendars, st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing_once_seq_is_fixed(
    frame: pl.DataFrame, calendar: BusinessCalendar, rnd: random.Random
) -> None:
    order = list(range(frame.height))
    rnd.shuffle(order)
    shuffled = frame[order]
    as_of = BASE + dt.timedelta(days=4)
    first = run_analysis(EventLog.from_frame(frame), calendar, POLICY, as_of).to_dict()
    second = run_analysis(EventLog.from_frame(shuffled), calendar, POLICY, as_of).to_dict()
    assert first == second

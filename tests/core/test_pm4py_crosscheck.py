"""Podium's directly-follows graph and pm4py-compatible hand-over network equal pm4py's.

On the real BPIC 2013 incidents log. pm4py is a dev-only dependency (AGPL): it is imported
here and in benchmarks, never from ``src``. Both sides get the same events in the same stable
order: Podium's canonical frame, sorted once by (case, time, file order), handed to pm4py as
the pandas frame it expects. Hand-over values are compared for several resource columns,
because the network is only as good as the column it is read from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pm4py
import polars as pl
import pytest

from podium.core.collaboration import directly_follows, pm4py_handover_of_work
from podium.core.eventlog import EventLog, read_event_log

BPIC = Path(__file__).resolve().parents[1] / "data" / "bpic2013"


@pytest.fixture(scope="module")
def incidents() -> EventLog:
    return read_event_log(BPIC / "VINST_cases_incidents.csv.gz")


def pm4py_frame(log: EventLog, resource: str = "resource") -> pd.DataFrame:
    """The canonical frame, in its order, in pm4py's column names (no pyarrow needed)."""
    frame = log.frame
    return pd.DataFrame(
        {
            "case:concept:name": frame["case_id"].to_numpy(),
            "concept:name": frame["activity"].to_numpy(),
            "time:timestamp": pd.to_datetime(
                frame["timestamp"].dt.replace_time_zone(None).to_numpy(), utc=True
            ),
            "org:resource": frame[resource].to_numpy(),
        }
    )


def test_directly_follows_frequencies_equal_pm4py(incidents: EventLog) -> None:
    theirs, _, _ = pm4py.discover_dfg(pm4py_frame(incidents))
    ours = directly_follows(incidents)
    assert {(s, t): f for s, t, f in ours.select("source", "target", "frequency").rows()} == {
        (s, t): int(f) for (s, t), f in theirs.items()
    }
    assert int(ours["frequency"].sum()) == incidents.event_count - incidents.case_count


@pytest.mark.parametrize("column", ["resource", "party", "team"])
def test_handover_of_work_equals_pm4py(incidents: EventLog, column: str) -> None:
    assert incidents.frame[column].null_count() == 0, "pm4py cannot order missing names"
    network = pm4py.discover_handover_of_work_network(pm4py_frame(incidents, column), beta=0)
    theirs = {pair: float(value) for pair, value in network.connections.items()}
    ours = pm4py_handover_of_work(incidents, column)
    assert ours.height == len(theirs)
    for source, target, _, value in ours.rows():
        assert value == pytest.approx(theirs[(source, target)], rel=1e-12, abs=1e-15)
    assert ours["value"].sum() == pytest.approx(1.0)


def test_ties_keep_file_order_on_both_sides(incidents: EventLog) -> None:
    """The incidents log has no two events of a case at one instant, so cut times to the hour:
    about half the events then tie, and only the same stable order gives the same graph."""
    hourly = EventLog.from_frame(
        incidents.frame.with_columns(pl.col("timestamp").dt.truncate("1h")), source="hourly"
    )
    tied = hourly.frame.select(pl.struct("case_id", "timestamp").is_duplicated().sum()).item()
    assert tied > hourly.event_count // 4
    theirs, _, _ = pm4py.discover_dfg(pm4py_frame(hourly))
    ours = directly_follows(hourly).select("source", "target", "frequency").rows()
    assert {(s, t): f for s, t, f in ours} == {(s, t): int(f) for (s, t), f in theirs.items()}

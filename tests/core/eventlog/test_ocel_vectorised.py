"""The OCEL 2.0 event writer built by Polars writes byte for byte what the row loop wrote."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import polars as pl

from podium.core.eventlog import EventLog
from podium.core.eventlog.ocel_writer import (
    EVENT_ATTRIBUTES,
    _write_events,
    _write_events_by_row,
    object_columns,
)
from podium.core.eventlog.schema import CANONICAL_SCHEMA


def both(log: EventLog) -> tuple[str, str, float, float]:
    frame = log.frame
    objects = object_columns(frame)
    attributes = [*EVENT_ATTRIBUTES, *(c for c in frame.columns if c not in CANONICAL_SCHEMA)]
    attributes = [c for c in attributes if c not in objects.values()]
    fast, slow = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    _write_events(frame, objects, attributes, fast, None)
    middle = time.perf_counter()
    _write_events_by_row(frame, objects, attributes, slow, None)
    return fast.getvalue(), slow.getvalue(), middle - started, time.perf_counter() - middle


def test_identical_on_awkward_text() -> None:
    at = dt.datetime(2024, 3, 4, 8, 0, 0, 123456, tzinfo=dt.UTC)
    log = EventLog.from_frame(
        pl.DataFrame(
            {
                "case_id": ["INC 1", "INC 1", 'Q"2', "ü\\3"],
                "timestamp": [at, at + dt.timedelta(hours=1), at, at],
                "activity": ["New", 'Say "hi"\n', "Résolu", "🎉 done"],
                "party": ["Acme <&>", None, "Ça va", "Acme <&>"],
                "sub_status": [None, "Wait - User", None, "\t"],
                "line": pl.Series([1, None, 3, 2], dtype=pl.Int8),
                "Service": ["Mail", "Mail", None, "Web"],
                "note": [None, None, None, None],
                "u_extra": ["a\u2028b", "x", None, "\x00"],
            }
        )
    )
    fast, slow, _, _ = both(log)
    assert fast == slow
    records = json.loads("[" + fast.lstrip("\n") + "]")
    assert [r["id"] for r in records] == ["e1", "e2", "e3", "e4"]


def test_identical_and_faster_on_bpic2013(bpic2013: dict[str, EventLog]) -> None:
    fast, slow, fast_seconds, slow_seconds = both(bpic2013["VINST_cases_incidents.csv.gz"])
    assert fast == slow
    assert fast.count("\n") == 65_533
    assert fast_seconds < slow_seconds

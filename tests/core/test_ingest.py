"""Events from parties' tools into ticket events: JSON records and reader frames checked by one
set of rules, every problem naming the event and the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from podium.core.ingest import (
    EVENT_COLUMNS,
    check_events,
    read_event_records,
    ticket_priority,
    ticket_status,
)

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def _event(**extra: Any) -> dict[str, Any]:
    return {"case_id": "INC1", "timestamp": "2026-03-02T09:00:00Z", "activity": "New", **extra}


def _problems(records: list[Any]) -> list[tuple[int, str]]:
    read = read_event_records(records)
    checked = check_events(read.frame, now=NOW)
    return sorted([(p.seq, p.field) for p in (*read.problems, *checked.problems)])


@pytest.mark.parametrize(
    ("activity", "sub_status", "status"),
    [
        ("inProgress", None, "inProgress"),
        ("IN_PROGRESS", None, "inProgress"),
        ("New", None, "acknowledged"),
        ("Queued", "Awaiting Assignment", "acknowledged"),
        ("Accepted", "In Progress", "inProgress"),
        ("Accepted", "Wait - User", "pending"),
        ("Accepted", "Wait", "pending"),
        ("In Progress", "Waiting for Vendor", "pending"),
        ("On Hold", "Awaiting Vendor", "pending"),
        ("held", None, "held"),
        ("Completed", "Resolved", "resolved"),
        ("Completed", "Closed", "closed"),
        ("Completed", "Cancelled", "cancelled"),
        ("Resolved", "Awaiting Caller", "resolved"),  # a stale hold reason never reopens
        ("Canceled", None, "cancelled"),
        ("Done", None, "resolved"),
        ("Declined", None, "rejected"),
        ("Unmatched", "Unmatched", None),
        ("Frobnicated", None, None),
        (None, None, None),
    ],
)
def test_statuses_from_the_words_tools_use(
    activity: str | None, sub_status: str | None, status: str | None
) -> None:
    assert ticket_status(activity, sub_status) == status


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("P1", "P1"),
        ("p4", "P4"),
        ("1", "P1"),
        ("5", "P4"),
        ("3 - Moderate", "P3"),
        ("1 - Critical", "P1"),
        ("High", "P2"),
        ("low", "P4"),
        ("10", None),
        ("P5", None),
        ("soon", None),
        ("", None),
    ],
)
def test_priorities_from_the_words_tools_use(text: str, priority: str | None) -> None:
    assert ticket_priority(text) == priority


def test_a_valid_record_becomes_a_checked_event() -> None:
    read = read_event_records(
        [_event(party=" alpha ", sub_status="Wait - User", activity="Accepted", priority="2")],
        owner="alpha-snow",
    )
    checked = check_events(read.frame, now=NOW)
    assert read.problems == checked.problems == ()
    assert checked.frame.columns == list(EVENT_COLUMNS)
    row = checked.frame.row(0, named=True)
    assert row["timestamp"] == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert (row["status"], row["sub_status"], row["priority"]) == ("pending", "Wait - User", "P2")
    assert (row["party"], row["owner"]) == ("alpha", "alpha-snow")


def test_the_tools_own_word_is_kept_beside_the_status() -> None:
    read = read_event_records([_event(activity="Waiting for Vendor"), _event(activity="pending")])
    checked = check_events(read.frame, now=NOW)
    assert checked.frame.select("status", "sub_status").rows() == [
        ("pending", "Waiting for Vendor"),
        ("pending", None),
    ]


def test_offsets_are_kept_as_instants() -> None:
    read = read_event_records([_event(timestamp="2026-03-02T10:00:00+01:00")])
    assert read.frame["timestamp"][0] == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ("an event", "$"),
        (["case_id", "INC1"], "$"),
        (None, "$"),
        ({"timestamp": "2026-03-02T09:00:00Z", "activity": "New"}, "case_id"),
        (_event(case_id="   "), "case_id"),
        (_event(case_id=7), "case_id"),
        (_event(case_id={"id": 7}), "case_id"),
        (_event(case_id="x" * 121), "case_id"),
        (_event(case_id="INC\n1"), "case_id"),
        (_event(case_id="INC\x001"), "case_id"),
        (_event(case_id="INC\ud8001"), "case_id"),
        (_event(team="Ops\u0085 2nd"), "team"),
        (_event(timestamp="2026-03-02 09:00"), "timestamp"),
        (_event(timestamp="yesterday"), "timestamp"),
        (_event(timestamp=1767225600), "timestamp"),
        (_event(timestamp="0001-01-01T00:00:00Z"), "timestamp"),
        (_event(timestamp="9999-12-31T23:59:59Z"), "timestamp"),
        (_event(timestamp="2026-03-02T12:06:00Z"), "timestamp"),  # six minutes ahead of now
        (_event(activity="Frobnicated"), "activity"),
        (_event(activity=None), "activity"),
        (_event(priority="whenever"), "priority"),
        (_event(priority=1), "priority"),
        (_event(colour="red"), "colour"),
        (_event(**{"bad\x00key": 1}), "bad\\x00key"),
    ],
)
def test_each_problem_names_the_event_and_the_field(record: Any, field: str) -> None:
    assert _problems([_event(case_id="OK"), record]) == [(1, field)]


def test_a_record_with_several_problems_names_each() -> None:
    bad = {"case_id": 7, "timestamp": "soon", "activity": "New", "x": 1, "y": 2}
    assert _problems([bad]) == [(0, "case_id"), (0, "timestamp"), (0, "x"), (0, "y")]


def test_a_little_ahead_of_now_is_the_senders_clock_and_is_taken() -> None:
    assert _problems([_event(timestamp="2026-03-02T12:04:00Z")]) == []


def test_a_reader_frame_is_checked_by_the_same_rules() -> None:
    at = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    frame = pl.DataFrame(
        {
            "seq": [0, 1, 2],
            "case_id": ["A", "B", "C"],
            "timestamp": [at, at, at],
            "activity": ["Completed", "Completed", "Accepted"],
            "sub_status": ["Closed", "Closed", "Wait - User"],
            "team": ["Ops", "x" * 81, "Ops"],
            "priority": ["High", None, "whenever"],
        }
    )
    checked = check_events(frame, now=NOW)
    assert checked.frame.select("case_id", "status", "priority").rows() == [("A", "closed", "P2")]
    assert [(p.seq, p.field) for p in checked.problems] == [(1, "team"), (2, "priority")]

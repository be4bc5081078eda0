"""Writers: what Podium writes, Podium reads back as the same canonical log."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from podium.core.eventlog import EventLog
from podium.core.eventlog.csv_reader import read_csv
from podium.core.eventlog.csv_writer import write_csv
from podium.core.eventlog.detect import read_event_log
from podium.core.eventlog.ocel_writer import write_ocel
from podium.core.eventlog.parquet_io import is_podium_sorted, read_parquet, write_parquet
from podium.core.eventlog.xes_reader import read_xes
from podium.core.eventlog.xes_writer import write_xes


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 3, 1, hour, minute, 0, 123456, tzinfo=dt.UTC)


@pytest.fixture
def small_log() -> EventLog:
    """Two tickets with a tie, nulls, escaping hazards, a trace attribute and a service."""
    frame = pl.DataFrame(
        {
            "case_id": ["INC-2", "INC-1", "INC-1", "INC-1", "INC-2"],
            "timestamp": [at(9), at(8), at(8), at(10, 30), at(11)],
            "activity": ["New", "New", "Assigned", 'Resolved <done> & "ok"', "Closed"],
            "sub_status": [None, None, "Wait - User", None, "Closed"],
            "party": ["Acme", "Acme", "Büro & Co", "Büro & Co", None],
            "team": ["Desk", "Desk", "Net 2nd", "Net 2nd", "Desk"],
            "resource": ["ann", "ann", None, "Jörg", "ann"],
            "line": pl.Series([1, 1, 2, 2, None], dtype=pl.Int8),
            "case:priority": ["P2", "P1", "P1", "P1", "P2"],
            "service": ["Mail", "VPN", "VPN", "VPN", "Mail"],
        }
    ).with_columns(pl.col("timestamp").cast(pl.Datetime("us", "UTC")))
    return EventLog.from_frame(frame, source="small")


def without_seq(log: EventLog) -> pl.DataFrame:
    return log.frame.drop("seq")


def test_xes_round_trip(tmp_path: Path, small_log: EventLog) -> None:
    path = tmp_path / "log.xes"
    write_xes(small_log, path)
    # Trace attributes come back after the event attributes; the values are identical.
    assert_frame_equal(
        without_seq(read_xes(path)), without_seq(small_log), check_column_order=False
    )


def test_xes_gz_round_trip_and_progress(tmp_path: Path, small_log: EventLog) -> None:
    path = tmp_path / "log.xes.gz"
    calls: list[tuple[int, int | None]] = []
    write_xes(small_log, path, progress=lambda done, total: calls.append((done, total)))
    assert gzip.decompress(path.read_bytes()).startswith(b"<?xml")
    assert calls[-1] == (5, 5)
    assert_frame_equal(
        without_seq(read_event_log(path)), without_seq(small_log), check_column_order=False
    )


def test_csv_round_trip(tmp_path: Path, small_log: EventLog) -> None:
    path = tmp_path / "log.csv"
    write_csv(small_log, path)
    assert path.read_text(encoding="utf-8").splitlines()[1].split(",")[:2] == [
        "INC-1", "2024-03-01T08:00:00.123456Z"
    ]  # fmt: skip
    assert_frame_equal(without_seq(read_csv(path)), without_seq(small_log))


def test_parquet_round_trip_keeps_seq_and_skips_the_sort(
    tmp_path: Path, small_log: EventLog
) -> None:
    path = tmp_path / "log.parquet"
    write_parquet(small_log, path)
    assert is_podium_sorted(path)
    assert_frame_equal(read_parquet(path).frame, small_log.frame)


def test_foreign_parquet_is_sorted_on_read(tmp_path: Path, small_log: EventLog) -> None:
    path = tmp_path / "foreign.parquet"
    small_log.frame.reverse().write_parquet(path)
    assert not is_podium_sorted(path)
    assert_frame_equal(read_parquet(path).frame, small_log.frame)


def test_ocel_has_ticket_party_and_service_objects_with_qualified_relations(
    tmp_path: Path, small_log: EventLog
) -> None:
    path = tmp_path / "log.json"
    write_ocel(small_log, path)
    ocel = json.loads(path.read_text(encoding="utf-8"))
    assert [t["name"] for t in ocel["objectTypes"]] == ["ticket", "party", "service"]
    assert {o["id"] for o in ocel["objects"]} == {
        "ticket:INC-1", "ticket:INC-2", "party:Acme", "party:Büro & Co", "service:VPN",
        "service:Mail",
    }  # fmt: skip
    first = ocel["events"][0]
    assert first["type"] == "New"
    assert first["time"] == "2024-03-01T08:00:00.123456Z"
    assert first["relationships"] == [
        {"objectId": "ticket:INC-1", "qualifier": "case"},
        {"objectId": "party:Acme", "qualifier": "held by"},
        {"objectId": "service:VPN", "qualifier": "affects"},
    ]
    assert {"name": "line", "value": 1} in first["attributes"]
    assert len(ocel["events"]) == small_log.event_count
    assert len({e["id"] for e in ocel["events"]}) == small_log.event_count


def test_ties_keep_file_order(small_log: EventLog) -> None:
    assert small_log.frame["activity"].to_list()[:2] == ["New", "Assigned"]

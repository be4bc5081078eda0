"""Every reader tells where each event came from — the row or line and the source column of
each canonical field — so a later step (`podium import`) names a rejected value's place the way
the reader's own errors do."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl

from podium.core.eventlog import EventLog, read_event_log, write_parquet

from .conftest import BPIC2013, DATA


def test_a_csv_event_is_placed_at_its_spreadsheet_row(bpic2013: dict[str, EventLog]) -> None:
    log = bpic2013["VINST_cases_closed_problems.csv.gz"]
    assert log.origin is not None
    assert log.origin.unit == "row"
    assert log.origin.columns["party"] == "Problem Involved ST Org line 3"
    with gzip.open(BPIC2013 / "VINST_cases_closed_problems.csv.gz", "rt", encoding="cp1252") as f:
        lines = f.read().splitlines()
    sample = log.frame.filter(pl.col("case_id") == log.frame["case_id"][500])
    rows = log.origin.where(sample["seq"].to_list())
    for seq, case_id in zip(sample["seq"], sample["case_id"], strict=True):
        assert lines[rows[seq] - 1].startswith(case_id + ";")  # row 1 is the header


def test_an_xes_event_is_placed_at_its_line(bpic2013: dict[str, EventLog]) -> None:
    log = bpic2013["closed_problems.xes.gz"]
    assert log.origin is not None
    assert (log.origin.unit, log.origin.columns["case_id"]) == ("line", "case:concept:name")
    with gzip.open(BPIC2013 / "closed_problems.xes.gz", "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    first = log.frame.row(0, named=True)
    line = log.origin.where([first["seq"]])[first["seq"]]
    assert "<event" in lines[line - 1]


def test_a_jira_status_change_is_placed_at_its_row() -> None:
    log = read_event_log(DATA / "eventlog" / "jira_changelog.csv")
    assert log.origin is not None
    lines = (DATA / "eventlog" / "jira_changelog.csv").read_text().splitlines()
    for row in log.frame.iter_rows(named=True):
        place = log.origin.where([row["seq"]])[row["seq"]]
        assert row["activity"] in lines[place - 1]


def test_a_parquet_event_is_placed_at_its_row_in_the_file(tmp_path: Path) -> None:
    source = read_event_log(DATA / "eventlog" / "servicenow_uci.csv", tz="UTC")
    path = tmp_path / "log.parquet"
    write_parquet(source, path)
    log = read_event_log(path)
    assert log.origin is not None
    on_disk = pl.read_parquet(path)
    rows = log.origin.where(log.frame["seq"].to_list())
    for seq in log.frame["seq"]:
        assert on_disk["seq"][rows[seq] - 1] == seq

"""Presets and column mappings mean the same for CSV, XES and Parquet: one export, three files,
one analysis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import polars as pl
import pytest

from podium.core.analysis import run_analysis
from podium.core.clocks import WallClockTime
from podium.core.eventlog import ColumnMapping, EventLog, EventLogError, read_event_log

from .conftest import BPIC2013, DATA

SERVICENOW = DATA / "eventlog" / "servicenow_list.csv"
TZ = "Europe/Amsterdam"


def raw_table(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def write_raw_xes(table: pl.DataFrame, path: Path, case: str) -> None:
    """One trace per case (named by ``case``), every other column an event string attribute,
    in the file's order: what another tool's XES export of the same table looks like."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<log xes.version="1849-2016">']
    for (name,), rows in table.group_by(case, maintain_order=True):
        lines.append(f'<trace><string key="concept:name" value={quoteattr(str(name))}/>')
        for row in rows.drop(case).iter_rows(named=True):
            cells = "".join(
                f"<string key={quoteattr(k)} value={quoteattr(v)}/>"
                for k, v in row.items()
                if v is not None
            )
            lines.append(f"<event>{cells}</event>")
        lines.append("</trace>")
    lines.append("</log>")
    path.write_text("\n".join(lines), encoding="utf-8")


def figures(log: EventLog) -> dict[str, Any]:
    result = run_analysis(log, WallClockTime()).to_dict()
    result.pop("source")
    return result


def canonical(log: EventLog) -> pl.DataFrame:
    return log.frame.select("case_id", "timestamp", "activity", "sub_status", "team", "resource")


def test_the_servicenow_preset_reads_csv_parquet_and_xes_alike(tmp_path: Path) -> None:
    table = raw_table(SERVICENOW)
    parquet = tmp_path / "incidents.parquet"
    # A warehouse types its columns: state codes as integers.
    table.with_columns(pl.col("state").cast(pl.Int64)).write_parquet(parquet)
    xes = tmp_path / "incidents.xes"
    write_raw_xes(table, xes, "number")
    logs = {
        path.suffix: read_event_log(path, preset="servicenow", tz=TZ)
        for path in (SERVICENOW, parquet, xes)
    }
    csv = logs[".csv"]
    assert "On Hold" in csv.frame["activity"].to_list()
    assert "Awaiting Vendor" in csv.frame["sub_status"].to_list()
    for suffix in (".parquet", ".xes"):
        assert canonical(logs[suffix]).equals(canonical(csv)), suffix
        assert figures(logs[suffix]) == figures(csv), suffix
    # Left out, the preset is guessed from the Parquet columns as from the CSV header.
    guessed = read_event_log(parquet, tz=TZ)
    assert figures(guessed) == figures(csv)


def test_a_column_mapping_renames_in_every_format(tmp_path: Path) -> None:
    start = dt.datetime(2024, 3, 4, 8, tzinfo=dt.UTC)
    table = pl.DataFrame(
        {
            "Ticket": ["T1", "T1", "T1", "T2", "T2"],
            "When": [start + dt.timedelta(hours=h) for h in (0, 1, 3, 2, 7)],
            "State": ["New", "Working", "Resolved", "New", "Resolved"],
            "Vendor": ["Desk", "Net Co", "Desk", "Desk", "Cloud"],
        }
    )
    parquet = tmp_path / "warehouse.parquet"
    table.write_parquet(parquet)
    csv = tmp_path / "warehouse.csv"
    table.with_columns(pl.col("When").dt.strftime("%Y-%m-%dT%H:%M:%SZ")).write_csv(csv)
    xes = tmp_path / "warehouse.xes"
    write_raw_xes(
        table.with_columns(pl.col("When").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")), xes, "Ticket"
    )
    flat = ColumnMapping(case="Ticket", timestamp="When", activity="State", party="Vendor")
    from_xes = ColumnMapping(
        case="case:concept:name", timestamp="When", activity="State", party="Vendor"
    )
    logs = [
        read_event_log(csv, mapping=flat),
        read_event_log(parquet, mapping=flat),
        read_event_log(parquet, preset="generic", mapping=flat),
        read_event_log(xes, mapping=from_xes),
    ]
    assert logs[0].frame["party"].to_list() == ["Desk", "Net Co", "Desk", "Desk", "Cloud"]
    for log in logs[1:]:
        assert figures(log) == figures(logs[0])
    misnamed = ColumnMapping(case="Ticket", timestamp="Stamp", activity="State")
    with pytest.raises(EventLogError, match=r'warehouse\.parquet: column\(s\) "Stamp" not found'):
        read_event_log(parquet, mapping=misnamed)


def test_the_bpic2013_preset_reads_the_challenge_xes(bpic2013: dict[str, EventLog]) -> None:
    for name in ("incidents.xes.gz", "closed_problems.xes.gz"):
        with_preset = read_event_log(BPIC2013 / name, preset="bpic2013")
        assert with_preset.frame.equals(bpic2013[name].frame), name


def test_a_parquet_file_no_preset_knows_lists_the_presets(tmp_path: Path) -> None:
    path = tmp_path / "odd.parquet"
    pl.DataFrame({"Ticket": ["T1"], "What": ["Open"]}).write_parquet(path)
    with pytest.raises(EventLogError, match=r"odd\.parquet: the columns \(Ticket, What\) match no"):
        read_event_log(path)

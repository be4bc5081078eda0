"""Reading changes from CSV: the columns a file must have, times without an offset, values."""

from __future__ import annotations

import pytest

from podium.core.change_import import ChangeFileError, read_changes_csv

HEADER = "number,short_description,start_date,end_date,cmdb_ci"


def test_a_missing_column_names_the_field_and_its_headers() -> None:
    with pytest.raises(ChangeFileError, match=r"row 1: no column for components \(as components"):
        read_changes_csv("number,short_description,start_date,end_date\n")


def test_an_empty_file_asks_for_a_header() -> None:
    with pytest.raises(ChangeFileError, match="empty"):
        read_changes_csv("")


def test_times_without_an_offset_need_the_files_zone() -> None:
    read = read_changes_csv(f"{HEADER}\nC1,Patch,2026-12-08 22:00,2026-12-08 23:00,db\n")
    assert not read.rows
    assert [(p.row, p.column, p.field) for p in read.problems] == [
        (2, "start_date", "planned_start"),
        (2, "end_date", "planned_end"),
    ]
    assert "pass the time zone" in read.problems[0].message


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ChangeFileError, match="not an IANA time zone"):
        read_changes_csv(f"{HEADER}\n", tz="Mars/Olympus")


def test_empty_cells_duplicates_and_short_rows_are_placed() -> None:
    read = read_changes_csv(
        f"{HEADER},risk\n"
        "C1,Patch,2026-12-08T22:00Z,2026-12-08T23:00Z,db,\n"
        "C1,Again,2026-12-08T22:00Z,2026-12-08T23:00Z,db,Very High\n"
        "C2,,2026-12-08T22:00Z,2026-12-08T23:00Z,,4 - Low\n"
        "C3,Short\n"
        "C4,Risky,2026-12-08T22:00Z,2026-12-08T23:00Z,db,extreme\n",
        tz="UTC",
    )
    assert [(r.reference, r.risk) for r in read.rows] == [("C1", "medium")]
    assert [(p.row, p.field) for p in read.problems] == [
        (3, "reference"),
        (4, "title"),
        (4, "components"),
        (5, "reference"),
        (6, "risk"),
    ]
    assert read.problems[0].message == "C1 is also on row 2"
    assert "write one of high, low, medium, moderate, very high" in read.problems[-1].message

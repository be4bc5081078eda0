"""Real data: BPI Challenge 2013 read from its original CSV and XES files agree with each other
and with the counts in tests/data/bpic2013/README.md."""

from __future__ import annotations

import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from podium.core.eventlog import EventLog
from podium.core.eventlog.detect import guess_preset

from .conftest import BPIC2013

CANONICAL = ["case_id", "timestamp", "activity", "sub_status", "team", "party", "resource", "line"]


def readme_counts() -> dict[str, tuple[int, int]]:
    """The README's table, so the test follows the documentation rather than a copy of it."""
    table = (BPIC2013 / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| [^|]+ \| ([\d,]+) / ([\d,]+) \|$", table, flags=re.M)
    return {name: (int(ev.replace(",", "")), int(cs.replace(",", ""))) for name, ev, cs in rows}


def test_the_readme_lists_all_five_files() -> None:
    assert len(readme_counts()) == 5


@pytest.mark.parametrize("name", sorted(readme_counts()))
def test_event_and_case_counts_match_the_readme(bpic2013: dict[str, EventLog], name: str) -> None:
    log = bpic2013[name]
    assert (log.event_count, log.case_count) == readme_counts()[name]


@pytest.mark.parametrize(
    ("xes", "csv"),
    [
        ("incidents.xes.gz", "VINST_cases_incidents.csv.gz"),
        ("closed_problems.xes.gz", "VINST_cases_closed_problems.csv.gz"),
    ],
)
def test_csv_and_xes_give_identical_canonical_frames(
    bpic2013: dict[str, EventLog], xes: str, csv: str
) -> None:
    """Same cases, same true instants (fixed +01:00 versus DST-aware offsets), same sequences."""
    assert_frame_equal(bpic2013[xes].frame.select(CANONICAL), bpic2013[csv].frame.select(CANONICAL))


def test_offsets_differ_in_the_files_but_instants_agree() -> None:
    """The trap the README warns about is really in the data: summer times differ in offset."""
    csv_text = "2010-03-31T15:59:42+01:00"
    xes_text = "2010-03-31T16:59:42+02:00"
    parsed = pl.Series([csv_text, xes_text]).str.to_datetime("%Y-%m-%dT%H:%M:%S%z")
    assert parsed[0] == parsed[1]


def test_problem_logs_map_org_line_to_party_and_team_to_team(
    bpic2013: dict[str, EventLog],
) -> None:
    """The problems XES swaps org:group and "organization involved"; the reader must not."""
    for name in ("incidents.xes.gz", "closed_problems.xes.gz", "VINST_cases_open_problems.csv.gz"):
        frame = bpic2013[name].frame
        assert frame["party"].str.starts_with("Org line").mean() > 0.9, name
        assert not frame["team"].str.starts_with("Org line").any(), name


def test_support_line_comes_from_the_team_suffix(bpic2013: dict[str, EventLog]) -> None:
    frame = bpic2013["VINST_cases_incidents.csv.gz"].frame
    lines = dict(frame.select("team", "line").unique().iter_rows())
    assert (lines["V5 3rd"], lines["N52 2nd"], lines["V30"], lines["V13 2nd 3rd"]) == (3, 2, 1, 2)
    assert frame["line"].null_count() == 0
    assert set(frame["line"].unique().to_list()) == {1, 2, 3}


def test_cases_are_contiguous_and_time_ordered(bpic2013: dict[str, EventLog]) -> None:
    frame = bpic2013["incidents.xes.gz"].frame
    assert frame["case_id"].is_sorted()
    per_case = frame.group_by("case_id").agg(pl.col("timestamp").diff().dt.total_seconds().min())
    assert (per_case["timestamp"].drop_nulls() >= 0).all()


@pytest.mark.parametrize("name", sorted(p.name for p in BPIC2013.glob("*.csv.gz")))
def test_the_preset_is_guessed_from_the_header(name: str) -> None:
    assert guess_preset(BPIC2013 / name) == "bpic2013"

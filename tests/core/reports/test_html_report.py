"""The HTML report of a tiny literal log: every section, charts with their data, escaping."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from urllib.parse import unquote

import polars as pl
import pytest

from podium.core.analysis import AnalysisResult, run_analysis
from podium.core.calendars import BusinessCalendar
from podium.core.eventlog import EventLog
from podium.core.reports import (
    VEGA_LITE_SCHEMA,
    Column,
    ReportTable,
    chart_specs,
    render_html_report,
    report_tables,
    table_csv,
)

BASE = dt.datetime(2024, 3, 4, 8, tzinfo=dt.UTC)
EVIL = '<script>alert("x")</script> & Co'
# Case 1 bounces A→EVIL→A with a user wait; case 2 goes A→B and waits on a vendor.
ROWS = [
    ("1", 0, "Queued", None, "A", 1),
    ("1", 10, "Accepted", "Wait - User", EVIL, 2),
    ("1", 40, "Accepted", "In Progress", "A", 1),
    ("1", 60, "Completed", "Resolved", "A", 1),
    ("2", 0, "Queued", None, "A", 1),
    ("2", 20, "Accepted", "Wait - Vendor", "B", 3),
    ("2", 90, "Completed", "Resolved", "B", 3),
]
SECTIONS = (
    "summary",
    "parties",
    "handovers",
    "time-in-hands",
    "ping-pong",
    "push-to-front",
    "waiting-states",
    "clocks",
    "directly-follows",
)
CHARTED = ("handovers", "time-in-hands", "ping-pong", "waiting-states", "directly-follows")


@pytest.fixture(scope="module")
def result() -> AnalysisResult:
    frame = pl.DataFrame(
        {
            "case_id": [r[0] for r in ROWS],
            "timestamp": [BASE + dt.timedelta(minutes=r[1]) for r in ROWS],
            "activity": [r[2] for r in ROWS],
            "sub_status": [r[3] for r in ROWS],
            "party": [r[4] for r in ROWS],
            "line": [r[5] for r in ROWS],
        }
    )
    log = EventLog.from_frame(frame, source='tickets "<b>".csv')
    return run_analysis(log, BusinessCalendar.always_open())


@pytest.fixture(scope="module")
def page(result: AnalysisResult) -> str:
    return render_html_report(result, top=10, details={"Calendar": "24x7 <all>"})


def section(page: str, key: str) -> str:
    return page.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]


def test_every_section_is_present_with_a_heading_and_a_captioned_table(page: str) -> None:
    for key in SECTIONS:
        part = section(page, key)
        assert f'<h2 id="{key}-heading">' in part
        assert "<caption>" in part
        assert '<th scope="col">' in part
        assert f'<a href="#{key}">' in page


def test_each_chart_is_inline_svg_with_a_title_and_its_table_and_csv_under_it(page: str) -> None:
    assert page.count("<svg") == len(CHARTED)
    for key in CHARTED:
        part = section(page, key)
        assert part.index("<svg") < part.index("<table") < part.index("data:text/csv")
        assert re.search(r'<svg[^>]* role="img" aria-label="[^"]+"><title>', part)
        assert f'download="podium-{key}.csv"' in part


def test_data_strings_are_escaped_everywhere(page: str) -> None:
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in page
    assert "tickets &quot;&lt;b&gt;&quot;.csv" in page
    assert "24x7 &lt;all&gt;" in page
    assert "http://" not in page
    assert "https://" not in page


def test_csv_download_holds_the_raw_values(page: str, result: AnalysisResult) -> None:
    link = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)" download="podium-parties', page)
    assert link is not None
    rows = list(csv.DictReader(io.StringIO(unquote(link.group(1).replace("&amp;", "&")))))
    assert {r["party"] for r in rows} == {"A", "B", EVIL}
    by_party = {r["party"]: r for r in rows}
    assert float(by_party["B"]["time_in_hands_seconds"]) == 70 * 60


def test_specs_are_vega_lite_dicts_carrying_the_table_rows(result: AnalysisResult) -> None:
    tables = report_tables(result, top=10)
    specs = chart_specs(tables)
    assert set(specs) == set(CHARTED)
    for key, spec in specs.items():
        assert spec["$schema"] == VEGA_LITE_SCHEMA
        assert spec["description"]
        assert len(spec["data"]["values"]) == len(tables[key].rows)
    pairs = [v["pair"] for v in specs["ping-pong"]["data"]["values"]]
    assert pairs == [f"{EVIL} ↔ A"]  # the pair is unordered: party_a < party_b


def test_table_csv_leaves_missing_values_empty(result: AnalysisResult) -> None:
    clocks = report_tables(result, top=10)["clocks"]
    text = table_csv(clocks)
    assert text.splitlines()[0] == "clock,clocks,breached,met_share,median_elapsed_seconds"


def test_table_csv_quotes_formulas_in_text_and_keeps_negative_numbers() -> None:
    hyperlink = '=HYPERLINK("http://evil.example","x")'
    table = ReportTable(
        "parties",
        "Parties",
        "caption",
        (Column("party", "Party"), Column("delta", "Delta", "seconds"), Column("note", "Note")),
        (
            {"party": hyperlink, "delta": -5.0, "note": "-5"},
            {"party": "A", "delta": -1, "note": "@x"},
        ),
    )
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows[1:] == [["'" + hyperlink, "-5.0", "-5"], ["A", "-1", "'@x"]]

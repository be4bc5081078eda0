"""The source tool's own SLA verdict beside Podium's, with the reason for each disagreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from podium.core.analysis import run_analysis
from podium.core.calendars import calendar_preset
from podium.core.clocks import WallClockTime
from podium.core.clocks.verdict import CALENDAR, OTHER, PAUSE, REOPENED
from podium.core.eventlog import EventLog, read_event_log
from podium.core.eventlog.conventions import conventions_for

UCI = Path(__file__).resolve().parents[1] / "data" / "eventlog" / "servicenow_uci.csv"
MONDAY = dt.datetime(2024, 3, 4, 8, tzinfo=dt.UTC)  # 09:00 in Amsterdam
SERVICENOW = conventions_for("servicenow")


def log_of(rows: list[tuple[str, float, str, str]]) -> EventLog:
    """(case, hours after Monday 09:00 Amsterdam, state, made_sla) per event."""
    return EventLog.from_frame(
        pl.DataFrame(
            {
                "case_id": [r[0] for r in rows],
                "timestamp": [MONDAY + dt.timedelta(hours=r[1]) for r in rows],
                "activity": [r[2] for r in rows],
                "made_sla": [r[3] for r in rows],
            }
        ),
        source="hand-made",
    )


def reasons_by_case(log: EventLog, calendar: object) -> dict[str, str | None]:
    result = run_analysis(log, calendar, conventions=SERVICENOW)  # type: ignore[arg-type]
    assert result.verdict is not None
    cases = result.verdict.cases
    return dict(zip(cases["case_id"].to_list(), cases["reason"].to_list(), strict=True))


def test_each_disagreement_gets_its_reason_on_a_24x7_clock() -> None:
    log = log_of(
        [
            ("AGREE", 0, "New", "false"),
            ("AGREE", 30, "Resolved", "false"),
            ("PAUSED", 0, "New", "true"),
            ("PAUSED", 1, "Awaiting Vendor", "true"),
            ("PAUSED", 30, "In Progress", "true"),
            ("PAUSED", 31, "Resolved", "false"),
            ("REOPENED", 0, "New", "true"),
            ("REOPENED", 1, "Resolved", "true"),
            ("REOPENED", 2, "In Progress", "true"),
            ("REOPENED", 30, "Resolved", "true"),
            ("ODD", 0, "New", "false"),
            ("ODD", 2, "Resolved", "false"),
        ]
    )
    assert reasons_by_case(log, WallClockTime()) == {
        "AGREE": None,
        "ODD": OTHER,
        "PAUSED": PAUSE,
        "REOPENED": REOPENED,
    }
    result = run_analysis(log, WallClockTime(), conventions=SERVICENOW)
    assert result.verdict is not None
    assert (result.verdict.compared, result.verdict.agreed) == (4, 1)
    figures = result.to_dict()["tool_verdict"]
    assert figures["agreement_share"] == 0.25
    assert figures["column"] == "made_sla"


def test_a_tool_counting_calendar_time_against_a_business_calendar() -> None:
    # Monday 09:00 to Tuesday 17:00 in Amsterdam: 32 h on the wall, 16 business hours.
    log = log_of([("LONG", 0, "New", "true"), ("LONG", 32, "Resolved", "false")])
    assert reasons_by_case(log, calendar_preset("NL")) == {"LONG": CALENDAR}
    # And the other way round: the tool met it in business hours, Podium ran 24x7.
    met = log_of([("LONG", 0, "New", "true"), ("LONG", 32, "Resolved", "true")])
    assert reasons_by_case(met, WallClockTime()) == {"LONG": CALENDAR}


def test_the_real_servicenow_export_made_sla_against_podium() -> None:
    result = run_analysis(read_event_log(UCI, tz="Europe/Amsterdam"), WallClockTime())
    assert result.verdict is not None
    assert result.verdict.disagreements.select("case_id", "reason").rows() == [
        ("INC0000047", PAUSE)
    ]


def test_no_verdict_column_no_comparison() -> None:
    log = EventLog.from_frame(
        pl.DataFrame({"case_id": ["c"], "timestamp": [MONDAY], "activity": ["New"]})
    )
    result = run_analysis(log, WallClockTime(), conventions=SERVICENOW)
    assert result.verdict is None
    assert result.to_dict()["tool_verdict"] is None

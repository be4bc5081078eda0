"""Waiting, pause and stop states, targets and priorities read as each tool writes them, and
disclosed with where they came from."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from podium.core.analysis import run_analysis
from podium.core.clocks import DEFAULT_POLICY, WallClockTime
from podium.core.eventlog import EventLogError, read_event_log
from podium.core.eventlog.conventions import (
    BUILT_IN_CONVENTIONS,
    StateSet,
    conventions_for,
    overrides_from_yaml,
    parse_targets,
    priority_key,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "eventlog"
UCI = DATA / "servicenow_uci.csv"
JIRA = DATA / "jira_changelog.csv"
TZ = "Europe/Amsterdam"


def paused(result_cases: pl.DataFrame, case: str) -> float:
    return float(result_cases.filter(pl.col("case_id") == case)["paused_seconds"].item())


def test_servicenow_awaiting_as_the_incident_state_waits_and_pauses_the_clock() -> None:
    log = read_event_log(UCI, tz=TZ)
    result = run_analysis(log, WallClockTime())
    rows = result.waiting.by_state.rows(named=True)
    assert [(r["state"], r["field"], r["waiting"], r["pauses"]) for r in rows] == [
        ("Awaiting User Info", "activity", True, True)
    ]
    # From 06:10 on 29 Feb to 09:52 on 1 March the SLA clock stood still.
    assert paused(result.clocks.cases, "INC0000047") == 27 * 3600 + 42 * 60
    assert result.conventions.pause_from == "preset servicenow"
    # The old rules (a hold reason only) saw no waiting and never paused.
    before = run_analysis(log, WallClockTime(), DEFAULT_POLICY)
    assert paused(before.clocks.cases, "INC0000047") == 0.0


def test_servicenow_hold_reasons_name_the_waiting_by_their_reason() -> None:
    log = read_event_log(DATA / "servicenow_list.csv", tz=TZ)
    rows = run_analysis(log, WallClockTime()).waiting.by_state.rows(named=True)
    assert ("Awaiting Vendor", "sub_status", True, True) in [
        (r["state"], r["field"], r["waiting"], r["pauses"]) for r in rows
    ]


def test_jira_waiting_statuses_and_priorities_from_the_changelog() -> None:
    log = read_event_log(JIRA)
    result = run_analysis(log, WallClockTime())
    states = result.waiting.by_state["state"].to_list()
    assert states == ["Waiting for Vendor"]
    assert result.conventions.waiting_from == "preset jira"
    assert result.clocks.cases["priority"].to_list() == [None, "P2"]


def test_waiting_given_replaces_the_preset_and_pauses_unless_pause_is_given() -> None:
    log = read_event_log(UCI, tz=TZ)
    rules = conventions_for("servicenow").with_overrides(waiting=StateSet(frozenset({"Active"})))
    result = run_analysis(log, WallClockTime(), conventions=rules)
    assert result.waiting.by_state["state"].to_list() == ["Active"]
    assert (rules.waiting_from, rules.pause_from) == ("given", "given")
    assert paused(result.clocks.cases, "INC0000047") == 0.0  # Active lasted no time
    apart = conventions_for("servicenow").with_overrides(
        waiting=StateSet(patterns=("^Awaiting",)), pause=StateSet()
    )
    kept = run_analysis(log, WallClockTime(), conventions=apart)
    assert kept.waiting.by_state.rows(named=True)[0]["pauses"] is False
    assert paused(kept.clocks.cases, "INC0000047") == 0.0


def test_targets_given_per_priority_as_servicenow_writes_it() -> None:
    log = read_event_log(UCI, tz=TZ)
    rules = conventions_for("servicenow").with_overrides(targets=parse_targets("P3=4h"))
    result = run_analysis(log, WallClockTime(), conventions=rules)
    assert result.targets.rows() == [
        ("P3", 14_400.0, "given", 2, 1),
        ("other", 86_400.0, "built-in", 0, 0),
    ]
    assert result.notes == []
    built_in = run_analysis(log, WallClockTime())
    assert built_in.targets.rows() == [("other", 86_400.0, "built-in", 2, 0)]
    assert "built-in 24 h target" in built_in.notes[0]


def test_calendar_targets_run_on_the_wall_clock() -> None:
    from podium.core.calendars import calendar_preset

    log = read_event_log(UCI, tz=TZ)
    rules = conventions_for("servicenow").with_overrides(
        targets=parse_targets("*=1d"), target_clock="calendar"
    )
    on_nl = run_analysis(log, calendar_preset("NL"), conventions=rules)
    on_wall = run_analysis(log, WallClockTime(), conventions=rules)
    assert on_nl.clocks.cases.equals(on_wall.clocks.cases)
    business = run_analysis(log, calendar_preset("NL"), conventions=conventions_for("servicenow"))
    assert not business.clocks.cases.equals(on_wall.clocks.cases)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("1 - Critical", "P1"),
        ("2 - High", "P2"),
        ("3 - Moderate", "P3"),
        ("4", "P4"),
        ("P2", "P2"),
        ("Sev 1", "P1"),
        ("Highest", "P1"),
        ("Medium", "P3"),
        ("Lowest", "P5"),
        ("Gold", "Gold"),
    ],
)
def test_priorities_as_each_tool_writes_them(written: str, key: str) -> None:
    assert pl.select(priority_key(pl.lit(written))).item() == key


def test_bad_targets_and_states_name_the_place(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match=r'--targets, P1: "4 hours" is not a duration'):
        parse_targets("P1=4 hours", "--targets")
    with pytest.raises(EventLogError, match=r'"P1" is not PRIORITY=DURATION'):
        parse_targets("P1", "--targets")
    with pytest.raises(EventLogError, match=r"/\(unclosed/ is not a regular expression"):
        StateSet.from_text("/(unclosed/", "--waiting")
    yaml_file = tmp_path / "rules.yaml"
    yaml_file.write_text("waiting: [Pending, /^Wait/]\ntargets: {P1: 4h, '*': 2d}\n")
    given = overrides_from_yaml(yaml_file)
    assert given.waiting == StateSet(frozenset({"Pending"}), ("^Wait",))
    assert given.targets == {"P1": 14_400.0, "*": 172_800.0}
    yaml_file.write_text("targets: {P1: 4}\n")
    with pytest.raises(EventLogError, match=r'rules\.yaml, targets, P1: "4" is not a duration'):
        overrides_from_yaml(yaml_file)


def test_the_built_in_rules_are_the_old_default_policy_on_bpic() -> None:
    assert BUILT_IN_CONVENTIONS.pause.names == (
        DEFAULT_POLICY.pause_activities | DEFAULT_POLICY.pause_sub_statuses
    )
    assert BUILT_IN_CONVENTIONS.stop.names == DEFAULT_POLICY.stop_activities

"""CSV presets read the real export shapes, including awkward values and unknown columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from podium.core.eventlog import EventLogError
from podium.core.eventlog.csv_reader import read_csv
from podium.core.eventlog.detect import guess_preset, read_event_log
from podium.core.eventlog.mapping import ColumnMapping

from .conftest import DATA

FIXTURES = DATA / "eventlog"


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


def test_servicenow_uci_log_keeps_word_states_and_reads_question_marks_as_empty() -> None:
    log = read_csv(FIXTURES / "servicenow_uci.csv", tz="Europe/Amsterdam")
    frame = log.frame
    assert (log.event_count, log.case_count) == (8, 2)
    assert frame["activity"].to_list()[4:] == ["New", "Active", "Awaiting User Info", "Resolved"]
    assert frame["resource"].to_list()[:2] == [None, "Resolver 89"]
    assert "Résolveur 31" in frame["resource"].to_list()
    assert frame["team"][0] == "Group 56"
    assert frame["timestamp"][0] == utc(2016, 2, 29, 0, 23)
    assert frame["cmdb_ci"].null_count() == frame.height
    assert frame["u_legacy_flag"].to_list()[0] == "x"


def test_servicenow_list_export_maps_state_and_hold_reason_codes() -> None:
    frame = read_csv(FIXTURES / "servicenow_list.csv", tz="Europe/Amsterdam").frame
    assert frame["activity"].to_list() == [
        "New", "In Progress", "On Hold", "Resolved", "Closed", "New", "Canceled"
    ]  # fmt: skip
    assert frame["sub_status"][2] == "Awaiting Vendor"
    assert frame["party"][2] == "Acme Networks"
    # 01:59:59 CET and 03:00 CEST on the spring-forward night are one second apart.
    assert (frame["timestamp"][2] - frame["timestamp"][1]) == dt.timedelta(seconds=1)
    assert frame["short_description"][0] == "Printer on 3rd floor, jammed"
    assert frame["u_region"].to_list()[-1] is None


def test_jira_changelog_makes_status_events_carrying_assignee_team_and_vendor() -> None:
    frame = read_csv(FIXTURES / "jira_changelog.csv").frame
    assert frame.select("case_id", "activity", "resource", "team", "party").rows() == [
        ("OPS-7", "In Progress", "Bob Jones", None, None),
        ("OPS-7", "Waiting for Vendor", "Bob Jones", "Network Ops", "Acme, Inc."),
        ("OPS-7", "Done", None, "Network Ops", "Acme, Inc."),
        ("OPS-9", "In Progress", None, None, None),
    ]
    assert frame["timestamp"][0] == utc(2024, 1, 31, 13, 5, 7, 123000)
    assert frame["fromString"][0] == "To Do"
    assert frame["project"][0] == "OPS"


@pytest.mark.parametrize(
    ("name", "preset"),
    [
        ("servicenow_uci.csv", "servicenow"),
        ("servicenow_list.csv", "servicenow"),
        ("jira_changelog.csv", "jira"),
    ],
)
def test_presets_are_guessed_from_the_header(name: str, preset: str) -> None:
    assert guess_preset(FIXTURES / name) == preset


def test_an_unknown_header_lists_the_presets(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Ticket,When,What\nT1,2024-01-01T00:00:00Z,Open\n", encoding="utf-8")
    with pytest.raises(EventLogError, match=r"odd\.csv: the columns.*bpic2013, servicenow, jira"):
        guess_preset(path)
    with pytest.raises(EventLogError, match="match no preset"):
        read_event_log(path)


def test_generic_mapping_from_keywords_and_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Ticket;When;What;Group;Level\nT1;31-01-2024 14:05;Open;Desk 2nd;\n"
        "T1;31-01-2024 15:05;Closed;Desk 2nd;2\n",
        encoding="utf-8",
    )
    mapping = ColumnMapping(case="Ticket", timestamp="When", activity="What", team="Group")
    log = read_csv(path, mapping=mapping, tz="UTC")
    assert log.frame["team"].to_list() == ["Desk 2nd", "Desk 2nd"]
    assert log.frame["Level"].to_list() == [None, "2"]
    yaml_file = tmp_path / "mapping.yaml"
    yaml_file.write_text(
        "case: Ticket\ntimestamp: When\nactivity: What\nteam: Group\nline_from_team: true\n",
        encoding="utf-8",
    )
    from_yaml = read_csv(path, mapping=ColumnMapping.from_yaml(yaml_file), tz="UTC")
    assert from_yaml.frame["line"].to_list() == [2, 2]


def test_yaml_mapping_rejects_unknown_keys(tmp_path: Path) -> None:
    yaml_file = tmp_path / "mapping.yaml"
    yaml_file.write_text("case: a\ntimestamp: b\nactivity: c\ngroup: d\n", encoding="utf-8")
    with pytest.raises(EventLogError, match="unknown key"):
        ColumnMapping.from_yaml(yaml_file)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "incidents.csv"
    path.write_bytes(text.encode("cp1252"))
    return path


HEADER = "Ticket,When,What\r\n"
MAPPING = ColumnMapping(case="Ticket", timestamp="When", activity="What")


def test_empty_case_id_names_the_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "T1,2024-01-01T00:00:00Z,Open\r\n,2024-01-01T01:00:00Z,x\r\n")
    with pytest.raises(EventLogError) as caught:
        read_csv(path, mapping=MAPPING)
    assert str(caught.value) == (
        'incidents.csv, row 3, column "Ticket": is empty; every event needs a case id'
    )


def test_missing_columns_are_named_with_what_the_file_has(tmp_path: Path) -> None:
    path = write(tmp_path, "Ticket,Time\r\nT1,2024-01-01T00:00:00Z\r\n")
    with pytest.raises(
        EventLogError, match=r'"When", "What" not found; the file has: Ticket, Time'
    ):
        read_csv(path, mapping=MAPPING)


def test_bad_date_in_a_bpic_file_names_file_row_and_column(tmp_path: Path) -> None:
    header = (
        "Problem Number;Problem Latest Impact;Problem Change Date+Time;Problem Status;"
        "Problem Sub Status;Problem Involved ST Org line 3;Problem Involved ST Function Div;"
        "Problem Involved Owner ST;Product;Country;Problem Involved Action Owner Country;"
        "Problem Involved Action Owner First Name\r\n"
    )
    row = "1-1;Medium;{};Accepted;In Progress;Org line A2;A2_2;M1 2nd;P;cn;Sweden;Göran\r\n"
    path = write(
        tmp_path, header + row.format("2006-11-07T10:00:36+01:00") + row.format("2012-13-45")
    )
    with pytest.raises(EventLogError) as caught:
        read_csv(path, preset="bpic2013")
    assert str(caught.value) == (
        'incidents.csv, row 3, column "Problem Change Date+Time": "2012-13-45" is not a date in '
        "the detected format %Y-%m-%dT%H:%M:%S%.f%z"
    )


def test_cp1252_letters_survive_in_bpic_files(tmp_path: Path) -> None:
    header = (
        "SR Number;Change Date+Time;Status;Sub Status;Involved ST Function Div;"
        "Involved Org line 3;Involved ST;SR Latest Impact;Product;Country;Owner Country;"
        "Owner First Name\r\n"
    )
    path = write(
        tmp_path,
        header + "1-2;2012-05-01T10:00:00+01:00;Queued;Wait;A2_1;Org line A2;V5 3rd;"
        "Low;P;be;Belgium;Frédéric\r\n",
    )
    frame = read_event_log(path).frame
    assert (frame["resource"][0], frame["line"][0], frame["party"][0]) == (
        "Frédéric",
        3,
        "Org line A2",
    )


def test_progress_reaches_the_file_size() -> None:
    calls: list[tuple[int, int | None]] = []
    path = FIXTURES / "jira_changelog.csv"
    read_csv(path, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (path.stat().st_size, path.stat().st_size)


def test_preset_and_mapping_are_exclusive() -> None:
    with pytest.raises(EventLogError, match="not both"):
        read_csv(FIXTURES / "jira_changelog.csv", preset="jira", mapping=MAPPING)
    with pytest.raises(EventLogError, match="unknown preset 'excel'"):
        read_csv(FIXTURES / "jira_changelog.csv", preset="excel")


def test_empty_activity_names_the_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "T1,2024-01-01T00:00:00Z,\r\n")
    with pytest.raises(
        EventLogError, match=r'row 2, column "What": is empty; every event needs an'
    ):
        read_csv(path, mapping=MAPPING)


def test_a_preset_whose_columns_an_xes_lacks_names_them() -> None:
    with pytest.raises(EventLogError, match="a Jira changelog needs column"):
        read_event_log(DATA / "bpic2013" / "incidents.xes.gz", preset="jira")


def test_yaml_mapping_refuses_structures_deep_nesting_and_long_files(tmp_path: Path) -> None:
    yaml_file = tmp_path / "mapping.yaml"
    laughs = ", ".join(f"&l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 10))
    yaml_file.write_text(
        f"team: [&l0 lol, {laughs}]\ncase: *l9\ntimestamp: b\nactivity: c\n", encoding="utf-8"
    )
    with pytest.raises(
        EventLogError, match=r"^mapping\.yaml: case must be one column name, not a list$"
    ):
        ColumnMapping.from_yaml(yaml_file)
    yaml_file.write_text("case: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(EventLogError, match=r"^mapping\.yaml: not valid YAML: nested too deeply$"):
        ColumnMapping.from_yaml(yaml_file)
    yaml_file.write_text("case: a\n" + "#" * (64 << 10), encoding="utf-8")
    with pytest.raises(EventLogError, match=r"^mapping\.yaml: 65,544 bytes is too long"):
        ColumnMapping.from_yaml(yaml_file)

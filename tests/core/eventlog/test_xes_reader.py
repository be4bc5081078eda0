"""XES reader edge cases: namespaces, nested attributes, bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from podium.core.eventlog import EventLogError
from podium.core.eventlog.mapping import ColumnMapping
from podium.core.eventlog.xes_reader import read_xes

XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <string key="concept:name" value="log-level name, not a column"/>
  <trace>
    <string key="concept:name" value="T1"/>
    <event>
      <string key="concept:name" value="Open"/>
      <date key="time:timestamp" value="{first}"/>
      <string key="org:resource" value="ann"/>
      <list key="tags"><values><string key="tag" value="nested"/></values></list>
    </event>
    <event>
      <string key="concept:name" value="Close"/>
      <date key="time:timestamp" value="2024-01-01T11:00:00.000+01:00"/>
      <int key="cost" value="3"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="Open"/>
      <date key="time:timestamp" value="2024-01-02T10:00:00"/>
    </event>
    <string key="concept:name" value="T2"/>
  </trace>
</log>
"""


def write(tmp_path: Path, first: str = "2024-01-01T10:00:00+01:00") -> Path:
    path = tmp_path / "small.xes"
    path.write_text(XES.format(first=first), encoding="utf-8")
    return path


def test_events_traces_and_extra_attributes_without_namespace(tmp_path: Path) -> None:
    log = read_xes(write(tmp_path), tz="Europe/Amsterdam")
    frame = log.frame
    assert frame["case_id"].to_list() == ["T1", "T1", "T2"]
    assert frame["timestamp"][2] == dt.datetime(2024, 1, 2, 9, tzinfo=dt.UTC)
    assert frame["cost"].to_list() == [None, "3", None]
    assert frame["resource"].to_list() == ["ann", None, None]
    assert "tag" not in frame.columns


def test_offsetless_xes_times_need_a_zone(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match="carry no UTC offset"):
        read_xes(write(tmp_path, first="2024-01-01T10:00:00"))


def test_bad_timestamp_names_the_xml_line(tmp_path: Path) -> None:
    with pytest.raises(
        EventLogError, match=r'small\.xes, line 6, column "time:timestamp": "yesterday"'
    ):
        read_xes(write(tmp_path, first="yesterday"), tz="UTC")


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xes"
    path.write_text("<log>\n<trace>\n<event></trace>\n</log>", encoding="utf-8")
    with pytest.raises(EventLogError, match=r"broken\.xes, line 3: not well-formed XML"):
        read_xes(path)


def test_an_explicit_mapping_overrides_the_keys(tmp_path: Path) -> None:
    mapping = ColumnMapping(
        case="case:concept:name",
        timestamp="time:timestamp",
        activity="concept:name",
        team="org:resource",
    )
    frame = read_xes(write(tmp_path), mapping=mapping, tz="UTC").frame
    assert frame["team"].to_list() == ["ann", None, None]

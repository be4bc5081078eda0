"""XES (IEEE 1849) event logs, .xes or .xes.gz, streamed element by element.

The whole DOM is never built: each event is turned into a row as soon as it closes and then
cleared, so memory grows with the rows kept, not with the XML. Trace attributes become
``case:<key>`` columns (as in pm4py), event attributes keep their keys, and all values are
kept as text until the mapping step types them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from podium.core.eventlog.limits import DEFAULT_MAX_INPUT_BYTES
from podium.core.eventlog.mapping import AT, SEQ, ColumnMapping, to_event_log
from podium.core.eventlog.presets import ReadContext, prepare_raw
from podium.core.eventlog.progress import ProgressCallback, open_source
from podium.core.eventlog.schema import EventLog, EventLogError
from podium.core.eventlog.xes_keys import TRACE_PREFIX, guess_xes_mapping, is_bpic2013

__all__ = ["TRACE_PREFIX", "guess_xes_mapping", "read_xes"]
XES_NAMESPACE = "http://www.xes-standard.org/"
_TRACE = "__podium_trace__"


def _local(tag: Any) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


class _Rows:
    """Columns grown row by row; a key first seen late is back-filled with nulls."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str | None]] = {}
        self.count = 0

    def append(self, values: dict[str, str | None]) -> None:
        for key, column in self.columns.items():
            column.append(values.pop(key, None))
        for key, value in values.items():
            self.columns[key] = [*([None] * self.count), value]
        self.count += 1


def _attributes(elem: Any) -> dict[str, str | None]:
    """Direct attribute children only; nested attributes (lists, meta values) are not columns.

    A comprehension over ``get`` is the fastest pure-lxml form measured; a list or container
    attribute (no ``value``) becomes a null cell.
    """
    values: dict[Any, Any] = {child.get("key"): child.get("value") for child in elem}
    values.pop(None, None)
    return values


def _parse(path: Path, progress: ProgressCallback | None, max_bytes: int) -> pl.DataFrame:
    from lxml import etree  # imported by an XES read only: a CSV or Parquet run skips it

    events = _Rows()
    traces = _Rows()
    lines: list[int] = []
    trace_of: list[int] = []
    tags = [f"{{{XES_NAMESPACE}}}event", f"{{{XES_NAMESPACE}}}trace", "event", "trace"]
    with open_source(path, progress, max_bytes=max_bytes) as stream:
        parser = etree.iterparse(
            stream, events=("end",), tag=tags, huge_tree=True, remove_comments=True
        )
        try:
            for _, elem in parser:
                if _local(elem.tag) == "event":
                    trace_of.append(traces.count)
                    lines.append(elem.sourceline or 0)
                    events.append(_attributes(elem))
                    elem.clear(keep_tail=False)
                    continue
                # A trace: its events are already cleared; keep its own attributes, then drop it
                # and everything before it so memory stays flat.
                traces.append(_attributes(elem))
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as error:
            raise EventLogError(
                f"{path.name}, line {error.lineno}: not well-formed XML: {error.msg}"
            ) from None
    return _frame(events, traces, lines, trace_of)


def _frame(events: _Rows, traces: _Rows, lines: list[int], trace_of: list[int]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            SEQ: pl.Series(range(events.count), dtype=pl.Int64),
            AT: pl.Series(lines, dtype=pl.Int64),
            _TRACE: pl.Series(trace_of, dtype=pl.Int64),
            **{key: pl.Series(values, dtype=pl.String) for key, values in events.columns.items()},
        }
    )
    if traces.columns:
        case_frame = pl.DataFrame(
            {
                _TRACE: pl.Series(range(traces.count), dtype=pl.Int64),
                **{
                    f"{TRACE_PREFIX}{key}": pl.Series(values, dtype=pl.String)
                    for key, values in traces.columns.items()
                },
            }
        )
        frame = frame.join(case_frame, on=_TRACE, how="left", maintain_order="left")
    return frame.drop(_TRACE)


def read_xes(
    path: str | Path,
    *,
    preset: str | None = None,
    mapping: ColumnMapping | None = None,
    tz: str | None = None,
    date_format: str | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
) -> EventLog:
    """Read an .xes or .xes.gz file into a canonical event log.

    Without ``mapping`` or ``preset`` the keys are mapped by :func:`guess_xes_mapping`. Give a
    mapping (with ``case:concept:name`` for the trace name, ``case:<key>`` for any trace
    attribute) to read a log whose keys mean something else, or the preset of the tool whose
    keys and values the log keeps (``servicenow``: ``incident_state``, ``hold_reason``, ...).
    Errors name the XML line of the offending event. More than `max_bytes` of XML (after
    decompression) raises :class:`~podium.core.eventlog.limits.InputTooLargeError`.
    """
    path = Path(path)
    raw = _parse(path, progress, max_bytes)
    if raw.height == 0:
        raise EventLogError(f"{path.name}: the log holds no events")
    context = ReadContext(source=path.name, tz=tz, date_format=date_format, kind="xes")
    raw, chosen, tool = prepare_raw(
        raw, preset=preset, mapping=mapping, context=context, default=guess_xes_mapping
    )
    if tool is None and mapping is None and is_bpic2013(raw):
        tool = "bpic2013"
    log = to_event_log(raw, chosen, source=path.name, unit="line", tz=tz, date_format=date_format)
    return replace(log, preset=tool)

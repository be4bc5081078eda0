"""XES (IEEE 1849-2016) export, written trace by trace so memory does not grow with the log.

Canonical columns map to the standard extensions (concept:name, time:timestamp, org:group,
org:resource, lifecycle:transition); party and line have no standard key and are written as
plain ``party`` (string) and ``line`` (int) attributes. ``case:<key>`` attribute columns become
trace attributes, other attribute columns event strings: :func:`read_xes` reads all of it back.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

import polars as pl

from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import CANONICAL_SCHEMA, EventLog

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.6f+00:00"
BATCH_ROWS = 50_000
EVENT_KEYS = {
    "activity": "concept:name",
    "sub_status": "lifecycle:transition",
    "team": "org:group",
    "resource": "org:resource",
    "party": "party",
}
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<classifier name="Activity" keys="concept:name"/>
\t<classifier name="Resource" keys="org:resource"/>
"""


def _attribute(indent: str, kind: str, key: str, value: object) -> str:
    return f"{indent}<{kind} key={quoteattr(key)} value={quoteattr(str(value))}/>\n"


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    return path.open("w", encoding="utf-8", newline="\n")


def write_xes(log: EventLog, path: str | Path, *, progress: ProgressCallback | None = None) -> None:
    """Write the log as XES, gzipped when the name ends in ``.gz``; progress counts events."""
    path = Path(path)
    extras = [c for c in log.frame.columns if c not in CANONICAL_SCHEMA]
    trace_keys = [c for c in extras if c.startswith("case:")]
    event_keys = [c for c in extras if not c.startswith("case:")]
    total = log.frame.height
    done = 0
    current: str | None = None
    with _open_text(path) as out:
        out.write(HEADER)
        for batch in log.frame.iter_slices(BATCH_ROWS):
            batch = batch.with_columns(pl.col("timestamp").dt.strftime(TIME_FORMAT))
            for row in batch.iter_rows(named=True):
                if row["case_id"] != current:
                    if current is not None:
                        out.write("\t</trace>\n")
                    current = row["case_id"]
                    out.write(_trace_start(row, trace_keys))
                out.write(_event(row, event_keys))
            done += batch.height
            if progress is not None:
                progress(done, total)
        if current is not None:
            out.write("\t</trace>\n")
        out.write("</log>\n")


def _trace_start(row: dict[str, Any], trace_keys: list[str]) -> str:
    parts = ["\t<trace>\n", _attribute("\t\t", "string", "concept:name", row["case_id"])]
    for column in trace_keys:
        if row[column] is not None:
            parts.append(_attribute("\t\t", "string", column.removeprefix("case:"), row[column]))
    return "".join(parts)


def _event(row: dict[str, Any], event_keys: list[str]) -> str:
    parts = ["\t\t<event>\n", _attribute("\t\t\t", "date", "time:timestamp", row["timestamp"])]
    for column, key in EVENT_KEYS.items():
        if row[column] is not None:
            parts.append(_attribute("\t\t\t", "string", key, row[column]))
    if row["line"] is not None:
        parts.append(_attribute("\t\t\t", "int", "line", row["line"]))
    for column in event_keys:
        if row[column] is not None:
            parts.append(_attribute("\t\t\t", "string", column, row[column]))
    parts.append("\t\t</event>\n")
    return "".join(parts)

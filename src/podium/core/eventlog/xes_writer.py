"""XES (IEEE 1849-2016) export, written trace by trace so memory does not grow with the log.

Canonical columns map to the standard extensions (concept:name, time:timestamp, org:group,
org:resource, lifecycle:transition); party and line have no standard key and are written as
plain ``party`` (string) and ``line`` (int) attributes. ``case:<key>`` attribute columns become
trace attributes, other attribute columns event strings: :func:`read_xes` reads all of it back.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO

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


def _escape(text: pl.Expr) -> pl.Expr:
    """XML attribute escaping, vectorised; newlines and tabs as references so they survive."""
    for raw, entity in (
        ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
        ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"),
    ):  # fmt: skip
        text = text.str.replace_all(raw, entity, literal=True)
    return text


def _attribute(indent: str, kind: str, key: str, value: pl.Expr) -> pl.Expr:
    """One ``<kind key=".." value=".."/>`` line, or null (left out) when the value is null."""
    # imported here: saxutils pulls in urllib.request, http.client and ssl, which every
    # `podium analyze` would otherwise load without writing any XES
    from xml.sax.saxutils import quoteattr

    opening = f'{indent}<{kind} key={quoteattr(key)} value="'
    return pl.when(value.is_not_null()).then(
        pl.concat_str(pl.lit(opening), _escape(value.cast(pl.String)), pl.lit('"/>\n'))
    )


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "wt", compresslevel=5, encoding="utf-8", newline="\n")
    return path.open("w", encoding="utf-8", newline="\n")


def _row_xml(columns: list[str]) -> pl.Expr:
    """Each row's XML: trace close/open where the case changes, then the event itself."""
    extras = [c for c in columns if c not in CANONICAL_SCHEMA]
    trace_parts = [
        _attribute("\t\t", "string", c.removeprefix("case:"), pl.col(c))
        for c in extras
        if c.startswith("case:")
    ]
    event_parts = [
        _attribute(
            "\t\t\t", "date", "time:timestamp", pl.col("timestamp").dt.strftime(TIME_FORMAT)
        ),
        *(_attribute("\t\t\t", "string", key, pl.col(c)) for c, key in EVENT_KEYS.items()),
        _attribute("\t\t\t", "int", "line", pl.col("line")),
        *(
            _attribute("\t\t\t", "string", c, pl.col(c))
            for c in extras
            if not c.startswith("case:")
        ),
    ]
    trace_open = pl.when(pl.col("__new_case")).then(
        pl.concat_str(
            pl.when(pl.col("__close")).then(pl.lit("\t</trace>\n")),
            pl.lit("\t<trace>\n"),
            _attribute("\t\t", "string", "concept:name", pl.col("case_id")),
            *trace_parts,
            ignore_nulls=True,
        )
    )
    return pl.concat_str(
        trace_open,
        pl.lit("\t\t<event>\n"),
        *event_parts,
        pl.lit("\t\t</event>\n"),
        ignore_nulls=True,
    )


def write_xes(log: EventLog, path: str | Path, *, progress: ProgressCallback | None = None) -> None:
    """Write the log as XES, gzipped when the name ends in ``.gz``; progress counts events.

    The XML text is built by Polars a batch at a time (no Python loop per event) and streamed
    to the file, so memory stays at one batch whatever the log's size.
    """
    path = Path(path)
    frame = log.frame.with_columns(
        (pl.col("case_id") != pl.col("case_id").shift(1)).fill_null(True).alias("__new_case"),
        (pl.int_range(pl.len()) > 0).alias("__close"),
    )
    xml = _row_xml(log.frame.columns)
    total = frame.height
    done = 0
    with _open_text(path) as out:
        out.write(HEADER)
        for batch in frame.iter_slices(BATCH_ROWS):
            out.write(batch.select(xml.str.join("")).item())
            done += batch.height
            if progress is not None:
                progress(done, total)
        if total:
            out.write("\t</trace>\n")
        out.write("</log>\n")
